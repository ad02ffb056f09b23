"""Fleet files: YAML read into a `Fleet`, its routines found by name or path."""

import re
from fractions import Fraction
from pathlib import Path

from harness.routines.errors import (
    BadShareError,
    BadValueError,
    BadZoneError,
    MissingKeyError,
    ScenarioNotFoundError,
)
from harness.routines.fleet import Fleet, apportion
from harness.routines.routine import Routine
from harness.routines.routine_file import load_routine
from harness.routines.scenarios import FLEETS, fleet_path, is_path, routine_path
from harness.routines.source import Item, Section, read_file, read_text
from harness.routines.wallclock import load_zone

FLEET_KEYS = ("name", "description", "locks", "routines", "timezones")

_COUNT = re.compile(r"\d+")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")

SHARE_SPELLING = (
    "give every entry a count of locks (such as 24) or every entry a percentage "
    "(such as 60%)"
)

# One entry of `routines` or `timezones`: its key, its count or share as written,
# and the key's item for errors.
Entry = tuple[str, Fraction | int, Item]


def load_fleet(path: str | Path) -> Fleet:
    """The fleet of a YAML file; its routines resolve next to it first."""
    file = Path(path)
    return parse_fleet(read_file(file, "fleet"), file.resolve().parent)


def fleet_from_text(
    text: str, source: str = "<text>", folder: Path | None = None
) -> Fleet:
    """The fleet of YAML text; routines resolve as if the text were a file in
    `folder` (if given), then in the scenarios folders."""
    return parse_fleet(read_text(text, source, "fleet"), folder)


def find_fleet(name_or_path: str | Path) -> Fleet:
    """The fleet of a name (city-block) or of a path to a YAML file."""
    return load_fleet(fleet_path(name_or_path))


def parse_fleet(top: Item, folder: Path | None = None) -> Fleet:
    """A fleet from the top of a fleet file kept in `folder`."""
    section = top.section("the fleet", FLEET_KEYS, "name: city-block")
    name_item = section.need("name", "name: city-block")
    name = name_item.text("name", "city-block")
    if not name:
        name_item.fail(BadValueError, "name is empty: write a name such as city-block")

    routines_item = section.need(
        "routines", "routines: {office-hours: 60%, school-run: 40%}"
    )
    entries = _entries(routines_item, "routines")
    size = _size(section, entries)
    counts = _counts(size, entries, routines_item, "routines")
    routines = tuple(
        (_routine(key, name, folder), count)
        for (name, _, key), count in zip(entries, counts, strict=True)
    )
    zones = _zones(section.get("timezones"), size)

    return Fleet(
        name=name,
        size=size,
        routines=routines,
        zones=zones,
        description=_description(section),
        source=top.file,
    )


def _near(folder: Path | None) -> tuple[Path, ...]:
    # A fleet in scenarios/fleets/ names the routines of scenarios/.
    if folder is None:
        return ()

    return (folder.parent, folder) if folder.name == FLEETS else (folder,)


def _description(section: Section) -> str:
    item = section.get("description")
    if item is None or item.is_empty:
        return ""

    return item.text("description", "a line of text")


def _entries(item: Item, what: str) -> list[Entry]:
    example = "{office-hours: 60%, school-run: 40%}"
    if item.is_list:
        keys = item.items(what, example)
        return [
            (
                key.text(f"an entry of {what}", "office-hours"),
                Fraction(1, len(keys)),
                key,
            )
            for key in keys
        ]

    if not item.is_mapping:
        # One name alone: every lock.
        return [(item.text(what, "office-hours"), Fraction(1), item)]

    entries: list[Entry] = []
    for key, value in item.pairs(what, example):
        name = key.text(f"an entry of {what}", "office-hours")
        share = value.parse(f"the share of {name}", "60%", _share, BadShareError)
        entries.append((name, share, key))

    kinds = {type(share) for _, share, _ in entries}
    if len(kinds) > 1:
        item.fail(
            BadShareError, f"{what} mixes counts and percentages: {SHARE_SPELLING}"
        )

    return entries


def _share(text: str) -> Fraction | int:
    written = text.strip()
    if _COUNT.fullmatch(written):
        return int(written)

    match = _PERCENT.fullmatch(written)
    if match:
        return Fraction(match.group(1)) / 100

    raise ValueError(f"{text!r} is neither a count nor a percentage: {SHARE_SPELLING}")


def _size(section: Section, entries: list[Entry]) -> int:
    item = section.get("locks")
    counted = all(isinstance(share, int) for _, share, _ in entries)
    if item is None:
        if counted:
            return sum(int(share) for _, share, _ in entries)
        section.item.fail(
            MissingKeyError,
            "the fleet gives shares, not counts, and no 'locks': add locks: 100 "
            "(how many locks share them)",
        )

    size = item.parse("locks", "100", _whole, BadValueError)
    if size < 1:
        item.fail(BadValueError, "locks is 0: a fleet has at least one lock")

    return size


def _whole(text: str) -> int:
    if not _COUNT.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not a whole number: write a count such as 100")

    return int(text)


def _counts(size: int, entries: list[Entry], item: Item, what: str) -> list[int]:
    shares = [share for _, share, _ in entries]
    if all(isinstance(share, int) for share in shares):
        counts = [int(share) for share in shares]
        if sum(counts) != size:
            item.fail(
                BadShareError,
                f"the counts of {what} add up to {sum(counts)}, not to the "
                f"fleet's {size} locks: change a count or locks",
            )
        return counts

    fractions = [Fraction(share) for share in shares]
    total = sum(fractions)
    if total != 1:
        item.fail(
            BadShareError,
            f"the percentages of {what} add up to {float(total * 100):g}%, not "
            "100%: change one",
        )

    return apportion(size, fractions)


def _routine(key: Item, name: str, folder: Path | None) -> Routine:
    wanted: str | Path = name
    if folder is not None and is_path(name) and not Path(name).is_absolute():
        wanted = folder / name
    try:
        return load_routine(routine_path(wanted, _near(folder)))
    except ScenarioNotFoundError as missing:
        message = str(missing)

    key.fail(BadValueError, message)


def _zones(item: Item | None, size: int) -> tuple[tuple[str, int], ...]:
    if item is None or item.is_empty:
        return ()

    entries = _entries(item, "timezones")
    zones = [
        key.parse("the time zone", "Europe/Berlin", load_zone, BadZoneError).key
        for _, _, key in entries
    ]

    counts = _counts(size, entries, item, "timezones")
    return tuple(zip(zones, counts, strict=True))
