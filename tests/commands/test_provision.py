"""`harness provision`: a device and a token per lock, and the fleet file."""

import json
import secrets
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from harness.client import DeviceClient, UserClient
from harness.commands import provision
from harness.commands.device_types import built_in_manifests
from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from harness.routines import load_fleet
from tests.commands.conftest import Harness

LOCK_KEYS = {"name", "routine", "timezone", "seed", "did", "token", "label"}


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    """A fleet of three locks in two zones, named as no other test's fleet is."""
    path = tmp_path / "trio.yaml"
    path.write_text(
        dedent(
            f"""\
            name: trio-{secrets.token_hex(4)}
            routines: {{office-hours: 2, school-run: 1}}
            timezones: {{Europe/Berlin: 2, Asia/Tokyo: 1}}
            """
        )
    )
    return path


def test_each_lock_gets_a_device_in_its_zone_whose_token_posts(
    harness: Harness,
    server: list[str],
    emulator: EmulatorInfo,
    user: UserClient,
    fleet: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "trio.json"

    outcome = harness(
        "provision", "--fleet", str(fleet), "--seed", "5", "--out", str(out), *server
    )

    assert outcome.code == 0, outcome.err
    data = json.loads(out.read_text())
    expected = load_fleet(fleet).locks(5)
    assert (data["api_url"], data["seed"]) == (emulator.api_url, "5")
    assert [lock["name"] for lock in data["locks"]] == [lock.name for lock in expected]
    for entry, lock in zip(data["locks"], expected, strict=True):
        assert set(entry) == LOCK_KEYS
        assert (entry["routine"], entry["timezone"], entry["seed"]) == (
            lock.routine.name,
            lock.zone,
            lock.seed,
        )
        device = user.devices.get(entry["did"])
        assert (device["name"], device["properties"]["timezone"]) == (
            lock.name,
            lock.zone,
        )
        with DeviceClient(emulator.api_url, entry["did"], entry["token"]) as posting:
            assert posting.send({"state": "unlocked"})
    assert "3 devices created, 0 kept" in outcome.out


def test_provisioning_again_keeps_the_devices(
    harness: Harness, server: list[str], fleet: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    harness("provision", "--fleet", str(fleet), "--out", str(first), *server)
    outcome = harness("provision", "--fleet", str(fleet), "--out", str(second), *server)

    assert outcome.code == 0, outcome.err
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    assert "0 devices created, 3 kept" in outcome.out


def test_a_missing_device_type_is_created_on_the_emulator(
    harness: Harness,
    server: list[str],
    user: UserClient,
    fleet: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = gate_type("Command Test Gate")
    monkeypatch.setattr(
        provision, "built_in_manifests", lambda: [*built_in_manifests(), gate]
    )

    outcome = harness(
        "provision", "--fleet", str(fleet), "--out", str(tmp_path / "f.json"), *server
    )

    assert outcome.code == 0, outcome.err
    names = [dt["name"] for dt in user.device_types.find("Command Test Gate").items]
    assert names == ["Command Test Gate"]


def test_a_missing_device_type_on_a_cloud_is_one_line_and_exit_one(
    harness: Harness, fleet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = gate_type("Cloud Test Gate")
    monkeypatch.setattr(provision, "built_in_manifests", lambda: [gate])
    out = tmp_path / "f.json"

    with EmulatorProcess(db=":memory:", admin=False) as cloud:
        outcome = harness(
            "provision",
            "--fleet",
            str(fleet),
            "--out",
            str(out),
            "--api-url",
            cloud.api_url,
            "--user-token",
            cloud.user_token,
        )

    assert outcome.code == 1
    [line] = outcome.err_lines
    assert line.startswith(
        "harness provision: the server has no device type 'Cloud Test Gate', and "
        "the public API cannot create one"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["--out", "f.json"], "give --fleet", id="no-fleet"),
        pytest.param(["--fleet", "city-block"], "--out", id="no-out"),
    ],
)
def test_misuse_is_a_usage_error(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, args: list[str], words: str
) -> None:
    monkeypatch.delenv("HARNESS_FLEET", raising=False)
    monkeypatch.delenv("HARNESS_FLEET_FILE", raising=False)

    outcome = harness("provision", *args)

    assert outcome.code == 2
    assert words in outcome.err_lines[-1]


def gate_type(name: str) -> dict[str, Any]:
    """A device type that no server has yet."""
    return {
        "name": name,
        "manifest": {
            "fields": [{"name": "open", "type": "CUSTOM", "valueClass": "Boolean"}],
            "actions": [],
        },
    }
