"""The fleet handed out to simulated users: each lock to one user at a time.

A run has one pool per kind of lock (the fleet's locks, the alert probes), kept by
the process that owns the run: the master of a distributed run, or the single
process. Users ask it for a lock as they start and give it back as they stop, so a
lock is never simulated by two users at once, whichever worker they run on.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.commands.provisioned import ProvisionedFleet, read_fleet_file
from harness.load.errors import LoadError

logger = logging.getLogger(__name__)

Assignment = Mapping[str, Any]


@dataclass
class LockPool:
    """Locks of one kind, handed out lowest first, each to one holder at a time."""

    kind: str
    locks: Sequence[Assignment]
    _free: list[int] = field(default_factory=list)
    # Which holders (worker node IDs) each lock has been given to, in order.
    given_to: dict[int, list[str]] = field(default_factory=dict)
    refused: int = 0

    def __post_init__(self) -> None:
        self._free = list(range(len(self.locks)))

    def take(self, holder: str) -> tuple[int, Assignment] | None:
        """The lowest free lock and its index, now held by `holder`; None if none."""
        if not self._free:
            self.refused += 1
            return None

        self._free.sort()
        index = self._free.pop(0)
        self.given_to.setdefault(index, []).append(holder)
        return index, self.locks[index]

    def give_back(self, index: int) -> None:
        """Free a lock its holder no longer simulates."""
        # Not yet: a worker that dies never gives its locks back, because the
        # pool does not watch for missing workers; the master's heartbeats could
        # tell it to free every lock held by a worker that quit.
        if 0 <= index < len(self.locks) and index not in self._free:
            self._free.append(index)

    @property
    def held(self) -> int:
        """How many locks are out now."""
        return len(self.locks) - len(self._free)

    def names_by_holder(self) -> dict[str, list[str]]:
        """The names of the locks each holder was given, for the run's summary."""
        by_holder: dict[str, list[str]] = {}
        for index, holders in sorted(self.given_to.items()):
            for holder in holders:
                name = str(self.locks[index].get("name", index))
                by_holder.setdefault(holder, []).append(name)
        return by_holder


def read_fleet(path: str | Path) -> ProvisionedFleet:
    """The provisioned fleet a run simulates; an error naming what is wrong."""
    fleet = read_fleet_file(Path(path))
    if not fleet.locks:
        raise LoadError(f"{path}: the fleet file lists no locks; provision some")
    return fleet


def api_root(base_url: str) -> str:
    """The `/v1.1` API root under a server's base URL."""
    return base_url.rstrip("/") + "/v1.1"


def base_of(api_url: str) -> str:
    """A server's base URL from its API root (`http://host:port/v1.1`)."""
    url = api_url.rstrip("/")
    return url.removesuffix("/v1.1")
