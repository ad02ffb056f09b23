"""The `harness` command itself: dispatch, usage errors, and `python -m harness`."""

import argparse
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

from tests.commands.conftest import Harness

REPOSITORY = Path(__file__).resolve().parents[2]
COMMANDS = ("routine", "history", "send", "timetable", "provision")


def test_an_unknown_command_is_a_usage_error_of_one_line(harness: Harness) -> None:
    outcome = harness("frobnicate")

    assert outcome.code == 2
    assert outcome.err_lines[-1].startswith("harness: unknown command 'frobnicate'")
    assert "Traceback" not in outcome.err


def test_no_command_shows_the_commands_and_is_a_usage_error(harness: Harness) -> None:
    outcome = harness()

    assert outcome.code == 2
    for command in COMMANDS:
        assert command in outcome.out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(harness: Harness, command: str) -> None:
    outcome = harness(command, "--help")

    assert outcome.code == 0
    assert outcome.out.startswith("usage: harness " + command)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_names_its_environment_variable(command: str) -> None:
    module = import_module(f"harness.commands.{command}")
    parsers = [module.build_parser()]
    for action in parsers[0]._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers += list(action.choices.values())

    options = [
        action
        for parser in parsers
        for action in parser._actions
        if action.option_strings and action.dest != "help"
    ]
    assert options
    for action in options:
        assert "(env HARNESS_" in (action.help or ""), action.option_strings


def test_unknown_options_are_usage_errors(harness: Harness) -> None:
    outcome = harness("send", "locked", "--colour", "red")

    assert outcome.code == 2
    assert "unrecognized arguments: --colour red" in outcome.err


def test_python_dash_m_harness_runs_a_command_in_a_new_process(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\ntimezone: Europe/Berlin\ninitial: locked\n")

    done = subprocess.run(
        [sys.executable, "-m", "harness", "routine", "check", "office-hours", broken],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        timeout=60,
    )

    assert done.returncode == 1
    assert done.stdout.startswith("ok  office-hours: routine office-hours")
    assert done.stderr.splitlines()[0].startswith(f"{broken}:")
    assert "Traceback" not in done.stderr


def test_a_bad_value_in_a_variable_is_a_usage_error_naming_it(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARNESS_CONCURRENCY", "lots")

    outcome = harness("history", "--device", "d", "--routine", "office-hours")

    assert outcome.code == 2
    assert "HARNESS_CONCURRENCY='lots': 'lots' is not a whole number" in outcome.err
