"""Waiting for an outcome with a deadline, never with a bare sleep."""

import time
from collections.abc import Callable
from typing import TypeVar

Found = TypeVar("Found")

POLL_S = 0.05


def poll(probe: Callable[[], Found | None], deadline_s: float) -> Found | None:
    """The first result of `probe` that is not None, or None once the deadline passed.

    The probe always runs at least once, and once more at the deadline, so a
    zero-second deadline still looks.
    """
    end = time.monotonic() + deadline_s
    while True:
        found = probe()
        if found is not None:
            return found

        left = end - time.monotonic()
        if left <= 0:
            return None
        time.sleep(min(POLL_S, left))
