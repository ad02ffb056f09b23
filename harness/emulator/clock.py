"""The emulator's one clock: real by default, or set, frozen, or sped up."""

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class ClockState:
    """What the clock reads and how it moves, as the clock routes report it."""

    now: int
    frozen: bool
    speed: float


class Clock:
    """Epoch-millisecond time that the emulator's routes can steer.

    The clock keeps an anchor: at real time `real_anchor` it read `anchor`; since then
    it has moved `speed` times as fast as real time, or not at all while frozen.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._real_anchor = time.time()
        self._anchor = self._real_anchor * 1000.0
        self._speed = 1.0
        self._frozen = False

    def now_ms(self) -> int:
        """The current time in epoch milliseconds."""
        return int(self._read(time.time()))

    def state(self) -> ClockState:
        """A snapshot of the clock for reports."""
        with self._lock:
            return ClockState(
                now=int(self._read(time.time())),
                frozen=self._frozen,
                speed=self._speed,
            )

    def set(self, now_ms: int) -> None:
        """Jump to `now_ms`; the clock goes on moving from there unless frozen."""
        with self._lock:
            self._real_anchor = time.time()
            self._anchor = float(now_ms)

    def advance(self, delta_ms: int) -> None:
        """Move the clock on by `delta_ms` (which may be negative)."""
        with self._lock:
            real = time.time()
            self._anchor = self._read(real) + delta_ms
            self._real_anchor = real

    def freeze(self, frozen: bool) -> None:
        """Stop the clock where it is, or let it run again from there."""
        with self._lock:
            real = time.time()
            self._anchor = self._read(real)
            self._real_anchor = real
            self._frozen = frozen

    def set_speed(self, speed: float) -> None:
        """Run at `speed` times real time from now on."""
        if not speed > 0:
            raise ValueError(f"speed must be a positive number, not {speed!r}")

        with self._lock:
            real = time.time()
            self._anchor = self._read(real)
            self._real_anchor = real
            self._speed = speed

    def reset(self) -> None:
        """Follow real time again at real speed."""
        with self._lock:
            self._real_anchor = time.time()
            self._anchor = self._real_anchor * 1000.0
            self._speed = 1.0
            self._frozen = False

    def _read(self, real: float) -> float:
        if self._frozen:
            return self._anchor
        return self._anchor + (real - self._real_anchor) * 1000.0 * self._speed
