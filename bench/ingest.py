"""Ingest benchmark: the emulator's POST /v1.1/messages against a do-nothing ASGI app.

Both servers run on the same stack (uvicorn with httptools and uvloop, one process)
and take the same message from wrk over keep-alive connections, one after the other:
the baseline first, then the emulator on a real SQLite file as it starts by default,
then the emulator with --fsync. The emulator's rate over the baseline's is the
figure of merit. Afterwards the emulator's counters must show every acknowledged
message stored.

Run from the repository root: `.venv/bin/python bench/ingest.py --help`; the README
beside this file says how to read the results.
"""

import argparse
import json
import logging
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from errors import BenchError
from ingest_report import (
    BASELINE,
    DURABLE,
    FAST,
    RunReport,
    Settings,
    StoredCheck,
    as_json,
    report_lines,
)
from machine import (
    CpuMeter,
    choose_placement,
    filesystem_type,
    pin_command,
    pin_process,
)
from noop_app import NoopAppProcess
from running import RUN_ERRORS, configure_logging
from wrk import Post, Wrk, require_wrk, write_script

from harness.emulator.launcher import EmulatorProcess

logger = logging.getLogger(__name__)

ENV_PREFIX = "BENCH_INGEST_"
HTTP_TIMEOUT_S = 10.0
SETTLE_DEADLINE_S = 10.0
SETTLE_PAUSE_S = 0.2
BENCH_USER_TOKEN = "bench" + "0" * 27
LOCK_TYPE = "cloud.artik.sample.virtual.lock"
PLACEHOLDER_ID = "0" * 32


# The runs.


def message_body(did: str) -> str:
    return json.dumps({"sdid": did, "data": {"state": "locked"}})


def wrk_for(settings: Settings) -> Wrk:
    placement = settings.placement
    return Wrk(
        prefix=tuple(pin_command(placement.wrk_cpu if placement else None)),
        threads=settings.wrk_threads,
        connections=settings.connections,
    )


def server_cpu(settings: Settings) -> int | None:
    return settings.placement.server_cpu if settings.placement else None


def bench_baseline(settings: Settings, workdir: Path) -> RunReport:
    """The do-nothing app's rate: the ceiling of this server stack on this machine."""
    logger.info("baseline: do-nothing ASGI app")
    wrk = wrk_for(settings)
    script = write_script(workdir, [Post(message_body(PLACEHOLDER_ID), PLACEHOLDER_ID)])

    with NoopAppProcess(server_cpu(settings)) as server:
        url = server.base_url + "/"
        if settings.warmup_s > 0:
            wrk.run(url, script, settings.warmup_s)
        meter = CpuMeter(server.pid, server_cpu(settings))
        load = wrk.run(url, script, settings.duration_s)
        cpu = meter.stop()
    return RunReport(BASELINE, load, cpu)


def bench_emulator(settings: Settings, workdir: Path, fsync: bool) -> RunReport:
    """The emulator's ingest rate on a fresh SQLite file, and the stored check."""
    name = FAST if fsync else DURABLE
    logger.info("%s: POST /v1.1/messages", name)
    wrk = wrk_for(settings)
    db = workdir / ("fsync.db" if fsync else "default.db")
    extra = ("--fsync",) if fsync else ()

    with EmulatorProcess(
        db=str(db), user_token=BENCH_USER_TOKEN, extra_args=extra
    ) as info:
        pin_process(info.pid, server_cpu(settings))
        if info.emulator_url is None:
            raise BenchError("the emulator's /emulator routes are off")
        did, token = create_lock(info.api_url, info.user_token)
        script = write_script(workdir, [Post(message_body(did), token)])
        url = f"{info.api_url}/messages"

        if settings.warmup_s > 0:
            wrk.run(url, script, settings.warmup_s)
        before = stored_count(info.emulator_url)
        meter = CpuMeter(info.pid, server_cpu(settings))
        load = wrk.run(url, script, settings.duration_s)
        cpu = meter.stop()
        stored = stored_count(info.emulator_url) - before

    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    return RunReport(name, load, cpu, StoredCheck(load.ok, stored, wrk.connections))


# Talking to the emulator.


def call(method: str, url: str, token: str | None = None, body: Any = None) -> Any:
    """One JSON request to the emulator; its decoded answer."""
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)

    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        raise BenchError(
            f"{method} {url} answered {error.code}: {error.read()[:300]!r}"
        ) from None


def create_lock(api_url: str, user_token: str) -> tuple[str, str]:
    """A new lock of the sample type, and its device token."""
    found = call("GET", f"{api_url}/devicetypes?name=lock", user_token)
    dtids = [
        device_type["id"]
        for device_type in found["data"]["deviceTypes"]
        if device_type["uniqueName"] == LOCK_TYPE
    ]
    if not dtids:
        raise BenchError(f"the emulator offers no device type {LOCK_TYPE!r}")

    device = call(
        "POST", f"{api_url}/devices", user_token, {"dtid": dtids[0], "name": "bench"}
    )
    did: str = device["data"]["id"]
    token = call("PUT", f"{api_url}/devices/{did}/tokens", user_token)
    return did, token["data"]["accessToken"]


def stored_count(emulator_url: str) -> int:
    """The emulator's count of stored messages, once it stops changing."""
    end = time.monotonic() + SETTLE_DEADLINE_S
    last = -1
    while True:
        stored: int = call("GET", f"{emulator_url}/counters")["data"]["stored"]
        if stored == last or time.monotonic() > end:
            return stored
        last = stored
        time.sleep(SETTLE_PAUSE_S)


def warn_if_volatile(workdir: Path) -> None:
    """Warn when fsync cannot cost anything: the database would live in memory."""
    kind = filesystem_type(workdir)
    if kind in ("tmpfs", "ramfs"):
        logger.warning(
            "%s is on %s, where fsync costs nothing; pass --workdir on a disk to "
            "measure durable storage",
            workdir,
            kind,
        )


# The command line.


def env_default(prefix: str, name: str, default: str) -> str:
    """An option's default: the environment variable `prefix + name`, else `default`."""
    return os.environ.get(prefix + name, default)


def build_parser() -> argparse.ArgumentParser:
    """The options, each defaulting to its BENCH_INGEST_* environment variable."""
    parser = argparse.ArgumentParser(
        prog="bench/ingest.py",
        description=(
            "Measure the emulator's POST /v1.1/messages rate against a do-nothing "
            "ASGI app on the same server stack, with wrk. Each option also reads "
            f"{ENV_PREFIX}<OPTION>, for example {ENV_PREFIX}DURATION=30."
        ),
    )
    add_load_options(parser, ENV_PREFIX, "0.5", "emulator / baseline rate to reach")
    return parser


def add_load_options(
    parser: argparse.ArgumentParser, prefix: str, target: str, target_text: str
) -> None:
    """The options of a benchmark with wrk, each defaulting to its `prefix`
    environment variable; `target` is the default of --target, `target_text` what
    it means."""
    numbers: list[tuple[str, type, str, str]] = [
        ("duration", int, "10", "seconds measured per run"),
        ("warmup", int, "2", "seconds of load before each measured run"),
        ("connections", int, "32", "keep-alive connections"),
        ("wrk-threads", int, "1", "wrk threads; wrk gets one CPU"),
        ("rounds", int, "1", "times to run every run; the best of each counts"),
        ("target", float, target, target_text),
    ]
    for name, kind, default, text in numbers:
        env = name.upper().replace("-", "_")
        parser.add_argument(
            f"--{name}",
            type=kind,
            default=kind(env_default(prefix, env, default)),
            help=f"{text} (default {default}; {prefix}{env})",
        )
    parser.add_argument(
        "--no-pin",
        action="store_true",
        default=env_default(prefix, "NO_PIN", "") not in ("", "0"),
        help=f"let the server and wrk share CPUs, unpinned ({prefix}NO_PIN=1)",
    )
    parser.add_argument(
        "--json",
        default=env_default(prefix, "JSON", "") or None,
        help=f"also write the results as JSON to this file ({prefix}JSON)",
    )
    parser.add_argument(
        "--workdir",
        default=env_default(prefix, "WORKDIR", "") or None,
        help=f"where the SQLite files go: the disk to measure ({prefix}WORKDIR)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every command")


def settings_from(args: argparse.Namespace) -> Settings:
    """The run's settings, checked."""
    if args.duration <= 0 or args.warmup < 0 or args.rounds < 1:
        raise BenchError(
            "--duration and --rounds must be positive, --warmup not negative"
        )
    if not 1 <= args.wrk_threads <= args.connections:
        raise BenchError("--wrk-threads must be from 1 to --connections")
    return Settings(
        duration_s=args.duration,
        warmup_s=args.warmup,
        connections=args.connections,
        wrk_threads=args.wrk_threads,
        rounds=args.rounds,
        target=args.target,
        placement=choose_placement(not args.no_pin),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the baseline and both emulator variants and print the results.

    Exit 0 whether or not the target is met, 1 if an acknowledged message was not
    stored, 2 if the benchmark could not run.
    """
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)

    try:
        require_wrk()
        settings = settings_from(args)
        runs: list[RunReport] = []
        with tempfile.TemporaryDirectory(
            prefix="bench-ingest-", dir=args.workdir
        ) as workdir:
            warn_if_volatile(Path(workdir))
            for _ in range(settings.rounds):
                runs.append(bench_baseline(settings, Path(workdir)))
                runs.append(bench_emulator(settings, Path(workdir), fsync=False))
                runs.append(bench_emulator(settings, Path(workdir), fsync=True))
    except RUN_ERRORS as error:
        print(f"bench/ingest.py: {error}", file=sys.stderr)
        return 2

    print("\n".join(report_lines(settings, runs)))
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(settings, runs), indent=2))
    lost = any(run.stored is not None and not run.stored.holds for run in runs)
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
