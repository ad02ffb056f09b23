"""Locust benchmark: the harness's lock user against a plain Locust fast-HTTP user.

Both post a lock's message to the same do-nothing ASGI app (`noop_app.py`). By
default the two Locust processes run at the same time, side by side on one CPU, so
that the scheduler gives each the same share of it, and the host's slow and fast
spells fall on both alike: the ratio of their rates is the ratio of what a request
costs each, measured in one window. `--mode turns` runs them one after the other
instead, each going first in every other round, each with the CPU to itself. The
lock user's rate over the plain user's, per process, is the figure of merit: the
median of the rounds' ratios (the target is 0.9). The run also reports the CPU the
generator and the server used, and warns when the generator was the bottleneck,
since its rate then measures Locust and not the server.

Run from the repository root: `.venv/bin/python bench/locust_user.py --help`; the
README beside this file says how to read the results.
"""

import argparse
import csv
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from errors import BenchError
from machine import CpuMeter, CpuUsage, Placement, choose_placement, pin_command
from noop_app import NoopAppProcess

logger = logging.getLogger(__name__)

ENV_PREFIX = "BENCH_LOCUST_USER_"
LOCUSTFILE = Path(__file__).resolve().with_name("locust_pair.py")
PLAIN = "PlainPoster"
LOCK = "RoutineLock"
LABELS = {PLAIN: "plain fast-HTTP user", LOCK: "lock user"}
# A generator above this share of its CPU was the bottleneck of its run.
BUSY_SHARE = 0.9
# Above this share of stolen CPU in any run, the report says the rates are noisy.
STEAL_NOTE = 0.1
STOP_GRACE_S = 30.0


@dataclass(frozen=True)
class Settings:
    """How long, with how many users, how often, and where each process runs."""

    duration_s: float
    warmup_s: float
    users: int
    rounds: int
    target: float
    placement: Placement | None
    together: bool = True


@dataclass(frozen=True)
class Phase:
    """One Locust process's run: its rate, latencies and the CPU both sides used."""

    user: str
    round: int
    requests: int
    failures: int
    rate: float
    p50_ms: float
    p99_ms: float
    generator: CpuUsage
    server: CpuUsage

    @property
    def generator_share(self) -> float:
        """The share of one CPU the generator used."""
        return self.generator.process_s / self.generator.wall_s

    @property
    def generator_us(self) -> float:
        """The generator's CPU time per request, in microseconds."""
        measured = self.rate * self.generator.wall_s
        return self.generator.process_s / measured * 1e6 if measured else 0.0

    @property
    def server_share(self) -> float:
        """The share of one CPU the server used."""
        return self.server.process_s / self.server.wall_s


def locust_command(
    settings: Settings, user: str, prefix: Path, app: NoopAppProcess, users: int
) -> list[str]:
    """One headless Locust process running one user class against the app."""
    generator_cpu = settings.placement.wrk_cpu if settings.placement else None
    run_time = settings.warmup_s + settings.duration_s
    return [
        *pin_command(generator_cpu),
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        user,
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{run_time:.0f}s",
        "--reset-stats",
        "--host",
        app.base_url,
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
    ]


def run_phases(
    settings: Settings,
    users: Sequence[str],
    number: int,
    app: NoopAppProcess,
    workdir: Path,
) -> list[Phase]:
    """Locust processes started together, warmed up, measured and read back."""
    generator_cpu = settings.placement.wrk_cpu if settings.placement else None
    server_cpu = settings.placement.server_cpu if settings.placement else None
    # Side by side, each process has half the users, so the app sees as many.
    per_process = max(settings.users // len(users), 1)
    prefixes = [workdir / f"{user}-{number}" for user in users]
    processes = [
        subprocess.Popen(
            locust_command(settings, user, prefix, app, per_process),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for user, prefix in zip(users, prefixes, strict=True)
    ]
    time.sleep(settings.warmup_s)
    generators = [CpuMeter(process.pid, generator_cpu) for process in processes]
    server = CpuMeter(app.pid, server_cpu)
    time.sleep(settings.duration_s - 0.5)
    generator_uses = [meter.stop() for meter in generators]
    server_use = server.stop()

    run_time = settings.warmup_s + settings.duration_s
    phases = []
    for user, prefix, process, used in zip(
        users, prefixes, processes, generator_uses, strict=True
    ):
        try:
            _, errors = process.communicate(timeout=STOP_GRACE_S + run_time)
        except subprocess.TimeoutExpired:
            process.kill()
            raise BenchError(f"locust did not stop: {process.args}") from None
        if not Path(f"{prefix}_stats.csv").exists():
            raise BenchError(f"locust wrote no statistics: {errors.decode()[-2000:]}")
        phases.append(_phase_from_csv(prefix, user, number, used, server_use))
    return phases


def _phase_from_csv(
    prefix: Path, user: str, number: int, generator: CpuUsage, server: CpuUsage
) -> Phase:
    with open(f"{prefix}_stats.csv", newline="") as file:
        total = next(row for row in csv.DictReader(file) if row["Name"] == "Aggregated")
    return Phase(
        user=user,
        round=number,
        requests=int(total["Request Count"]),
        failures=int(total["Failure Count"]),
        rate=float(total["Requests/s"]),
        p50_ms=float(total["50%"]),
        p99_ms=float(total["99%"]),
        generator=generator,
        server=server,
    )


def report_lines(phases: Sequence[Phase], settings: Settings) -> list[str]:
    """The table, the ratio with PASS or FAIL, and notes on the bottleneck."""
    lines = [
        f"{'run':26} {'req/s':>7} {'requests':>9} {'fails':>6} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'gen us/req':>10} {'gen cpu':>7} {'server cpu':>10} "
        f"{'steal':>6}"
    ]
    for phase in phases:
        steal = max(phase.generator.steal_share, phase.server.steal_share)
        lines.append(
            f"{LABELS[phase.user] + ' #' + str(phase.round):26} {phase.rate:7.0f} "
            f"{phase.requests:9d} {phase.failures:6d} {phase.p50_ms:7.0f} "
            f"{phase.p99_ms:7.0f} {phase.generator_us:10.0f} "
            f"{phase.generator_share:7.0%} {phase.server_share:10.0%} {steal:6.0%}"
        )

    rounds = sorted({phase.round for phase in phases})
    rate_ratios, cpu_ratios = paired_ratios(phases)
    rate = statistics.median(rate_ratios)
    cpu = statistics.median(cpu_ratios)
    pairs = zip(rate_ratios, cpu_ratios, strict=True)
    for number, (by_rate, by_cpu) in enumerate(pairs, 1):
        lines.append(
            f"round {number}: lock user / plain user {by_rate:.2f} in requests per "
            f"second, {by_cpu:.2f} in the generator's CPU time per request"
        )
    verdict = "PASS" if rate >= settings.target else "FAIL"
    lines.append(
        f"ratio lock user / plain user: {rate:.2f} in requests per second per "
        f"process, {cpu:.2f} in the generator's CPU time per request (median of "
        f"{len(rate_ratios)} rounds)"
    )
    lines.append(f"{verdict}: the target is >= {settings.target:.2f}")

    stolen = max(
        max(phase.generator.steal_share, phase.server.steal_share) for phase in phases
    )
    if stolen > STEAL_NOTE:
        lines.append(
            f"NOTE: the host took up to {stolen:.0%} of a CPU from a run (steal): "
            "rates then vary between runs by more than the users differ; add "
            "--rounds, and trust the CPU time per request over the rates."
        )
    # Side by side, the two processes share the generator's CPU: a run is a round.
    runs = (
        [[phase for phase in phases if phase.round == number] for number in rounds]
        if settings.together
        else [[phase] for phase in phases]
    )
    busy = [
        run
        for run in runs
        if sum(phase.generator_share for phase in run) >= BUSY_SHARE
        and run[0].server_share < BUSY_SHARE
    ]
    if busy:
        lines.append(
            f"WARNING: the generator was the bottleneck in {len(busy)} of "
            f"{len(runs)} runs: Locust used {BUSY_SHARE:.0%} or more of its CPU "
            "while the server used less, so the rates are Locust's ceiling on one "
            "process, not the server's. Against a real server, add Locust processes "
            "(--processes, or workers) until the server is busy."
        )
    return lines


def paired_ratios(phases: Sequence[Phase]) -> tuple[list[float], list[float]]:
    """Per round, the lock user's rate and CPU time per request over the plain's."""
    # Each pair ran back to back, so the host's slow and fast spells touch both.
    rates, cpus = [], []
    for number in sorted({phase.round for phase in phases}):
        pair = {phase.user: phase for phase in phases if phase.round == number}
        plain, lock = pair[PLAIN], pair[LOCK]
        rates.append(lock.rate / plain.rate if plain.rate else 0.0)
        cpus.append(
            plain.generator_us / lock.generator_us if lock.generator_us else 0.0
        )
    return rates, cpus


def bench(settings: Settings) -> list[Phase]:
    """Every round: the plain user and the lock user, against one app."""
    phases: list[Phase] = []
    server_cpu = settings.placement.server_cpu if settings.placement else None
    with (
        tempfile.TemporaryDirectory(prefix="bench-locust-") as folder,
        NoopAppProcess(server_cpu) as app,
    ):
        for number in range(1, settings.rounds + 1):
            # Each user goes first in every other round, so that neither always
            # meets the app just after the other's connections closed.
            order = (PLAIN, LOCK) if number % 2 else (LOCK, PLAIN)
            if settings.together:
                logger.info("round %d: both users side by side", number)
                phases += run_phases(settings, order, number, app, Path(folder))
                continue
            for user in order:
                logger.info("round %d: %s", number, LABELS[user])
                phases += run_phases(settings, [user], number, app, Path(folder))
    return phases


def env_default(name: str, default: str) -> str:
    """An option's default: its BENCH_LOCUST_USER_* variable, else `default`."""
    return os.environ.get(ENV_PREFIX + name, default)


def build_parser() -> argparse.ArgumentParser:
    """The options, each defaulting to its environment variable."""
    parser = argparse.ArgumentParser(
        prog="bench/locust_user.py",
        description="The harness's Locust lock user against a plain fast-HTTP user, "
        "both posting to a do-nothing app: requests per second per process.",
    )
    for flag, kind, default, text in (
        ("--duration", float, "5", "seconds measured per run"),
        ("--warmup", float, "2", "seconds before measuring"),
        ("--users", int, "32", "simulated users per run"),
        ("--rounds", int, "5", "rounds of both runs; the median ratio counts"),
        ("--target", float, "0.9", "the lowest passing ratio"),
    ):
        env = flag.removeprefix("--").upper()
        parser.add_argument(
            flag,
            type=kind,
            default=kind(env_default(env, default)),
            help=f"{text} (default {default}; {ENV_PREFIX}{env})",
        )
    parser.add_argument(
        "--mode",
        choices=("together", "turns"),
        default=env_default("MODE", "together"),
        help="together: both Locust processes at once on one CPU (the default); "
        f"turns: one after the other ({ENV_PREFIX}MODE)",
    )
    parser.add_argument(
        "--no-pin",
        action="store_true",
        default=env_default("NO_PIN", "") not in ("", "0"),
        help="do not pin the server and Locust to CPUs of their own "
        f"({ENV_PREFIX}NO_PIN)",
    )
    parser.add_argument(
        "--json",
        default=env_default("JSON", "") or None,
        help=f"also write every figure to this JSON file ({ENV_PREFIX}JSON)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 when it ran (whatever the ratio), 2 when it could not."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = build_parser().parse_args(argv)
    if args.duration <= 1 or args.warmup < 0 or args.users < 1 or args.rounds < 1:
        print(
            "bench/locust_user.py: --duration must be above 1 s, --warmup 0 or more, "
            "--users and --rounds 1 or more",
            file=sys.stderr,
        )
        return 2
    settings = Settings(
        duration_s=args.duration,
        warmup_s=args.warmup,
        users=args.users,
        rounds=args.rounds,
        target=args.target,
        placement=choose_placement(not args.no_pin),
        together=args.mode == "together",
    )

    try:
        phases = bench(settings)
    except (BenchError, OSError) as error:
        print(f"bench/locust_user.py: {error}", file=sys.stderr)
        return 2

    print("\n".join(report_lines(phases, settings)))
    if args.json:
        Path(args.json).write_text(
            json.dumps([asdict(phase) for phase in phases], indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
