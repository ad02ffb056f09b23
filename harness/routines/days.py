"""Days of the week as routines name them: `monday`, `weekdays`, `mon-fri`, ..."""

import re

from harness.model import WEEKDAYS
from harness.routines.source import did_you_mean

EVERY_DAY = frozenset(range(7))

# Every name of a day or a group of days, as the days (0 = Monday) it stands for.
DAY_NAMES: dict[str, frozenset[int]] = {
    **{name: frozenset({number}) for number, name in enumerate(WEEKDAYS)},
    **{name[:3]: frozenset({number}) for number, name in enumerate(WEEKDAYS)},
    "weekdays": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
    "every day": EVERY_DAY,
}

_SEPARATORS = re.compile(r"\s*(?:,|\band\b)\s*")
_RANGE = re.compile(r"\s*-\s*")

SPELLING = (
    "write a weekday such as monday or mon, a group (weekdays, weekend, "
    "every day), a range such as mon-fri, or a list such as mon, wed, fri"
)


def parse_days(text: str) -> frozenset[int]:
    """The weekdays (0 = Monday) a name, group, range or list of them stands for."""
    days: set[int] = set()
    for part in _SEPARATORS.split(text.strip().lower()):
        if not part:
            raise ValueError(f"{text!r} has an empty entry: {SPELLING}")
        days |= _part(part)

    return frozenset(days)


def parse_weekday(text: str) -> int:
    """One weekday, 0 (Monday) to 6 (Sunday), from its name."""
    days = _name(text.strip().lower())
    if len(days) != 1:
        raise ValueError(
            f"{text!r} names {len(days)} days, not one: write one weekday such as "
            "sunday"
        )

    return next(iter(days))


def days_text(days: frozenset[int]) -> str:
    """Weekdays as people say them: `weekdays`, `weekend`, `mon, wed, fri`."""
    for name in ("every day", "weekdays", "weekend"):
        if days == DAY_NAMES[name]:
            return name

    return ", ".join(WEEKDAYS[day] for day in sorted(days))


def _part(part: str) -> frozenset[int]:
    ends = _RANGE.split(part)
    if len(ends) == 1:
        return _name(part)

    if len(ends) != 2:
        raise ValueError(f"{part!r} is not a range of days: {SPELLING}")

    first, last = (parse_weekday(end) for end in ends)
    count = (last - first) % 7 + 1
    return frozenset((first + step) % 7 for step in range(count))


def _name(name: str) -> frozenset[int]:
    name = " ".join(name.split())
    if name in DAY_NAMES:
        return DAY_NAMES[name]

    # "mondays", "weekends": a plural names the same days.
    if name.endswith("s") and name[:-1] in DAY_NAMES:
        return DAY_NAMES[name[:-1]]

    raise ValueError(
        f"{name!r} is not a day{did_you_mean(name, list(DAY_NAMES))}: {SPELLING}"
    )
