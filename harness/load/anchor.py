"""Compressed time: the clock a load run shares with the emulator, at a speed factor.

An anchor says that at real epoch time `real_s` the run's clock read `now_ms`, and
that it moves `speed` times as fast as real time since. It is the emulator's clock
formula, so a lock stamping its events from the anchor and the emulator judging them
agree on the time; the master of a distributed run hands one anchor to every worker.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from harness.model import Value
from harness.routines import Routine, Seed, stream

MAX_SPEED = 1_000_000


@dataclass(frozen=True)
class Anchor:
    """A moment of the run's clock tied to a real moment, and the clock's speed."""

    real_s: float
    now_ms: int
    speed: float = 1.0

    def now(self, real_s: float | None = None) -> int:
        """The run's clock, in epoch ms, at real time `real_s` (default: now)."""
        real = time.time() if real_s is None else real_s
        return int(self.now_ms + (real - self.real_s) * 1000.0 * self.speed)

    def real_at(self, ts: int) -> float:
        """The real epoch time at which the run's clock reaches `ts`."""
        return self.real_s + (ts - self.now_ms) / 1000.0 / self.speed

    def to_dict(self) -> dict[str, float | int]:
        """Plain data, for a message from the master to its workers."""
        return {"real_s": self.real_s, "now_ms": self.now_ms, "speed": self.speed}

    @classmethod
    def from_dict(cls, data: dict[str, float | int]) -> "Anchor":
        """The anchor `to_dict` described."""
        return cls(float(data["real_s"]), int(data["now_ms"]), float(data["speed"]))


class LockSchedule:
    """A lock's routine events, each due when the run's clock reaches its `ts`."""

    def __init__(
        self, routine: Routine, seed: Seed, anchor: Anchor, start_ms: int | None = None
    ) -> None:
        self.anchor = anchor
        # From `start_ms`, by default the run's now; events before now are late,
        # and due at once.
        start = anchor.now() if start_ms is None else start_ms
        # A routine without events would make the endless stream search forever.
        self._events: Iterator[tuple[int, Value]] = (
            stream(routine, start, None, seed) if routine.has_events else iter(())
        )
        self._next: tuple[int, Value] | None = None
        self._due_s = float("inf")
        self._advance()

    def seconds_to_next(self) -> float:
        """Real seconds until the next event is due; 0 when it is due or late."""
        return max(self._due_s - time.time(), 0.0)

    def take(self) -> tuple[int, Value] | None:
        """The next event, `(ts, value)`, moving on to the one after it."""
        event = self._next
        self._advance()
        return event

    def take_due(self) -> tuple[int, Value] | None:
        """The next event if it is due by now, else None."""
        if self._due_s > time.time():
            return None
        return self.take()

    def _advance(self) -> None:
        self._next = next(self._events, None)
        if self._next is None:
            self._due_s = float("inf")
        else:
            self._due_s = self.anchor.real_at(self._next[0])


def weekday_at(before_ms: int, zone: str, weekday: int, at: clock_time) -> int:
    """The latest `weekday` (Monday is 0) at local time `at` before `before_ms`."""
    tz = ZoneInfo(zone)
    day: date = datetime.fromtimestamp(before_ms / 1000, tz).date()
    while True:
        moment = datetime.combine(day, at, tz)
        if day.weekday() == weekday and moment.timestamp() * 1000 < before_ms:
            return int(moment.timestamp() * 1000)
        day -= timedelta(days=1)
