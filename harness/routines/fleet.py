"""A fleet: many locks, each with a routine and a time zone, drawn from a seed."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from harness.routines.errors import RoutineArgumentError
from harness.routines.names import DOORS, STREETS
from harness.routines.routine import Routine
from harness.routines.stream import Seed


@dataclass(frozen=True)
class FleetLock:
    """One lock of a fleet: a unique name, its routine in its zone, its own seed."""

    name: str
    routine: Routine
    zone: str
    seed: str
    # For people reading a dashboard: "garage side door, 12 Linden Street".
    label: str


@dataclass(frozen=True)
class Fleet:
    """How many locks follow each routine, and how many sit in each time zone."""

    name: str
    size: int
    # (routine, how many locks follow it); the counts add up to `size`.
    routines: tuple[tuple[Routine, int], ...]
    # (zone, how many locks sit in it), adding up to `size`; empty when each
    # lock keeps its routine's own zone.
    zones: tuple[tuple[str, int], ...] = ()
    description: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if sum(count for _, count in self.routines) != self.size:
            raise RoutineArgumentError(
                f"fleet {self.name!r}: the routines' counts do not add up to its "
                f"{self.size} locks"
            )
        if self.zones and sum(count for _, count in self.zones) != self.size:
            raise RoutineArgumentError(
                f"fleet {self.name!r}: the zones' counts do not add up to its "
                f"{self.size} locks"
            )

    def routine_counts(self) -> dict[str, int]:
        """How many locks follow each routine, by routine name."""
        counts: dict[str, int] = {}
        for routine, count in self.routines:
            counts[routine.name] = counts.get(routine.name, 0) + count
        return counts

    def locks(self, seed: Seed) -> tuple[FleetLock, ...]:
        """The fleet's locks, the same for the same seed in every process."""
        rng = random.Random(f"{seed}:{self.name}")
        routines = [routine for routine, count in self.routines for _ in range(count)]
        rng.shuffle(routines)
        zones = [zone for zone, count in self.zones for _ in range(count)]
        rng.shuffle(zones)

        width = len(str(self.size))
        locks = []
        for number, routine in enumerate(routines, start=1):
            name = f"{self.name}-{number:0{width}d}"
            zone = zones[number - 1] if zones else routine.zone
            label = f"{rng.choice(DOORS)}, {rng.randint(1, 120)} {rng.choice(STREETS)}"
            locks.append(
                FleetLock(
                    name=name,
                    routine=routine.in_zone(zone),
                    zone=zone,
                    seed=f"{seed}:{name}",
                    label=label,
                )
            )

        return tuple(locks)


def apportion(total: int, shares: Sequence[Fraction]) -> list[int]:
    """Whole counts adding up to `total`, in proportion to shares adding up to 1.

    Each share gets its quota rounded down; the locks left over go to the largest
    remainders, and between equal remainders to the share listed first.
    """
    quotas = [total * share for share in shares]
    counts = [floor(quota) for quota in quotas]
    left = total - sum(counts)
    by_remainder = sorted(
        range(len(shares)), key=lambda index: (counts[index] - quotas[index], index)
    )
    for index in by_remainder[:left]:
        counts[index] += 1

    return counts
