"""`harness history`: a routine's seeded history, backfilled through the API."""

import logging
import time
from datetime import datetime, timedelta
from pathlib import Path
from textwrap import dedent
from zoneinfo import ZoneInfo

import pytest

from harness.client import EmulatorAdmin, UserClient
from harness.commands.moments import moment
from harness.commands.provisioned import read_fleet_file
from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from harness.routines import find_routine, history
from tests.commands.conftest import Harness, Lock, lock_type, stored

BERLIN = ZoneInfo("Europe/Berlin")


def midnight_days_ago(days: int, zone: ZoneInfo) -> datetime:
    """Local midnight `days` days ago: a history's end that no test run moves."""
    today = datetime.now(zone).date() - timedelta(days=days)
    return datetime(today.year, today.month, today.day, tzinfo=zone)


def test_the_stored_messages_are_the_routines_seeded_history_exactly(
    harness: Harness, emulator: EmulatorInfo, lock: Lock, user: UserClient
) -> None:
    end = midnight_days_ago(1, BERLIN)

    outcome = harness(
        "history",
        "--device",
        lock.did,
        "--device-token",
        lock.token,
        "--routine",
        "school-run",
        "--days",
        "10",
        "--seed",
        "7",
        "--end",
        end.strftime("%Y-%m-%dT%H:%M"),
        "--concurrency",
        "4",
        "--api-url",
        emulator.api_url,
    )

    assert outcome.code == 0, outcome.err
    expected = history(
        find_routine("school-run").in_zone("Europe/Berlin"),
        10,
        int(end.timestamp() * 1000),
        7,
    )
    assert stored(user, lock.did) == expected
    assert f"sent {len(expected)} messages of school-run (seed 7)" in outcome.out
    # Not a terminal: progress comes as lines, the last with every message.
    assert outcome.err_lines[-1].startswith(f"{len(expected)}/{len(expected)} ")


def test_a_lock_without_a_zone_follows_the_routines_own(
    harness: Harness, server: list[str], user: UserClient
) -> None:
    did = user.devices.create(lock_type(user), "zoneless")["id"]
    end = midnight_days_ago(2, ZoneInfo("Europe/London"))

    outcome = harness(
        "history",
        "--device",
        did,
        "--routine",
        "night-shift",
        "--days",
        "3",
        "--seed",
        "word",
        "--end",
        end.strftime("%Y-%m-%d %H:%M"),
        *server,
    )

    assert outcome.code == 0, outcome.err
    routine = find_routine("night-shift")
    expected = history(routine, 3, int(end.timestamp() * 1000), "word")
    assert stored(user, did) == expected
    assert "in Europe/London" in outcome.out


def test_a_fleet_gets_each_locks_routine_zone_and_seed(
    harness: Harness, server: list[str], user: UserClient, tmp_path: Path
) -> None:
    fleet = tmp_path / "pair.yaml"
    fleet.write_text(
        dedent(
            """\
            name: history-pair
            routines: {office-hours: 1, night-shift: 1}
            timezones: {Asia/Seoul: 1, America/New_York: 1}
            """
        )
    )
    fleet_file = tmp_path / "pair.json"
    provisioned = harness(
        "provision", "--fleet", str(fleet), "--out", str(fleet_file), *server
    )
    assert provisioned.code == 0, provisioned.err

    # The fleet file gives the server: no --api-url, and no user token needed.
    outcome = harness(
        "history",
        "--fleet",
        str(fleet),
        "--fleet-file",
        str(fleet_file),
        "--days",
        "4",
        "--end",
        "monday 00:00",
    )

    assert outcome.code == 0, outcome.err
    for lock in read_fleet_file(fleet_file).locks:
        zone = ZoneInfo(lock.timezone)
        routine = find_routine(lock.routine).in_zone(lock.timezone)
        end_ms = moment("monday 00:00").epoch_ms(zone)
        assert stored(user, lock.did) == history(routine, 4, end_ms, lock.seed)


def test_429_answers_are_waited_out_and_every_message_is_stored(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    # 5 messages a minute per device, on a clock an hour behind that runs a
    # minute a second: the window clears each second, and the reset the server
    # names is already past, so the client retries at once.
    limited = EmulatorProcess(
        db=":memory:", extra_args=("--rate-limit-device-per-minute", "5")
    )
    with limited as info:
        assert info.emulator_url is not None
        with EmulatorAdmin(info.emulator_url.removesuffix("/emulator")) as admin:
            admin.set_clock(int(time.time() * 1000) - 3_600_000)
            admin.set_speed(60)
        with UserClient(info.api_url, info.user_token) as user:
            did = user.devices.create(lock_type(user), "limited")["id"]
        end = midnight_days_ago(1, ZoneInfo("Europe/London"))
        caplog.set_level(logging.DEBUG, logger="harness.client.transport")

        outcome = harness(
            "history",
            "--device",
            did,
            "--routine",
            "school-run",
            "--days",
            "3",
            "--end",
            end.isoformat(),
            "--api-url",
            info.api_url,
            "--user-token",
            info.user_token,
        )

        assert outcome.code == 0, outcome.err
        with UserClient(info.api_url, info.user_token) as user:
            got = stored(user, did)
    expected = history(find_routine("school-run"), 3, int(end.timestamp() * 1000), 0)
    assert got == expected
    assert len(expected) > 5
    refused = [r for r in caplog.records if "-> 429" in r.getMessage()]
    assert refused, "the rate limit was never hit"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["--device", "d"], "give --device", id="no-routine"),
        pytest.param(
            ["--device", "d", "--routine", "r", "--fleet-file", "f.json"],
            "not both",
            id="lock-and-fleet",
        ),
        pytest.param(["--fleet-file", "f.json"], "needs --fleet", id="no-fleet"),
        pytest.param(["--days", "0"], "0 is not at least 1", id="no-days"),
        pytest.param(["--concurrency", "500"], "use 1 to 64", id="concurrency"),
        pytest.param(["--end", "-3x"], "'-3x' is not a moment", id="bad-end"),
    ],
)
def test_misuse_is_a_usage_error(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, args: list[str], words: str
) -> None:
    for name in ("HARNESS_DEVICE", "HARNESS_ROUTINE", "HARNESS_FLEET"):
        monkeypatch.delenv(name, raising=False)

    outcome = harness("history", *args)

    assert outcome.code == 2
    assert words in outcome.err_lines[-1]


def test_a_missing_fleet_file_or_routine_fails_with_one_line(
    harness: Harness, server: list[str], lock: Lock, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.json"
    no_file = harness(
        "history", "--fleet", "city-block", "--fleet-file", str(missing), *server
    )
    no_routine = harness(
        "history", "--device", lock.did, "--routine", "office-ours", *server
    )

    assert (no_file.code, no_routine.code) == (1, 1)
    assert no_file.err_lines == [
        f"harness history: {missing}: no such fleet file; write one with "
        "'harness provision'"
    ]
    [line] = no_routine.err_lines
    assert "no routine 'office-ours'" in line
