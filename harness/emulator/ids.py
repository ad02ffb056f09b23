"""Identifiers in the cloud's shapes: 32 lowercase hex characters."""

import secrets

ID_LENGTH = 32


def new_id() -> str:
    """A fresh ID for a user, device, message or rule."""
    return secrets.token_hex(ID_LENGTH // 2)


def new_device_type_id() -> str:
    """A fresh device type ID: `dt` and 32 hex characters."""
    return "dt" + new_id()


def new_token() -> str:
    """A fresh access token."""
    return secrets.token_hex(ID_LENGTH // 2)


def is_id(text: str) -> bool:
    """Whether `text` has the shape of an ID."""
    return len(text) == ID_LENGTH and all(c in "0123456789abcdef" for c in text)
