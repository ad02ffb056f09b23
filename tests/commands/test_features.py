"""`harness features`: the features run as a report a rule author reads."""

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

FEATURE = """\
Feature: The front door at night
  Background:
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history
    And an anomaly rule on "front door" at High confidence alerting "phone"

  Scenario: A night-time unlock raises an alert
    When "front door" reports "unlocked" on Tuesday at 03:00
    Then "phone" gets an anomaly alert within 5 seconds

  Scenario: A routine unlock wrongly expected to alert
    When "front door" reports "unlocked" on Tuesday at 09:07
    Then "phone" gets an anomaly alert within 0.3 seconds

  @clock
  Scenario: A known date
    Given it is Tuesday 2026-11-10 at 00:00 in "Europe/Berlin"
"""


def harness_features(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "features", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_the_report_lists_each_scenario_under_its_feature(tmp_path: Path) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "night.feature").write_text(dedent(FEATURE))

    done = harness_features(tmp_path)

    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    start = lines.index("Feature: The front door at night  (features/night.feature)")
    assert lines[start + 1 : start + 5] == [
        "  ok      A night-time unlock raises an alert",
        "  FAILED  A routine unlock wrongly expected to alert",
        '            failed at: Then "phone" gets an anomaly alert within 0.3 seconds',
        "  ok      A known date",
    ]
    assert "expected: 'phone' gets an alert within 0.3 s" in done.stdout
    assert "1 failed, 2 passed" in done.stdout


def test_a_cloud_run_names_the_skipped_scenarios_reason(tmp_path: Path) -> None:
    (tmp_path / "night.feature").write_text(dedent(FEATURE))

    done = harness_features(
        tmp_path,
        "night.feature",
        "-k",
        "known",
        "--target",
        "cloud",
        "--api-url",
        "http://127.0.0.1:9/v1.1",
        "--user-token",
        "unused",
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "  skipped A known date" in done.stdout
    assert "@clock: needs the emulator's clock" in done.stdout


def test_without_features_it_says_where_it_looked(tmp_path: Path) -> None:
    done = harness_features(tmp_path)

    assert done.returncode == 2
    assert "there is no features/ folder here" in done.stderr
