"""Where routine and fleet files are found: named, or given as paths."""

# A name such as "office-hours" stands for office-hours.yaml in a scenarios folder;
# fleets live in that folder's fleets/ subfolder. The folders searched, in order:
# those listed in HARNESS_SCENARIOS (separated as PATH is), the scenarios/ folder
# of the repository this package sits in, and scenarios/ under the current
# directory.

import os
from collections.abc import Iterable
from pathlib import Path

from harness.routines.errors import ScenarioNotFoundError
from harness.routines.routine import Routine
from harness.routines.routine_file import load_routine
from harness.routines.source import did_you_mean

ENV_VAR = "HARNESS_SCENARIOS"
SUFFIXES = (".yaml", ".yml")
FLEETS = "fleets"

# harness/routines/scenarios.py -> the repository root, two folders up.
# Not yet: an installed wheel carries no scenarios/ folder, because the package
# data in pyproject.toml does not list it; outside a checkout, set
# HARNESS_SCENARIOS or run from a folder that holds scenarios/.
_REPOSITORY = Path(__file__).resolve().parents[2]


def scenario_dirs() -> list[Path]:
    """The scenarios folders that exist, in the order names are looked up."""
    listed = os.environ.get(ENV_VAR, "")
    candidates = [Path(part) for part in listed.split(os.pathsep) if part]
    candidates += [_REPOSITORY / "scenarios", Path.cwd() / "scenarios"]

    found: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in found:
            found.append(folder.resolve())

    return found


def routine_names(dirs: Iterable[Path] | None = None) -> list[str]:
    """The names of the routines in the scenarios folders, sorted."""
    return _names(scenario_dirs() if dirs is None else dirs)


def fleet_names() -> list[str]:
    """The names of the fleets in the scenarios folders, sorted."""
    return _names(folder / FLEETS for folder in scenario_dirs())


def routine_path(name_or_path: str | Path, near: Iterable[Path] = ()) -> Path:
    """The file of a routine: a path as given, or a name looked up in `near`
    first and then in the scenarios folders."""
    return _find("routine", name_or_path, [*near, *scenario_dirs()])


def fleet_path(name_or_path: str | Path) -> Path:
    """The file of a fleet: a path as given, or a name in a fleets folder."""
    return _find("fleet", name_or_path, [d / FLEETS for d in scenario_dirs()])


def find_routine(name_or_path: str | Path) -> Routine:
    """The routine of a name (office-hours) or of a path to a YAML file."""
    return load_routine(routine_path(name_or_path))


def _find(kind: str, wanted: str | Path, dirs: list[Path]) -> Path:
    text = str(wanted)
    if is_path(wanted):
        path = Path(wanted)
        if path.is_file():
            return path
        raise ScenarioNotFoundError(kind, text, "the file system")

    for folder in dirs:
        for suffix in SUFFIXES:
            path = folder / f"{text}{suffix}"
            if path.is_file():
                return path

    looked_in = ", ".join(str(folder) for folder in dirs) or "no scenarios folder"
    hint = did_you_mean(text, _names(dirs))
    raise ScenarioNotFoundError(kind, text, looked_in, hint)


def is_path(wanted: str | Path) -> bool:
    """Whether a routine or fleet is given as a path rather than a name."""
    if isinstance(wanted, Path):
        return True

    return wanted.endswith(SUFFIXES) or "/" in wanted or os.sep in wanted


def _names(dirs: Iterable[Path]) -> list[str]:
    names = {
        path.stem
        for folder in dirs
        if folder.is_dir()
        for path in folder.iterdir()
        if path.suffix in SUFFIXES and path.is_file()
    }
    return sorted(names)
