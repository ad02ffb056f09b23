"""The errors a client raises: one base, the API's refusals, and transport failures."""

from typing import Any

from harness.errors import HarnessError


class ClientError(HarnessError):
    """Base of every error raised by the API client."""


class ClientConfigError(ClientError, ValueError):
    """A `ClientConfig` value is out of range; the message says what is allowed."""


class TransportError(ClientError):
    """No answer: refused, reset, or `timed_out` (sent, so maybe acted on)."""

    def __init__(
        self, method: str, url: str, reason: str, *, timed_out: bool = False
    ) -> None:
        super().__init__(f"{method} {url} got no answer: {reason}")
        self.method = method
        self.url = url
        self.reason = reason
        self.timed_out = timed_out


class InvalidResponse(ClientError):
    """The server answered, but not in the API's shape (e.g. HTML, not JSON)."""

    def __init__(
        self, method: str, url: str, status: int, problem: str, body: Any = None
    ) -> None:
        super().__init__(f"{method} {url} answered {status} {problem}")
        self.method = method
        self.url = url
        self.status = status
        self.problem = problem
        self.body = body


class ApiError(ClientError):
    """The API refused a request: its status and the server's own message."""

    hint = ""

    def __init__(
        self, method: str, url: str, status: int, message: str, body: Any
    ) -> None:
        text = f"{method} {url} answered {status}: {message}"
        if self.hint:
            text = f"{text} ({self.hint})"

        super().__init__(text)
        self.method = method
        self.url = url
        self.status = status
        self.message = message
        self.body = body


class BadRequest(ApiError):
    """400: the request is malformed or breaks the device type's manifest."""

    hint = "fix the request as the message says; nothing was stored"


class Unauthorized(ApiError):
    """401: the token is missing, unknown, expired or revoked."""

    hint = "check the token; a revoked device token must be replaced"


class Forbidden(ApiError):
    """403: the token is valid but may not do this."""

    hint = "a device token acts only for its own device; use a user token"


class NotFound(ApiError):
    """404: no such thing, or not visible to this token."""

    hint = "check the ID and that it belongs to this token's user"


class RateLimited(ApiError):
    """429: over a rate limit for longer than the client may wait."""

    hint = "slow down, or raise ClientConfig.max_rate_limit_wait"

    def __init__(
        self,
        method: str,
        url: str,
        status: int,
        message: str,
        body: Any,
        reset: float | None = None,
    ) -> None:
        super().__init__(method, url, status, message, body)
        self.reset = reset


class ServerError(ApiError):
    """5xx: the server failed; GETs were already retried."""

    hint = "the server failed, not the request; see its log"


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    429: RateLimited,
}


def error_class(status: int) -> type[ApiError]:
    """The error class for an HTTP status: specific where the API defines one."""
    if status >= 500:
        return ServerError

    return _BY_STATUS.get(status, ApiError)
