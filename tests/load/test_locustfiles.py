"""The locustfiles run as Locust runs them: headless, distributed, with bad input.

Locust patches the process it runs in with gevent, so each run is a `locust`
subprocess with a deadline, never an import here.
"""

import csv
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from harness.load.smoke import LOCUSTFILES, provision

RUN_DEADLINE_S = 60
HTTP_TIMEOUT = (3.05, 30)
MANY_LOCKS = str(LOCUSTFILES / "many_locks.py")
FLEET_SIZE = 40


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorInfo]:
    """An emulator of this module's own, whose clock the runs speed up."""
    process = EmulatorProcess(db=":memory:")
    try:
        yield process.start()
    finally:
        process.close()


@pytest.fixture(scope="module")
def fleet_file(
    emulator: EmulatorInfo, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The city-block fleet, provisioned on the emulator."""
    path = tmp_path_factory.mktemp("fleet") / "city-block.json"
    provision(emulator, path)
    return path


def locust(*args: str) -> list[str]:
    return [sys.executable, "-m", "locust", "-f", MANY_LOCKS, *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stored(emulator: EmulatorInfo) -> int:
    answer = requests.get(f"{emulator.emulator_url}/counters", timeout=HTTP_TIMEOUT)
    return int(answer.json()["data"]["stored"])


def aggregated_requests(csv_prefix: Path) -> int:
    with open(f"{csv_prefix}_stats.csv", newline="") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    return int(rows["Aggregated"]["Request Count"])


def stamps_of(emulator: EmulatorInfo, lock: dict[str, Any], start: int) -> list[int]:
    answer = requests.get(
        f"{emulator.api_url}/messages",
        params={
            "sdid": lock["did"],
            "startDate": start,
            "endDate": 2**53,
            "count": 100,
        },
        headers={"Authorization": f"Bearer {lock['token']}"},
        timeout=HTTP_TIMEOUT,
    )
    answer.raise_for_status()
    return [message["ts"] for message in answer.json()["data"]]


def test_a_master_and_two_workers_split_the_fleet_and_the_counts_add_up(
    emulator: EmulatorInfo, fleet_file: Path, tmp_path: Path
) -> None:
    port = str(free_port())
    summary_path = tmp_path / "summary.json"
    before = stored(emulator)
    workers = [
        subprocess.Popen(
            locust("--worker", "--master-port", port),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        master = subprocess.run(
            locust(
                "--master",
                "--master-bind-port",
                port,
                "--expect-workers",
                "2",
                "--headless",
                "--users",
                str(FLEET_SIZE),
                "--spawn-rate",
                str(FLEET_SIZE),
                "--run-time",
                "3s",
                "--host",
                emulator.base_url,
                "--fleet-file",
                str(fleet_file),
                "--speed",
                "100000",
                "--summary-json",
                str(summary_path),
                "--csv",
                str(tmp_path / "run"),
            ),
            capture_output=True,
            text=True,
            timeout=RUN_DEADLINE_S,
        )
    finally:
        for worker in workers:
            try:
                worker.wait(RUN_DEADLINE_S)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    assert master.returncode == 0, master.stderr[-3000:]
    summary = json.loads(summary_path.read_text())
    by_worker = summary["locks_by_worker"]
    simulated = [name for names in by_worker.values() for name in names]
    assert len(by_worker) == 2, by_worker
    assert sorted(simulated) == sorted(set(simulated)), "a lock ran on two workers"
    assert len(simulated) == FLEET_SIZE

    requests_counted = aggregated_requests(tmp_path / "run")
    stored_delta = stored(emulator) - before
    assert summary["failures"] == 0
    assert summary["requests"] == requests_counted == summary["acknowledged"]
    assert requests_counted > FLEET_SIZE
    assert requests_counted <= stored_delta <= requests_counted + FLEET_SIZE

    # A lock simulated twice would post each of its routine's events twice.
    locks = json.loads(fleet_file.read_text())["locks"]
    for lock in locks[:10]:
        stamps = stamps_of(emulator, lock, summary["start_ms"])
        assert len(stamps) == len(set(stamps)), f"{lock['name']} posted twice"


def test_users_beyond_the_fleet_stop_and_fail_the_run(
    emulator: EmulatorInfo, fleet_file: Path
) -> None:
    run = subprocess.run(
        locust(
            "--headless",
            "--users",
            str(FLEET_SIZE + 2),
            "--spawn-rate",
            "100",
            "--run-time",
            "2s",
            "--fleet-file",
            str(fleet_file),
        ),
        capture_output=True,
        text=True,
        timeout=RUN_DEADLINE_S,
    )

    assert run.returncode == 1
    assert f"all {FLEET_SIZE} locks of the fleet file are taken" in run.stderr
    assert "2 users found no free lock" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--max-error-ratio", "2"), "'2' is not a ratio; give a number from 0 to 1"),
        (("--max-p99-ms", "fast"), "'fast' is not a number; give milliseconds"),
        (("--speed", "0"), "'0' is not a speed factor"),
        (("--fleet-file", "no-such.json"), "'no-such.json': no such fleet file"),
        ((), "--fleet-file (or HARNESS_FLEET_FILE) is missing"),
    ],
    ids=["ratio", "p99", "speed", "missing-file", "no-fleet-option"],
)
def test_bad_input_is_one_line_naming_the_value_and_what_is_allowed(
    fleet_file: Path, args: tuple[str, ...], message: str
) -> None:
    with_fleet = (
        () if "--fleet-file" in args or not args else ("--fleet-file", str(fleet_file))
    )
    run = subprocess.run(
        locust("--headless", "--run-time", "1s", *with_fleet, *args),
        capture_output=True,
        text=True,
        timeout=RUN_DEADLINE_S,
    )

    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
