"""A client of the ARTIK cloud API v1.1, for the real cloud and the emulator alike.

`UserClient` acts with a user token, `DeviceClient` with a device token, and
`EmulatorAdmin` drives the emulator's own routes. Every call has a timeout; GETs
are retried on connection errors and 5xx, any call on 429 until the rate limit
resets. Refusals raise `ApiError` subclasses, failed connections `TransportError`.
"""

from harness.client.config import ClientConfig
from harness.client.device import DeviceClient
from harness.client.emulator import EmulatorAdmin
from harness.client.errors import (
    ApiError,
    BadRequest,
    ClientConfigError,
    ClientError,
    Forbidden,
    InvalidResponse,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
)
from harness.client.pages import Page
from harness.client.user import UserClient

__all__ = [
    "ApiError",
    "BadRequest",
    "ClientConfig",
    "ClientConfigError",
    "ClientError",
    "DeviceClient",
    "EmulatorAdmin",
    "Forbidden",
    "InvalidResponse",
    "NotFound",
    "Page",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "UserClient",
]
