"""The results of the ingest benchmark: what each server did, and the report."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from machine import CpuUsage, Placement
from wrk import LoadResult

BASELINE = "baseline (do-nothing app)"
# The default emulator is what the target is about; --fsync is shown beside it.
DURABLE = "emulator"
FAST = "emulator (--fsync)"
# A server pinned to its own CPU gets most of it under load; less means other
# processes on that CPU, or the host, took the rest.
FAIR_CPU_SHARE = 0.6
FAIR_STEAL_SHARE = 0.1


@dataclass(frozen=True)
class Settings:
    """What one benchmark run does."""

    duration_s: int
    warmup_s: int
    connections: int
    wrk_threads: int
    rounds: int
    target: float
    placement: Placement | None


@dataclass(frozen=True)
class StoredCheck:
    """The emulator's stored count over a measured run, against wrk's 2xx count."""

    acknowledged: int
    stored: int
    connections: int

    @property
    def holds(self) -> bool:
        # A request in flight when wrk stops is stored but never counted by wrk:
        # at most one per connection.
        return self.acknowledged <= self.stored <= self.acknowledged + self.connections


@dataclass(frozen=True)
class RunReport:
    """One server under load: wrk's figures, the server's CPU, the stored check."""

    name: str
    load: LoadResult
    cpu: CpuUsage
    stored: StoredCheck | None = None

    @property
    def cpu_us_per_request(self) -> float:
        return self.cpu.process_s * 1e6 / max(self.load.requests, 1)

    @property
    def cpu_share(self) -> float:
        """How much of one CPU the server got while measured."""
        return self.cpu.process_s / self.cpu.wall_s


def report_lines(settings: Settings, runs: Sequence[RunReport]) -> list[str]:
    """The results as a table, the stored checks, the ratios and the verdict."""
    labels = [
        run.name if settings.rounds == 1 else f"{run.name} #{index // 3 + 1}"
        for index, run in enumerate(runs)
    ]
    return [
        *header_lines(settings),
        "",
        *table_lines(runs, labels),
        *contention_notes(runs, labels, settings.rounds),
        "",
        "stored check (GET /emulator/counters; acknowledged means stored):",
        *stored_lines(runs, labels),
        "",
        *verdict_lines(settings, runs),
    ]


def header_lines(settings: Settings) -> list[str]:
    placement = settings.placement
    where = (
        f"server on CPU {placement.server_cpu}, wrk on CPU {placement.wrk_cpu}"
        if placement
        else "not pinned"
    )
    return [
        f"ingest benchmark: {settings.connections} keep-alive connections, "
        f"{settings.duration_s} s per run after a {settings.warmup_s} s warm-up, "
        f"{settings.rounds} round(s)",
        f"{where}; wrk with {settings.wrk_threads} thread(s)",
    ]


def table_lines(runs: Sequence[RunReport], labels: Sequence[str]) -> list[str]:
    lines = [
        f"{'run':<28} {'2xx/s':>7} {'2xx':>8} {'non-2xx':>7} {'sockerr':>7} "
        f"{'p50 ms':>6} {'p90 ms':>6} {'p99 ms':>6} {'cpu us/req':>10} "
        f"{'cpu got':>7} {'steal':>5}"
    ]
    for label, run in zip(labels, runs, strict=True):
        load = run.load
        lines.append(
            f"{label:<28} {load.rate:>7.0f} {load.ok:>8} {load.status_errors:>7} "
            f"{load.socket_errors:>7} {load.p50_us / 1000:>6.1f} "
            f"{load.p90_us / 1000:>6.1f} {load.p99_us / 1000:>6.1f} "
            f"{run.cpu_us_per_request:>10.0f} {run.cpu_share:>7.0%} "
            f"{run.cpu.steal_share:>5.0%}"
        )
    return lines


def contention_notes(
    runs: Sequence[RunReport], labels: Sequence[str], rounds: int
) -> list[str]:
    """Warnings for runs whose server did not get its CPU: their rates understate it."""
    advice = "the best round counts" if rounds > 1 else "rerun with --rounds 3 or later"
    return [
        f"note: {label} got {run.cpu_share:.0%} of its CPU, {run.cpu.steal_share:.0%} "
        f"was stolen by the host: other work slowed it down; {advice}"
        for label, run in zip(labels, runs, strict=True)
        if run.cpu_share < FAIR_CPU_SHARE or run.cpu.steal_share > FAIR_STEAL_SHARE
    ]


def stored_lines(runs: Sequence[RunReport], labels: Sequence[str]) -> list[str]:
    lines = []
    for label, run in zip(labels, runs, strict=True):
        check = run.stored
        if check is None:
            continue
        verdict = "OK" if check.holds else "MISMATCH: acknowledged messages lost"
        lines.append(
            f"  {label}: wrk counted {check.acknowledged} 2xx, the emulator stored "
            f"{check.stored} ({check.stored - check.acknowledged} in flight at "
            f"wrk's cutoff): {verdict}"
        )
    return lines


def verdict_lines(settings: Settings, runs: Sequence[RunReport]) -> list[str]:
    """Each emulator's best rate over the baseline's best, and PASS or FAIL."""
    best = best_by_name(runs)
    baseline = best.pop(BASELINE)
    lines = [
        f"ratio {run.name} / baseline: {run.load.rate / baseline.load.rate:.2f} "
        f"in requests per second, "
        f"{baseline.cpu_us_per_request / run.cpu_us_per_request:.2f} "
        "in CPU time per request"
        for run in best.values()
    ]
    durable = best[DURABLE].load.rate / baseline.load.rate
    verdict = "PASS" if durable >= settings.target else "FAIL"
    lines.append(
        f"{verdict}: {DURABLE} / baseline is {durable:.2f}, "
        f"the target is >= {settings.target:.2f}"
    )
    return lines


def best_by_name(runs: Sequence[RunReport]) -> dict[str, RunReport]:
    """Each server's fastest round: neighbours on the host only ever slow a run."""
    best: dict[str, RunReport] = {}
    for run in runs:
        if run.name not in best or run.load.rate > best[run.name].load.rate:
            best[run.name] = run
    return best


def as_json(settings: Settings, runs: Sequence[RunReport]) -> dict[str, Any]:
    """The results for other tools: the settings, and every run's figures."""
    return {
        "settings": asdict(settings),
        "runs": [
            {
                **asdict(run),
                "rate": run.load.rate,
                "ok": run.load.ok,
                "cpu_us_per_request": run.cpu_us_per_request,
            }
            for run in runs
        ],
    }
