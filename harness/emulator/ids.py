"""Identifiers in the cloud's shapes: 32 lowercase hex characters."""

import random
import secrets

ID_LENGTH = 32

# IDs need to be unique, not secret: a generator seeded from the system's entropy is
# as unlikely to repeat as the system's own source, at a fraction of the cost per
# message. Tokens, which guard access, still come from `secrets`.
_ids = random.Random(secrets.randbits(128))


def new_id() -> str:
    """A fresh ID for a user, device, message or rule."""
    return f"{_ids.getrandbits(128):032x}"


def new_device_type_id() -> str:
    """A fresh device type ID: `dt` and 32 hex characters."""
    return "dt" + new_id()


def new_token() -> str:
    """A fresh access token."""
    return secrets.token_hex(ID_LENGTH // 2)


def is_id(text: str) -> bool:
    """Whether `text` has the shape of an ID."""
    return len(text) == ID_LENGTH and all(c in "0123456789abcdef" for c in text)
