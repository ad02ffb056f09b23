"""Fixtures of the command tests: running `harness` in-process, and a lock."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from harness.cli import main
from harness.client import UserClient
from harness.emulator.launcher import EmulatorInfo

SAMPLE_LOCK = "Sample Virtual Lock"


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit code and what it wrote."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """The non-empty lines it wrote to stderr."""
        return [line for line in self.err.splitlines() if line.strip()]


Harness = Callable[..., Outcome]


@pytest.fixture
def harness(capsys: pytest.CaptureFixture[str]) -> Harness:
    """Run `harness ARGS...` in this process; its exit code and output."""

    def run(*args: str) -> Outcome:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


@pytest.fixture
def server(emulator: EmulatorInfo) -> list[str]:
    """The options that point a command at the session's emulator."""
    return ["--api-url", emulator.api_url, "--user-token", emulator.user_token]


@pytest.fixture
def user(emulator: EmulatorInfo) -> Iterator[UserClient]:
    """The emulator's start-up user."""
    with UserClient(emulator.api_url, emulator.user_token) as client:
        yield client


@dataclass(frozen=True)
class Lock:
    """A device of the sample lock type and its token."""

    did: str
    token: str
    zone: str


def lock_type(user: UserClient) -> str:
    """The sample lock's device type ID."""
    return next(
        dt["id"]
        for dt in user.device_types.find(SAMPLE_LOCK).items
        if dt["name"] == SAMPLE_LOCK
    )


@pytest.fixture
def lock(user: UserClient) -> Lock:
    """A new lock in Europe/Berlin, with its device token."""
    zone = "Europe/Berlin"
    device = user.devices.create(
        lock_type(user), "command test lock", properties={"timezone": zone}
    )
    token = user.tokens.replace(device["id"])["accessToken"]
    return Lock(device["id"], token, zone)


def stored(user: UserClient, did: str) -> list[tuple[int, object]]:
    """A device's stored messages as `(ts, state)`, in time order."""
    return [
        (message["ts"], message["data"]["state"])
        for message in user.messages.iter_all(did, 0, 4_102_444_800_000)
    ]
