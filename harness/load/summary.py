"""A finished run's figures from Locust's statistics, and its summary files.

Plain Python: the statistics object is read through the attributes Locust gives it
(`entries`, `total`), so the module needs no Locust import.
"""

import csv
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from harness.commands.provisioned import ProvisionedLock
from harness.errors import HarnessError
from harness.load.alerts import AlertTally
from harness.load.checks import Check, RunFigures, exit_code
from harness.load.pool import api_root
from harness.load.run import LOCKS, PROBES, LoadRun
from harness.load.stored import counted_through_api, settled_stored

logger = logging.getLogger(__name__)

MESSAGES_PATH = "/v1.1/messages"
LOCK_KEYS = ("name", "routine", "timezone", "seed", "did", "token")
# Events are never stamped past the run's clock, but a probe's restoring event
# is stamped a minute of it ahead.
STAMP_SLACK_MS = 60_000


def figures_of(run: LoadRun, stats: Any, local_alerts: AlertTally | None) -> RunFigures:
    """What the run measured: requests, acknowledgements, stored messages, alerts."""
    acknowledged = sum(
        entry.num_requests - entry.num_failures
        for (name, method), entry in stats.entries.items()
        if method == "POST" and name.startswith(MESSAGES_PATH)
    )
    given = sum(
        len(holders)
        for pool in run.pools.values()
        for holders in pool.given_to.values()
    )
    stored, source = stored_during(run)

    alerts = None
    if local_alerts is not None:
        alerts = AlertTally()
        alerts.add(run.alerts)
        alerts.add(local_alerts)

    return RunFigures(
        requests=stats.total.num_requests,
        failures=stats.total.num_failures,
        p99_ms=stats.total.get_response_time_percentile(0.99) or 0.0,
        acknowledged=acknowledged,
        stored=stored,
        unanswered_bound=given + stats.total.num_failures,
        stored_source=source,
        users_without_lock=sum(pool.refused for pool in run.pools.values()),
        alerts=alerts,
    )


def stored_during(run: LoadRun) -> tuple[int | None, str]:
    """Messages stored since the run started, and how they were counted."""
    assert run.anchor is not None
    try:
        if run.admin is not None and run.stored_before is not None:
            stored = settled_stored(run.admin) - run.stored_before
            return stored, "the emulator's counters"

        locks = [
            ProvisionedLock(**{key: str(lock[key]) for key in LOCK_KEYS})
            for pool in run.pools.values()
            for index, lock in enumerate(pool.locks)
            if index in pool.given_to
        ]
        end = run.anchor.now() + STAMP_SLACK_MS
        counted = counted_through_api(api_root(run.base_url), locks, run.start_ms, end)
        return counted, "counted through the API"
    except HarnessError as error:
        logger.error("the stored messages could not be counted: %s", error)
        return None, "not counted"


def summary_of(
    run: LoadRun, figures: RunFigures, checks: list[Check]
) -> dict[str, Any]:
    """Everything the run's summary JSON holds."""
    return {
        "fleet": run.fleet.fleet,
        "server": run.base_url,
        "emulator": run.admin is not None,
        "speed": run.anchor.speed if run.anchor else None,
        "start_ms": run.start_ms,
        "requests": figures.requests,
        "failures": figures.failures,
        "p99_ms": figures.p99_ms,
        "acknowledged": figures.acknowledged,
        "stored": figures.stored,
        "stored_source": figures.stored_source,
        "alerts": figures.alerts.to_dict() if figures.alerts else None,
        "locks_by_worker": _by_holder(run, LOCKS),
        "probes_by_worker": _by_holder(run, PROBES),
        "checks": [asdict(check) for check in checks],
        "exit_code": exit_code(checks),
    }


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    """The summary as indented JSON."""
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def write_alerts_csv(path: Path, tally: AlertTally) -> None:
    """Time to alert as one CSV row beside Locust's own CSV files."""
    # Not yet in Locust's HTML report or web UI charts, because both show only
    # request statistics; a custom tab in the web UI would carry it.
    row = tally.to_dict()
    del row["times_ms"]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)


def _by_holder(run: LoadRun, kind: str) -> dict[str, list[str]]:
    pool = run.pools.get(kind)
    return pool.names_by_holder() if pool is not None else {}
