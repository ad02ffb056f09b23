"""Accepting one message or action: checked, counted, rate-limited, stored."""

from typing import Any

from harness.emulator.core import Emulator
from harness.emulator.errors import ApiError
from harness.emulator.ingest import build_row
from harness.emulator.records import Token
from harness.emulator.store import MessageRow


async def accept(
    emulator: Emulator, token: Token, body: Any, force_type: str | None = None
) -> tuple[MessageRow, dict[str, str] | None]:
    """Store a posted message once it passes; the row and any rate-limit headers.

    Every call counts as received, and as rejected if it raises: nothing of a refused
    message is stored.
    """
    counters = emulator.counters
    counters.received += 1
    try:
        row = build_row(
            emulator.registry,
            emulator.config,
            token,
            body,
            emulator.clock.now_ms(),
            emulator.store.next_seq(),
            force_type,
        )
        headers = None
        if emulator.limiter.enabled:
            headers = emulator.limiter.take(row.did, row.uid)
        await emulator.store.append((row,))
    except ApiError:
        counters.rejected += 1
        raise
    return row, headers


def count_refusal(emulator: Emulator) -> None:
    """Count a message refused before it could be read (bad auth, bad JSON)."""
    emulator.counters.received += 1
    emulator.counters.rejected += 1
