"""The results of the ingest-with-rules benchmark: each phase, and the report."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ingest_report import (
    RunReport,
    Settings,
    as_json,
    best_by_name,
    contention_notes,
    stored_lines,
    table_lines,
)

WITHOUT_RULES = "without rules"
WITH_RULES = "anomaly rule per lock"


@dataclass(frozen=True)
class Fleet:
    """What the load is about: the locks, their history, and the frozen now."""

    locks: int
    owners: int
    routine: str
    days: int
    backfilled: int
    now: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Phase:
    """One measured phase of a round: wrk's figures, and what the rules did."""

    run: RunReport
    round: int
    rules_fired: int
    # Models that judge the load's message expected; None in a phase without rules.
    expected: int | None = None

    @property
    def label(self) -> str:
        return f"{self.run.name} #{self.round}"


@dataclass(frozen=True)
class Ratio:
    """With rules over without: rates, and CPU time per request (without / with)."""

    rate: float
    cpu: float


def report_lines(
    settings: Settings, fleet: Fleet, phases: Sequence[Phase]
) -> list[str]:
    """The results as a table, the stored checks, the rules, the ratio, the verdict."""
    runs = [phase.run for phase in phases]
    labels = [phase.label for phase in phases]
    return [
        *header_lines(settings, fleet),
        "",
        *table_lines(runs, labels),
        *contention_notes(runs, labels, settings.rounds),
        "",
        "stored check (GET /emulator/counters; acknowledged means stored):",
        *stored_lines(runs, labels),
        "",
        "rules (GET /emulator/counters, rulesFired over each measured run):",
        *rules_lines(fleet, phases),
        "",
        *verdict_lines(settings, phases),
    ]


def header_lines(settings: Settings, fleet: Fleet) -> list[str]:
    placement = settings.placement
    where = (
        f"emulator on CPU {placement.server_cpu}, wrk on CPU {placement.wrk_cpu}"
        if placement
        else "not pinned"
    )
    return [
        f"ingest with rules benchmark: {fleet.locks} locks of {fleet.owners} "
        f"user(s), each given {fleet.days} days of {fleet.routine}",
        f"  ({fleet.backfilled} messages) before {fleet.now}, where the emulator's "
        "clock is frozen",
        f"wrk: each lock in turn posts {values_text(fleet)} with its own token; "
        f"{settings.connections} keep-alive connections,",
        f"  {settings.duration_s} s per phase after a {settings.warmup_s} s warm-up, "
        f"{settings.rounds} round(s)",
        f"{where}; wrk with {settings.wrk_threads} thread(s)",
    ]


def values_text(fleet: Fleet) -> str:
    return " or ".join(repr(value) for value in fleet.values)


def rules_lines(fleet: Fleet, phases: Sequence[Phase]) -> list[str]:
    lines = []
    for phase in phases:
        if phase.expected is None:
            lines.append(f"  {phase.label}: no rules; fired {phase.rules_fired}")
            continue
        anomalous = fleet.locks - phase.expected
        outlook = (
            "none should fire"
            if anomalous == 0
            else f"the rules of {anomalous} lock(s) fire on each of their messages"
        )
        lines.append(
            f"  {phase.label}: {fleet.locks} rules fired {phase.rules_fired} times on "
            f"{phase.run.load.ok} messages; {phase.expected} of {fleet.locks} models "
            f"judge {values_text(fleet)} at the frozen now expected: {outlook}"
        )
    return lines


def verdict_lines(settings: Settings, phases: Sequence[Phase]) -> list[str]:
    """The rate with rules over the rate without, per round and best against best,
    and PASS or FAIL."""
    by_round: dict[int, dict[str, RunReport]] = {}
    for phase in phases:
        by_round.setdefault(phase.round, {})[phase.run.name] = phase.run
    lines = [
        f"round {number}: with / without rules is {ratio(runs).rate:.2f} in requests "
        f"per second, {ratio(runs).cpu:.2f} in CPU time per request"
        for number, runs in sorted(by_round.items())
        if settings.rounds > 1
    ]

    best = ratio(best_by_name([phase.run for phase in phases]))
    verdict = "PASS" if best.rate >= settings.target else "FAIL"
    lines += [
        f"ratio {WITH_RULES} / {WITHOUT_RULES}: {best.rate:.2f} in requests per "
        f"second, {best.cpu:.2f} in CPU time per request",
        f"{verdict}: with / without rules is {best.rate:.2f}, "
        f"the target is >= {settings.target:.2f}",
    ]
    return lines


def ratio(runs: dict[str, RunReport]) -> Ratio:
    without, with_rules = runs[WITHOUT_RULES], runs[WITH_RULES]
    return Ratio(
        rate=with_rules.load.rate / without.load.rate,
        cpu=without.cpu_us_per_request / with_rules.cpu_us_per_request,
    )


def rules_json(
    settings: Settings, fleet: Fleet, phases: Sequence[Phase]
) -> dict[str, Any]:
    """The results for other tools: ingest's figures, the fleet, the rules."""
    best = ratio(best_by_name([phase.run for phase in phases]))
    return {
        **as_json(settings, [phase.run for phase in phases]),
        "fleet": asdict(fleet),
        "phases": [
            {
                "name": phase.run.name,
                "round": phase.round,
                "rules_fired": phase.rules_fired,
                "expected_verdicts": phase.expected,
            }
            for phase in phases
        ],
        "ratio": asdict(best),
    }
