"""Provisioned fleet files: a fleet's locks with their devices and tokens, as JSON.

`harness provision` writes one; `harness history --fleet-file` and load tests
read it. The shape:

    {"api_url": "http://127.0.0.1:9000/v1.1", "fleet": "city-block", "seed": "1",
     "device_type": "dt...", "locks": [{"name": "city-block-01",
     "routine": "office-hours", "timezone": "Europe/Berlin",
     "seed": "1:city-block-01", "label": "...", "did": "...", "token": "..."}]}
"""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from harness.commands.edge import CommandError

LOCK_KEYS = ("name", "routine", "timezone", "seed", "did", "token")


@dataclass(frozen=True)
class ProvisionedLock:
    """One lock of a fleet, with the device that stands for it and its token."""

    name: str
    routine: str
    timezone: str
    seed: str
    did: str
    token: str
    label: str = ""


@dataclass(frozen=True)
class ProvisionedFleet:
    """A fleet's locks on one server."""

    api_url: str
    fleet: str
    seed: str
    device_type: str
    locks: tuple[ProvisionedLock, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, as the file holds it."""
        return {
            "api_url": self.api_url,
            "fleet": self.fleet,
            "seed": self.seed,
            "device_type": self.device_type,
            "locks": [asdict(lock) for lock in self.locks],
        }


def write_fleet_file(fleet: ProvisionedFleet, path: Path) -> None:
    """Write the file whole or not at all: a half-written one is never read."""
    text = json.dumps(fleet.to_dict(), indent=2) + "\n"
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def read_fleet_file(path: Path) -> ProvisionedFleet:
    """A provisioned fleet from its file; a one-line error naming what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(
            f"{path}: no such fleet file; write one with 'harness provision'"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise CommandError(f"{path}: not a JSON fleet file ({problem})") from None

    try:
        locks = tuple(_lock(entry) for entry in data["locks"])
        return ProvisionedFleet(
            api_url=str(data["api_url"]),
            fleet=str(data.get("fleet", "")),
            seed=str(data.get("seed", "")),
            device_type=str(data.get("device_type", "")),
            locks=locks,
        )
    except (KeyError, TypeError) as problem:
        raise CommandError(
            f"{path}: not a provisioned fleet file (missing or wrong {problem}): "
            "it needs api_url and locks, each with " + ", ".join(LOCK_KEYS)
        ) from None


def _lock(entry: dict[str, Any]) -> ProvisionedLock:
    values = {key: str(entry[key]) for key in LOCK_KEYS}
    return ProvisionedLock(**values, label=str(entry.get("label", "")))
