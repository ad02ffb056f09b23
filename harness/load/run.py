"""What the process that owns a load run keeps, and how it answers for a lock."""

from dataclasses import dataclass, field
from typing import Any

from harness.client import EmulatorAdmin
from harness.commands.provisioned import ProvisionedFleet
from harness.load.alerts import AlertTally
from harness.load.anchor import Anchor
from harness.load.pool import LockPool
from harness.load.probes import Probe

LOCKS = "locks"
PROBES = "probes"


@dataclass
class LoadRun:
    """What the owning process knows of the run: fleet, server, clock, pools."""

    fleet: ProvisionedFleet
    base_url: str
    admin: EmulatorAdmin | None
    options: Any
    anchor: Anchor | None = None
    pools: dict[str, LockPool] = field(default_factory=dict)
    stored_before: int | None = None
    start_ms: int = 0
    probes: list[Probe] = field(default_factory=list)
    probe_token: str | None = None
    alerts: AlertTally = field(default_factory=AlertTally)
    aborted: bool = False

    @property
    def fleet_size(self) -> int:
        """How many locks the fleet has."""
        return len(self.fleet.locks)


def answer(run: LoadRun | None, key: int, kind: str, holder: str) -> dict[str, Any]:
    """The owner's answer to a request: the lowest free lock, or why there is none."""
    reply: dict[str, Any] = {"key": key, "kind": kind, "lock": None}
    pool = run.pools.get(kind) if run is not None else None
    taken = pool.take(holder) if pool is not None else None
    if run is None or run.anchor is None or taken is None:
        reply["reason"] = _why_none(run, kind)
        return reply

    index, lock = taken
    reply |= {"index": index, "lock": lock, "anchor": run.anchor.to_dict()}
    return reply


def free(run: LoadRun | None, kind: str, index: int) -> None:
    """Put a lock back in the owner's pool."""
    if run is not None and kind in run.pools:
        run.pools[kind].give_back(index)


def _why_none(run: LoadRun | None, kind: str) -> str:
    if run is None or kind not in run.pools:
        return "the run has not started: no locks are handed out yet"
    size = len(run.pools[kind].locks)
    what = "fleet file" if kind == LOCKS else "probe set-up"
    return (
        f"all {size} {kind} of the {what} are taken; run at most {size} users of "
        "that kind, or provision a larger fleet"
    )
