"""End-of-run checks and time-to-alert figures."""

import pytest

from harness.load.alerts import AlertTally
from harness.load.checks import RunFigures, Thresholds, exit_code, run_checks


def figures(**changes: object) -> RunFigures:
    values: dict[str, object] = {
        "requests": 1000,
        "failures": 0,
        "p99_ms": 40.0,
        "acknowledged": 1000,
        "stored": 1000,
        "unanswered_bound": 40,
    }
    values.update(changes)
    return RunFigures(**values)  # type: ignore[arg-type]


DEFAULT_LIMITS = Thresholds()


def held(figures: RunFigures, limits: Thresholds = DEFAULT_LIMITS) -> dict[str, bool]:
    return {check.name: check.held for check in run_checks(figures, limits)}


def test_a_clean_run_passes_every_check() -> None:
    checks = run_checks(figures(), Thresholds())

    assert all(check.held for check in checks)
    assert exit_code(checks) == 0


@pytest.mark.parametrize(
    ("stored", "holds"),
    [(999, False), (1000, True), (1040, True), (1041, False)],
    ids=["one-lost", "all-stored", "in-flight-at-stop", "more-than-in-flight"],
)
def test_every_acknowledged_message_must_be_stored(stored: int, holds: bool) -> None:
    assert held(figures(stored=stored))["every acknowledged message is stored"] is holds


def test_an_unreadable_store_is_not_a_failure() -> None:
    assert held(figures(stored=None))["every acknowledged message is stored"]


def test_error_ratio_and_p99_are_held_to_the_limits() -> None:
    limits = Thresholds(max_error_ratio=0.01, max_p99_ms=50)

    result = held(
        figures(failures=11, p99_ms=51.0, stored=989, acknowledged=989), limits
    )

    assert result["error ratio"] is False
    assert result["p99 latency"] is False


def test_users_without_a_lock_fail_the_run() -> None:
    checks = run_checks(figures(users_without_lock=3), Thresholds())

    assert exit_code(checks) == 1
    assert "3 users found no free lock" in checks[-1].line()


def test_missed_and_unexpected_alerts_are_held_to_their_limits() -> None:
    tally = AlertTally(anomalies=10, routine=10, missed=1, unexpected=0)

    result = held(figures(alerts=tally), Thresholds(max_missed_alerts=0))

    assert result["anomalies alerted"] is False
    assert result["routine events quiet"] is True


def test_alert_figures_add_up_across_workers() -> None:
    first = AlertTally(anomalies=2, routine=2, times_ms=[10.0, 30.0])
    second = AlertTally.from_dict(
        AlertTally(anomalies=1, missed=1, times_ms=[20.0]).to_dict()
    )

    first.add(second)

    assert (first.anomalies, first.missed, first.alerted) == (3, 1, 3)
    assert first.percentile(0.5) == 20.0
    assert first.percentile(1.0) == 30.0


def test_a_report_takes_the_figures_and_leaves_none() -> None:
    tally = AlertTally(anomalies=1, times_ms=[5.0])

    taken = tally.take()

    assert (taken.anomalies, taken.times_ms) == (1, [5.0])
    assert (tally.anomalies, tally.times_ms) == (0, [])
