"""A count for each slot of a day, stored as the slots where the count changes."""

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress


@dataclass(frozen=True)
class SlotRuns:
    """Counts per slot as runs: from slot `starts[i]` on, the count is `levels[i]`."""

    # Slots before the first start count 0. Each level differs from the one before
    # it, so that equal counts always have equal runs and compare equal.
    starts: tuple[int, ...] = ()
    levels: tuple[int, ...] = ()

    @classmethod
    def from_changes(cls, changes: Sequence[int], slots: int) -> "SlotRuns":
        """Runs from the differences between each slot's count and the one before."""
        starts = tuple(compress(range(slots), changes))
        return cls(starts, tuple(accumulate(map(changes.__getitem__, starts))))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[int, int]]) -> "SlotRuns":
        """Runs from `(start, level)` pairs in slot order; repeated levels merge."""
        starts: list[int] = []
        levels: list[int] = []
        for start, level in pairs:
            if level != (levels[-1] if levels else 0):
                starts.append(start)
                levels.append(level)

        return cls(tuple(starts), tuple(levels))

    def at(self, slot: int) -> int:
        """The count of one slot."""
        run = bisect_right(self.starts, slot) - 1
        return self.levels[run] if run >= 0 else 0

    def per_slot(self, slots: int) -> tuple[int, ...]:
        """The count of every slot of a day of `slots` slots."""
        counts = [0] * (self.starts[0] if self.starts else slots)
        for start, end, level in self._runs(slots):
            counts += [level] * (end - start)

        return tuple(counts)

    def total(self, slots: int) -> int:
        """The sum of the counts of all slots of a day of `slots` slots."""
        return sum(level * (end - start) for start, end, level in self._runs(slots))

    def pairs(self) -> list[list[int]]:
        """The runs as `[start, level]` pairs, as they are stored."""
        return [
            [start, level]
            for start, level in zip(self.starts, self.levels, strict=True)
        ]

    def _runs(self, slots: int) -> Iterator[tuple[int, int, int]]:
        ends = (*self.starts[1:], slots) if self.starts else ()
        return zip(self.starts, ends, self.levels, strict=True)
