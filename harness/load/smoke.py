"""A short smoke run of every locustfile: `python -m harness.load.smoke`.

It starts an emulator, provisions the city-block fleet on it, and runs each
locustfile headless for a few seconds; then many_locks again against an emulator
without its own routes, as against a cloud. Each run must exit 0 (its end-of-run
checks held) with a summary whose counts add up. The exit code is 0 when every run
held, 1 when one failed, 2 when the smoke run could not start.
"""

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from harness.errors import HarnessError

logger = logging.getLogger(__name__)

LOCUSTFILES = Path(__file__).resolve().parents[2] / "locustfiles"
RUN_DEADLINE_S = 90.0
PROVISION_DEADLINE_S = 60.0
FLEET = "city-block"
# 08:00 on a Tuesday in Berlin: against a cloud the run's clock starts in the
# past, so that its compressed time never passes the real now.
PAST_START_MS = 1_796_108_400_000
FAILED = 1
USAGE = 2
FLEET_USERS = ("--users", "40", "--spawn-rate", "40")
PROBE_USERS = ("--users", "42", "--spawn-rate", "42")
# Ten hours a second: a few seconds of run hold a day of the fleet's routines.
FAST = ("--speed", "36000")


@dataclass(frozen=True)
class SmokeRun:
    """One locustfile run: which file, with which options, on which server."""

    name: str
    locustfile: str
    options: tuple[str, ...]
    cloud: bool = False


RUNS = (
    SmokeRun("many locks", "many_locks.py", (*FLEET_USERS, *FAST, "--run-time", "3s")),
    SmokeRun(
        "rush hour",
        "rush_hour.py",
        ("--background-seconds", "1", "--wave-seconds", "1", "--hold-seconds", "1"),
    ),
    SmokeRun(
        "alerts under load",
        "alerts_under_load.py",
        (*PROBE_USERS, "--run-time", "4s", "--probe-every", "0.5"),
    ),
    SmokeRun(
        "many locks, public API only",
        "many_locks.py",
        (*FLEET_USERS, *FAST, "--run-time", "3s", "--start", str(PAST_START_MS)),
        cloud=True,
    ),
)


class SmokeError(HarnessError):
    """The smoke run could not start: no emulator, no fleet."""


def provision(info: EmulatorInfo, out: Path) -> None:
    """Provision the fleet on an emulator with the `harness provision` command."""
    command = [
        sys.executable,
        "-m",
        "harness",
        "provision",
        "--fleet",
        FLEET,
        "--seed",
        "1",
        "--out",
        str(out),
        "--api-url",
        info.api_url,
        "--user-token",
        info.user_token,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=PROVISION_DEADLINE_S
    )
    if done.returncode != 0:
        raise SmokeError(f"provisioning failed: {done.stderr.strip()}")


def run_locust(
    run: SmokeRun, info: EmulatorInfo, fleet_file: Path, workdir: Path
) -> tuple[bool, str]:
    """Run one locustfile headless; whether it held, and a line saying how."""
    summary = workdir / f"{run.locustfile}-{int(run.cloud)}.json"
    # Locust's own CSV files and HTML report, beside the harness's alert files.
    prefix = workdir / f"{run.locustfile}-{int(run.cloud)}"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILES / run.locustfile),
        "--headless",
        "--only-summary",
        "--host",
        info.base_url,
        "--fleet-file",
        str(fleet_file),
        "--summary-json",
        str(summary),
        "--csv",
        str(prefix),
        "--html",
        f"{prefix}.html",
        *run.options,
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=RUN_DEADLINE_S
        )
    except subprocess.TimeoutExpired:
        return False, f"{run.name}: still running after {RUN_DEADLINE_S:.0f} s"
    took = time.monotonic() - started

    if not summary.exists():
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        return False, f"{run.name}: exit code {done.returncode}, no summary:\n{tail}"
    figures = json.loads(summary.read_text())
    missing = _missing_reports(prefix, alerts=bool(figures.get("alerts")))
    if missing:
        return False, f"{run.name}: wrote no {', '.join(missing)}"
    return done.returncode == 0, f"{run.name}: {_describe(figures)} ({took:.1f} s)"


def _missing_reports(prefix: Path, alerts: bool) -> list[str]:
    wanted = [f"{prefix}_stats.csv", f"{prefix}.html"]
    if alerts:
        wanted += [f"{prefix}_alerts.csv", f"{prefix}_alerts.svg"]
    return [Path(name).name for name in wanted if not Path(name).exists()]


def _describe(figures: dict[str, Any]) -> str:
    failed = [check["name"] for check in figures["checks"] if not check["held"]]
    text = (
        f"{figures['requests']} requests, {figures['acknowledged']} acknowledged, "
        f"{figures['stored']} stored ({figures['stored_source']}), p99 "
        f"{figures['p99_ms']:.0f} ms"
    )
    if figures.get("alerts"):
        alerts = figures["alerts"]
        text += (
            f", {alerts['alerted']} of {alerts['anomalies']} anomalies alerted, "
            f"{alerts['missed']} missed, {alerts['unexpected']} unexpected"
        )
    if failed:
        text += "; failed: " + ", ".join(failed)
    return text


def smoke(runs: Sequence[SmokeRun]) -> int:
    """Every run on fresh emulators; the exit code."""
    if not LOCUSTFILES.is_dir():
        raise SmokeError(
            f"no locustfiles folder at {LOCUSTFILES}: run the smoke run from a "
            "checkout of the repository, installed with 'pip install -e .'"
        )
    held = True
    with tempfile.TemporaryDirectory(prefix="harness-smoke-") as folder:
        workdir = Path(folder)
        for cloud in (False, True):
            chosen = [run for run in runs if run.cloud == cloud]
            if not chosen:
                continue
            with EmulatorProcess(db=":memory:", admin=not cloud) as info:
                fleet_file = workdir / f"fleet-{int(cloud)}.json"
                provision(info, fleet_file)
                for run in chosen:
                    ok, line = run_locust(run, info, fleet_file, workdir)
                    held = held and ok
                    print(f"{'ok' if ok else 'FAIL':4}  {line}", flush=True)
    return 0 if held else FAILED


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: which runs, by name; all by default."""
    parser = argparse.ArgumentParser(
        prog="python -m harness.load.smoke",
        description="Run every locustfile for a few seconds against fresh "
        "emulators and check that their counts add up.",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted({run.locustfile for run in RUNS}),
        default=None,
        help="run only this locustfile (repeatable; env HARNESS_SMOKE_ONLY, "
        "comma-separated)",
    )
    args = parser.parse_args(argv)
    only = args.only or [
        name for name in os.environ.get("HARNESS_SMOKE_ONLY", "").split(",") if name
    ]
    runs = [run for run in RUNS if not only or run.locustfile in only]

    try:
        return smoke(runs)
    except (HarnessError, OSError, subprocess.SubprocessError) as error:
        print(f"harness smoke: {error}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
