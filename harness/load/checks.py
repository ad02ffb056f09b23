"""End-of-run checks: stored messages, error ratio and p99 latency, each a verdict."""

from dataclasses import dataclass

from harness.load.alerts import AlertTally


@dataclass(frozen=True)
class Thresholds:
    """The limits a run must stay under, as given on the command line."""

    max_error_ratio: float = 0.01
    max_p99_ms: float = 2000.0
    max_missed_alerts: int = 0
    max_unexpected_alerts: int = 0


@dataclass(frozen=True)
class Check:
    """One end-of-run check: its name, whether it held, and what was seen."""

    name: str
    held: bool
    detail: str

    def line(self) -> str:
        """One line for the console: PASS or FAIL, the name and the figures."""
        return f"{'PASS' if self.held else 'FAIL'}  {self.name}: {self.detail}"


@dataclass(frozen=True)
class RunFigures:
    """What a run measured, as the checks need it."""

    requests: int
    failures: int
    p99_ms: float
    acknowledged: int
    # Messages the server stored during the run, or None where it cannot tell.
    stored: int | None
    # Messages that may be stored without an acknowledgement Locust counted:
    # those in flight when users stopped, and those whose answer failed.
    unanswered_bound: int
    stored_source: str = "the emulator's counters"
    users_without_lock: int = 0
    alerts: AlertTally | None = None


def run_checks(figures: RunFigures, limits: Thresholds) -> list[Check]:
    """Every check of a finished run, in a fixed order."""
    checks = [
        _stored(figures),
        _error_ratio(figures, limits),
        _p99(figures, limits),
    ]
    if figures.users_without_lock:
        checks.append(
            Check(
                "every user simulates a lock",
                False,
                f"{figures.users_without_lock} users found no free lock; run no "
                "more users than the fleet has locks",
            )
        )
    if figures.alerts is not None:
        checks += _alerts(figures.alerts, limits)
    return checks


def exit_code(checks: list[Check]) -> int:
    """0 when every check held, else 1."""
    return 0 if all(check.held for check in checks) else 1


def _stored(figures: RunFigures) -> Check:
    name = "every acknowledged message is stored"
    if figures.stored is None:
        return Check(name, True, "not checked: the server's counts are not readable")

    extra = figures.stored - figures.acknowledged
    seen = (
        f"{figures.acknowledged} acknowledged, {figures.stored} stored "
        f"({figures.stored_source})"
    )
    if extra < 0:
        return Check(name, False, f"{seen}: {-extra} acknowledged messages are lost")
    if extra > figures.unanswered_bound:
        return Check(
            name,
            False,
            f"{seen}: {extra} more than acknowledged, but at most "
            f"{figures.unanswered_bound} were unanswered; something else posted",
        )
    return Check(name, True, f"{seen}, {extra} of them unanswered at the stop")


def _error_ratio(figures: RunFigures, limits: Thresholds) -> Check:
    ratio = figures.failures / figures.requests if figures.requests else 0.0
    return Check(
        "error ratio",
        ratio <= limits.max_error_ratio,
        f"{ratio:.4f} ({figures.failures} of {figures.requests} requests failed), "
        f"limit {limits.max_error_ratio:g}",
    )


def _p99(figures: RunFigures, limits: Thresholds) -> Check:
    return Check(
        "p99 latency",
        figures.p99_ms <= limits.max_p99_ms,
        f"{figures.p99_ms:.0f} ms, limit {limits.max_p99_ms:g} ms",
    )


def _alerts(tally: AlertTally, limits: Thresholds) -> list[Check]:
    return [
        Check(
            "anomalies alerted",
            tally.missed <= limits.max_missed_alerts,
            f"{tally.missed} of {tally.anomalies} missed, limit "
            f"{limits.max_missed_alerts}",
        ),
        Check(
            "routine events quiet",
            tally.unexpected <= limits.max_unexpected_alerts,
            f"{tally.unexpected} of {tally.routine} alerted, limit "
            f"{limits.max_unexpected_alerts}",
        ),
    ]
