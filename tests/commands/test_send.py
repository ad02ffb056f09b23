"""`harness send`: a lock's Lock and Unlock buttons, now or at a given moment."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from harness.client import UserClient
from harness.emulator.launcher import EmulatorInfo
from tests.commands.conftest import Harness, Lock, stored

BERLIN = ZoneInfo("Europe/Berlin")


def test_unlocked_at_tuesday_three_is_the_latest_such_moment_in_the_locks_zone(
    harness: Harness, emulator: EmulatorInfo, lock: Lock, user: UserClient
) -> None:
    outcome = harness(
        "send",
        "unlocked",
        "--device",
        lock.did,
        "--device-token",
        lock.token,
        "--at",
        "tuesday 03:00",
        "--api-url",
        emulator.api_url,
    )

    assert outcome.code == 0, outcome.err
    [(ts, state)] = stored(user, lock.did)
    at = datetime.fromtimestamp(ts / 1000, BERLIN)
    assert (at.strftime("%A %H:%M:%S"), state) == ("Tuesday 03:00:00", "unlocked")
    assert timedelta(0) <= datetime.now(BERLIN) - at < timedelta(days=7)
    assert f"(Europe/Berlin, ts {ts})" in outcome.out


def test_a_relative_moment_counts_back_from_now(
    harness: Harness, lock: Lock, server: list[str], user: UserClient
) -> None:
    before = time.time() * 1000

    # No device token: the user token fetches it.
    outcome = harness("send", "locked", "--device", lock.did, "--at", "-2h", *server)

    assert outcome.code == 0, outcome.err
    [(ts, state)] = stored(user, lock.did)
    assert state == "locked"
    assert before - 7_200_000 <= ts <= time.time() * 1000 - 7_200_000


def test_an_iso_time_without_offset_is_read_in_the_given_zone(
    harness: Harness, lock: Lock, server: list[str], user: UserClient
) -> None:
    wanted = datetime.now(ZoneInfo("America/New_York")).replace(
        hour=6, minute=15, second=0, microsecond=0
    ) - timedelta(days=1)

    outcome = harness(
        "send",
        "unlocked",
        "--device",
        lock.did,
        "--at",
        wanted.strftime("%Y-%m-%dT%H:%M"),
        "--timezone",
        "America/New_York",
        *server,
    )

    assert outcome.code == 0, outcome.err
    assert stored(user, lock.did) == [(int(wanted.timestamp() * 1000), "unlocked")]


def test_the_options_can_all_come_from_the_environment(
    harness: Harness,
    emulator: EmulatorInfo,
    lock: Lock,
    user: UserClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HARNESS_API_URL", emulator.api_url)
    monkeypatch.setenv("HARNESS_DEVICE", lock.did)
    monkeypatch.setenv("HARNESS_DEVICE_TOKEN", lock.token)

    outcome = harness("send", "locked")

    assert outcome.code == 0, outcome.err
    assert [state for _, state in stored(user, lock.did)] == ["locked"]


def test_a_refused_token_is_one_line_and_exit_one(
    harness: Harness, emulator: EmulatorInfo, lock: Lock
) -> None:
    outcome = harness(
        "send",
        "locked",
        "--device",
        lock.did,
        "--device-token",
        "0" * 32,
        "--timezone",
        "UTC",
        "--api-url",
        emulator.api_url,
    )

    assert outcome.code == 1
    [line] = outcome.err_lines
    assert line.startswith("harness send: POST ")
    assert "answered 401" in line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(
            ["opened", "--device", "d"], "invalid choice: 'opened'", id="state"
        ),
        pytest.param(["locked"], "which lock? give --device", id="no-device"),
        pytest.param(
            ["locked", "--device", "d", "--at", "someday"],
            "'someday' is not a moment",
            id="bad-moment",
        ),
        pytest.param(
            ["locked", "--device", "d", "--timezone", "Mars/Olympus"],
            "'Mars/Olympus' is not a time zone",
            id="bad-zone",
        ),
        pytest.param(
            ["locked", "--device", "d", "--device-token", "t"],
            "which server? give --api-url",
            id="no-server",
        ),
    ],
)
def test_misuse_is_a_usage_error(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, args: list[str], words: str
) -> None:
    for name in ("HARNESS_API_URL", "HARNESS_DEVICE", "HARNESS_DEVICE_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    outcome = harness("send", *args)

    assert outcome.code == 2
    assert words in outcome.err_lines[-1]
