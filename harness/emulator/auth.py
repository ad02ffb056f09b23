"""Bearer tokens: who is asking, and what their token lets them do."""

from starlette.requests import HTTPConnection

from harness.emulator.errors import ApiError, forbidden, unauthorized
from harness.emulator.records import Device, Token
from harness.emulator.registry import Registry

BEARER = "bearer"


def token_from_header(registry: Registry, header: str | None) -> Token:
    """The live token named by an `Authorization: Bearer <token>` header."""
    if not header:
        raise unauthorized(
            "missing Authorization header; send 'Authorization: Bearer <token>'"
        )
    scheme, _, text = header.strip().partition(" ")
    if scheme.lower() != BEARER:
        raise unauthorized(
            f"Authorization header {header[:40]!r} is not a bearer token; "
            "send 'Authorization: Bearer <token>'"
        )
    if not text.strip():
        # The official SDKs send a bare "Bearer " when no access token is set.
        raise unauthorized(
            "Authorization header 'Bearer' carries no token; "
            "send 'Authorization: Bearer <token>' (is the client's token set?)"
        )
    return token_from_text(registry, text.strip())


def token_from_text(registry: Registry, text: str) -> Token:
    """The live token `text`, or a 401 that says why it is not one."""
    token = registry.tokens.get(text)
    if token is None:
        raise unauthorized("invalid access token: no such token; check the token")
    if token.revoked_on is not None:
        if token.did is not None and token.did not in registry.devices:
            raise unauthorized(
                f"access token of device {token.did!r} is void: the device was "
                "deleted; create a device and a token for it"
            )
        raise unauthorized(
            "access token was revoked; ask for a new one with PUT /devices/{did}/tokens"
        )
    return token


def authenticate(registry: Registry, connection: HTTPConnection) -> Token:
    """The token of a request."""
    return token_from_header(registry, connection.headers.get("authorization"))


def user_token(registry: Registry, connection: HTTPConnection) -> Token:
    """The token of a request that needs a user token."""
    token = authenticate(registry, connection)
    if token.is_device:
        raise forbidden(
            "a device token cannot do this; use a user token "
            "(a device token only posts and reads its own device's messages)"
        )
    return token


def check_owner(token: Token, device: Device) -> None:
    """Refuse a token that neither owns `device` nor is the device's own token."""
    if token.is_device:
        if token.did != device.id:
            raise forbidden(
                f"this device token belongs to device {token.did!r}, "
                f"not to {device.id!r}"
            )
        return
    if token.uid != device.uid:
        raise forbidden(f"device {device.id!r} does not belong to this token's user")


def check_same_user(token: Token, uid: str) -> None:
    """Refuse a token asking about another user."""
    if token.uid != uid:
        raise ApiError(403, f"this token's user may not read user {uid!r}")
