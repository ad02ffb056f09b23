"""Fixtures shared by every test: a real emulator on a free port, and API sessions."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess

HTTP_TIMEOUT = (3.05, 30)
SAMPLE_LOCK = "Sample Virtual Lock"
SAMPLE_ALARM = "Sample Alarm"


class Api(requests.Session):
    """A requests session bound to an API root, with a bearer token and timeouts."""

    def __init__(self, root: str, token: str | None) -> None:
        super().__init__()
        self.root = root
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"
        self.headers["Content-Type"] = "application/json"

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        if url.startswith("/"):
            url = self.root + url
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class Lock:
    """A device of the sample lock type, with its device token."""

    id: str
    token: str
    uid: str
    dtid: str


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorInfo]:
    """One emulator for the whole session, on a temporary SQLite file."""
    process = EmulatorProcess()
    try:
        yield process.start()
    finally:
        process.close()


@pytest.fixture
def api(emulator: EmulatorInfo) -> Iterator[Api]:
    """The public API, as the start-up user."""
    with Api(emulator.api_url, emulator.user_token) as session:
        yield session


@pytest.fixture
def admin(emulator: EmulatorInfo) -> Iterator[Api]:
    """The emulator-only routes."""
    assert emulator.emulator_url is not None
    with Api(emulator.emulator_url, None) as session:
        yield session


def device_type_id(api: Api, name: str) -> str:
    answer = api.get("/devicetypes", params={"name": name})
    answer.raise_for_status()
    return next(
        dt["id"] for dt in answer.json()["data"]["deviceTypes"] if dt["name"] == name
    )


def make_device(api: Api, type_name: str, name: str, timezone: str = "UTC") -> Lock:
    """A new device of a built-in type, with a fresh device token."""
    dtid = device_type_id(api, type_name)
    created = api.post(
        "/devices",
        json={"dtid": dtid, "name": name, "properties": {"timezone": timezone}},
    )
    created.raise_for_status()
    device = created.json()["data"]
    token = api.put(f"/devices/{device['id']}/tokens")
    token.raise_for_status()
    return Lock(device["id"], token.json()["data"]["accessToken"], device["uid"], dtid)


@pytest.fixture
def lock(api: Api) -> Lock:
    """A fresh smart lock of the sample's device type."""
    return make_device(api, SAMPLE_LOCK, "front door", "Europe/Berlin")


@pytest.fixture
def lock_api(emulator: EmulatorInfo, lock: Lock) -> Iterator[Api]:
    """The public API, as the lock's device token."""
    with Api(emulator.api_url, lock.token) as session:
        yield session
