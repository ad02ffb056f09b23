"""The pytest plugin, run on small features in a temporary project with pytester."""

import json
from collections.abc import Iterator
from textwrap import dedent

import pytest
import requests

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess

BACKGROUND = """\
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history
    And an anomaly rule on "front door" at High confidence alerting "phone"
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in-process on the temporary project (the harness is imported already)."""
    return pytester.runpytest("-W", "ignore::pytest.PytestAssertRewriteWarning", *args)


def feature(pytester: pytest.Pytester, name: str, body: str) -> None:
    pytester.makefile(".feature", **{name: dedent(body)})


@pytest.fixture(scope="module")
def cloud() -> Iterator[EmulatorInfo]:
    """A server with the emulator-only routes off: a cloud, as far as steps can tell."""
    process = EmulatorProcess(db=":memory:", admin=False)
    try:
        yield process.start()
    finally:
        process.close()


def cloud_options(cloud: EmulatorInfo) -> list[str]:
    return ["--target", "cloud", "--api-url", cloud.api_url, "--user-token",
            cloud.user_token]  # fmt: skip


def test_a_feature_file_runs_with_no_python_written(pytester: pytest.Pytester) -> None:
    feature(
        pytester,
        "night",
        f"""\
        Feature: The front door at night
          Background:
        {BACKGROUND}
          Scenario: A night-time unlock raises an alert
            When "front door" reports "unlocked" on Tuesday at 03:00
            Then "phone" gets an anomaly alert within 5 seconds

          Scenario: The morning's arrivals stay quiet
            When "front door" reports "unlocked" on Tuesday at 09:07
            Then "phone" gets no alert within 0.3 seconds
        """,
    )

    result = run(pytester)

    result.assert_outcomes(passed=2)


def test_a_failing_then_shows_what_was_expected_and_the_models_view(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "wrong",
        f"""\
        Feature: A rule author's mistake
          Scenario: The morning's arrivals thought unusual
        {BACKGROUND}
            When "front door" reports "unlocked" on Tuesday at 09:07
            Then "phone" gets an anomaly alert within 0.5 seconds
        """,
    )

    result = run(pytester)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected: 'phone' gets an alert within 0.5 s",
            "*observed: no alert for 'front door' reporting 'unlocked' on Tuesday "
            "2026-11-24 09:07 CET",
            "*the event is expected; it expects 'unlocked' there",
            "*slot workdays 09:05-09:10: unlocked 100% over * days*",
        ]
    )


def test_an_alert_where_quiet_was_expected_names_the_alert(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "noisy",
        f"""\
        Feature: A rule author's other mistake
          Scenario: A night-time unlock thought routine
        {BACKGROUND}
            When "front door" reports "unlocked" on Tuesday at 03:00
            Then "phone" gets no alert within 1 seconds
        """,
    )

    result = run(pytester)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*observed: 1 alert(s) after 'front door' reporting 'unlocked'*",
            "*it expects 'locked' there",
        ]
    )


def test_a_step_the_library_lacks_fails_naming_the_step(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "typo",
        """\
        Feature: A typo
          Scenario: A lock misspelt
            Given a lokc "front door"
        """,
    )

    result = run(pytester)

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*Step definition is not found: Given "a lokc*'])


def test_a_refused_message_no_step_checks_fails_the_scenario(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "ajar",
        """\
        Feature: An unchecked refusal
          Scenario: A state the lock does not have
            Given a lock "front door"
            When "front door" reports "ajar" now
        """,
    )

    result = run(pytester)

    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*the server refused the message with status 400: field 'state'*'ajar'*"]
    )


def test_a_checked_refusal_passes_and_a_wrong_check_says_both_sides(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "refusals",
        """\
        Feature: Refusals
          Scenario: Checked rightly
            Given a lock "front door"
            When "front door" reports "ajar" now
            Then the message is rejected with status 400 naming "state"
            And "front door" has 0 stored messages

          Scenario: Checked wrongly
            Given a lock "front door"
            When "front door" reports "ajar" now
            Then the message is rejected with status 404 naming "colour"
        """,
    )

    result = run(pytester)

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*expected: status 404, a message naming 'colour'", "*observed: status 400,*"]
    )


def test_a_mistake_in_a_feature_gets_a_message_that_says_what_to_write(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "mistakes",
        """\
        Feature: Mistakes
          Scenario: An unknown routine
            Given a lock "front door" following "office ours"

          Scenario: An unknown lock
            Given a lock "front door"
            When "back door" reports "locked" now

          Scenario: A confidence level that is not one
            Given a lock "front door" following "office hours"
            And an anomaly rule on "front door" at Total confidence alerting "phone"
        """,
    )

    result = run(pytester)

    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*StepError: *office-ours*",
            "*there is no lock 'back door' in this scenario (locks: 'front door')*",
            "*'Total' is not a confidence level; write High, Medium or Low*",
        ]
    )


def test_the_cucumber_json_report_lists_each_scenario(
    pytester: pytest.Pytester,
) -> None:
    feature(
        pytester,
        "report",
        """\
        Feature: A report
          Scenario: A lock is made
            Given a lock "front door" in "Europe/Paris"
            Then "front door" has 0 stored messages
        """,
    )

    result = run(pytester, "--cucumberjson=report.json")

    result.assert_outcomes(passed=1)
    report = json.loads((pytester.path / "report.json").read_text())
    assert report[0]["name"] == "A report"
    scenario = report[0]["elements"][0]
    assert scenario["name"] == "A lock is made"
    assert [step["result"]["status"] for step in scenario["steps"]] == ["passed"] * 2


def test_a_cloud_run_skips_emulator_only_scenarios_with_the_reason(
    pytester: pytest.Pytester, cloud: EmulatorInfo
) -> None:
    feature(
        pytester,
        "cloudy",
        f"""\
        Feature: On a cloud
          Scenario: A night-time unlock raises an alert
        {BACKGROUND}
            When "front door" reports "unlocked" on Tuesday at 03:00
            Then "phone" gets an anomaly alert within 5 seconds

          @clock
          Scenario: A known date
            Given it is Tuesday 2026-11-10 at 00:00 in "Europe/Berlin"

          @mail
          Scenario: A mail
            Given a lock "front door"
        """,
    )

    result = run(pytester, "-rs", *cloud_options(cloud))

    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "*@clock: needs the emulator's clock, which a cloud target does not let "
            "us set*",
            "*@mail: reads the emulator's mail outbox*",
        ]
    )


def test_a_cloud_run_leaves_nothing_behind(
    pytester: pytest.Pytester, cloud: EmulatorInfo
) -> None:
    feature(
        pytester,
        "tidy",
        f"""\
        Feature: Tidy
          Scenario: A lock, an alarm and a rule
        {BACKGROUND}
        """,
    )

    result = run(pytester, *cloud_options(cloud))

    result.assert_outcomes(passed=1)
    headers = {"Authorization": f"Bearer {cloud.user_token}"}
    base = f"{cloud.api_url}/users/{cloud.user_id}"
    devices = requests.get(f"{base}/devices", headers=headers, timeout=10).json()
    rules = requests.get(f"{base}/rules", headers=headers, timeout=10).json()
    assert devices["data"]["devices"] == []
    assert rules["data"] == []


def test_a_clock_step_in_an_untagged_scenario_says_to_tag_it(
    pytester: pytest.Pytester, cloud: EmulatorInfo
) -> None:
    feature(
        pytester,
        "untagged",
        """\
        Feature: Untagged
          Scenario: A known date
            Given it is Tuesday 2026-11-10 at 00:00 in "Europe/Berlin"
        """,
    )

    result = run(pytester, *cloud_options(cloud))

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*tag the scenario @clock so that cloud runs skip it*"]
    )


def test_a_cloud_target_needs_its_url_and_token(pytester: pytest.Pytester) -> None:
    feature(
        pytester,
        "any",
        """\
        Feature: Any
          Scenario: A lock
            Given a lock "front door"
        """,
    )

    result = run(pytester, "--target", "cloud")

    result.stderr.fnmatch_lines(["*--target cloud needs the server's API root*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_the_plugin_can_leave_feature_files_to_the_project(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nharness_collect_features = false\n")
    feature(
        pytester,
        "ignored",
        """\
        Feature: Ignored
          Scenario: A lock
            Given a lock "front door"
        """,
    )

    result = run(pytester)

    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_a_project_can_add_steps_of_its_own(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        from pytest_bdd import when

        from harness.steps.phrases import Phrase


        @when(Phrase('"{lock}" is left unlocked overnight'))
        def left_unlocked(world, lock):
            door = world.lock(lock)
            world.report(door, "unlocked", world.now_ms - 8 * 3_600_000)
        """
    )
    feature(
        pytester,
        "own",
        f"""\
        Feature: A step of the project's own
          Scenario: Left unlocked overnight
        {BACKGROUND}
            When "front door" is left unlocked overnight
            Then "phone" gets an anomaly alert within 5 seconds
        """,
    )

    result = run(pytester)

    result.assert_outcomes(passed=1)
