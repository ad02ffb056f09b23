"""How a command reaches its server: the API URL, the user, and a device's token."""

import argparse
from dataclasses import dataclass

from harness.client import DeviceClient, Forbidden, NotFound, UserClient
from harness.commands.edge import UsageError
from harness.commands.options import API_URL_ENV, DEVICE_TOKEN_ENV, USER_TOKEN_ENV


@dataclass(frozen=True)
class Server:
    """The API root of the emulator or the cloud, and the user token, if any."""

    api_url: str
    user_token: str | None = None

    def user(self) -> UserClient:
        """A client acting as the user; a usage error without a user token."""
        if not self.user_token:
            raise UsageError(
                f"this needs a user token: give --user-token or set {USER_TOKEN_ENV}"
            )
        return UserClient(self.api_url, self.user_token)


def server_from(args: argparse.Namespace, fallback_url: str | None = None) -> Server:
    """The server the options name; `fallback_url` if --api-url is left out."""
    api_url = args.api_url or fallback_url
    if not api_url:
        raise UsageError(
            f"which server? give --api-url (or set {API_URL_ENV}), such as "
            "http://127.0.0.1:9000/v1.1; 'harness emulator' starts a local one"
        )
    return Server(api_url.rstrip("/"), args.user_token)


def device_token(server: Server, did: str, given: str | None) -> str:
    """The device token given, else the device's own, read with the user token."""
    if given:
        return given

    if not server.user_token:
        raise UsageError(
            f"device {did!r} needs a token: give --device-token (or set "
            f"{DEVICE_TOKEN_ENV}), or --user-token to fetch it"
        )

    with server.user() as user:
        try:
            token = user.tokens.get(did)
        except NotFound:
            token = user.tokens.replace(did)
    return str(token["accessToken"])


def device_zone(server: Server, did: str, token: str) -> str | None:
    """The device's `timezone` property, if it has one and the token may read it."""
    with DeviceClient(server.api_url, did, token) as reader:
        try:
            device = reader.device()
        except Forbidden:
            return None

    zone = (device.get("properties") or {}).get("timezone")
    return str(zone) if zone else None
