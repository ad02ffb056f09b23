"""Sensitivity and confidence, and the rule that makes a slot determinate."""

import difflib
from collections.abc import Sequence
from enum import StrEnum

from harness.model.errors import SensitivityError

Level = int | str

MAX_SENSITIVITY = 100


class Confidence(StrEnum):
    """The named confidence levels, each standing for one sensitivity."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def sensitivity(self) -> int:
        """The sensitivity this confidence level stands for."""
        return _SENSITIVITY_OF[self]


_SENSITIVITY_OF = {Confidence.HIGH: 10, Confidence.MEDIUM: 50, Confidence.LOW: 90}


def resolve_sensitivity(level: Level) -> int:
    """A sensitivity from 0 to 100, given as that integer or a confidence name."""
    if isinstance(level, bool):
        raise SensitivityError(level)

    if isinstance(level, int):
        if 0 <= level <= MAX_SENSITIVITY:
            return level
        raise SensitivityError(level)

    if isinstance(level, str):
        name = level.strip().lower()
        if name in _NAMES:
            return Confidence(name).sensitivity
        close = difflib.get_close_matches(name, _NAMES, n=1)
        raise SensitivityError(level, f" (did you mean {close[0]!r}?)" if close else "")

    raise SensitivityError(level)


_NAMES = [confidence.value for confidence in Confidence]


def expected_index(
    times: Sequence[int], days: int, sensitivity: int, min_days: int
) -> int | None:
    """The index of the value a slot expects at a sensitivity, or None if unknown."""
    if days < min_days or not times:
        return None

    known = sum(times)
    best = max(range(len(times)), key=times.__getitem__)
    held = times[best]

    # Integers only, so that no rounding decides a verdict:
    # p > 1/2 and p >= theta(s) = 1 - s / 200.
    if 2 * held > known and 200 * held >= (200 - sensitivity) * known:
        return best

    return None
