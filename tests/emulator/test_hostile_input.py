"""Hostile requests: whatever arrives, the emulator answers it and never fails.

Each request starts as a valid call of a route and is then spoiled in one to three
ways: a query value, a body member or the whole body, the token, the content type,
the headers, the method or the path. Random bytes, deep nesting, unicode junk, huge
numbers, huge headers and bodies. One seeded random source draws them all, so every
run sends the same requests.
"""

import copy
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from tests.conftest import HTTP_TIMEOUT, SAMPLE_LOCK, Api, Lock, make_device

SEED = 20261203
REQUESTS = 500

# No DELETE: it would delete the lock or revoke its token, and leave the rest of the
# barrage nothing to aim at.
METHODS = ("GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD")
QUERY_KEYS = (
    *("sdid", "sdids", "ddid", "uid", "mid", "startDate", "endDate", "count"),
    *("offset", "order", "fieldPresence", "dids", "includeSnapshot", "name", "owner"),
)
CONTENT_TYPES = (
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "",
    None,
)


@dataclass(frozen=True)
class Deep:
    """Lists in lists, `depth` deep: deeper than `json.dumps` itself can write."""

    depth: int


DEEP = re.compile(r'"\\u0000deep:(\d+)\\u0000"')


def to_json(document: Any) -> bytes:
    """`document` as JSON, with each `Deep` written out in full."""
    text = json.dumps(document, default=lambda deep: f"\0deep:{deep.depth}\0")
    return DEEP.sub(
        lambda match: "[" * int(match[1]) + "]" * int(match[1]), text
    ).encode()


@dataclass
class Call:
    """One HTTP request, as `requests.request` takes it."""

    method: str
    path: str
    params: dict[str, str]
    body: Any
    headers: dict[str, Any]
    raw: bytes | None = None

    def send(self, session: requests.Session, base_url: str) -> requests.Response:
        data = self.raw
        if data is None and self.body is not None:
            data = to_json(self.body)
        return session.request(
            self.method,
            base_url + self.path,
            params=self.params,
            data=data,
            headers=self.headers,
            timeout=HTTP_TIMEOUT,
        )


def valid_calls(info: EmulatorInfo, lock: Lock) -> list[Call]:
    """A well-formed call of each route the barrage spoils.

    Not the token routes: a spoilt method there replaces or revokes the lock's token.
    """
    user = {"Authorization": f"Bearer {info.user_token}"}
    device = {"Authorization": f"Bearer {lock.token}"}
    manifest = {
        "fields": [{"name": "t", "valueClass": "Double", "metaData": {}}],
        "actions": [{"name": "go", "parameters": [{"name": "p"}]}],
    }
    message = {"sdid": lock.id, "type": "message", "data": {"state": "locked"}}
    page = {"startDate": "0", "count": "10", "order": "asc", "fieldPresence": "state"}
    calls = [
        ("POST", "/v1.1/messages", {}, message, device),
        ("POST", "/v1.1/messages", {}, message, user),
        ("POST", "/v1.1/actions", {}, {"ddid": lock.id, "data": {"actions": []}}, user),
        ("GET", "/v1.1/messages", {"sdid": lock.id, **page}, None, user),
        ("GET", "/v1.1/messages", {"uid": lock.uid, **page}, None, device),
        ("GET", "/v1.1/messages/last", {"sdids": lock.id, "count": "5"}, None, user),
        ("GET", "/v1.1/messages/snapshots", {"sdids": lock.id}, None, device),
        ("GET", "/v1.1/actions", {"ddid": lock.id, **page}, None, user),
        (
            "POST",
            "/v1.1/devices",
            {},
            {"dtid": lock.dtid, "name": "door", "properties": {"timezone": "UTC"}},
            user,
        ),
        ("PUT", f"/v1.1/devices/{lock.id}", {}, {"name": "front door"}, user),
        (
            "GET",
            f"/v1.1/devices/{lock.id}/status",
            {"includeSnapshot": "1"},
            None,
            user,
        ),
        ("GET", "/v1.1/devices/status", {"dids": lock.id}, None, user),
        ("GET", "/v1.1/devicetypes", {"name": "lock", "count": "10"}, None, user),
        ("GET", f"/v1.1/devicetypes/{lock.dtid}", {}, None, user),
        ("GET", f"/v1.1/users/{lock.uid}/devices", {"owner": "ME"}, None, user),
        ("POST", "/emulator/devicetypes", {}, {"name": "t", "manifest": manifest}, {}),
        ("POST", "/emulator/users", {}, {"name": "eve"}, {}),
        ("POST", "/emulator/clock", {}, {"advance": 1000}, {}),
    ]
    return [
        Call(
            method, path, params, body, {**headers, "Content-Type": "application/json"}
        )
        for method, path, params, body, headers in calls
    ]


class Spoiler:
    """Spoils valid calls in ways drawn from a seeded random source."""

    def __init__(self, rng: random.Random, lock: Lock) -> None:
        self.rng = rng
        self.lock = lock
        self.ways: list[Callable[[Call], None]] = [
            self.query_value,
            self.body_member,
            self.body_member,
            self.extra_member,
            self.whole_body,
            self.token,
            self.content_type,
            self.headers,
            self.method,
            self.path,
        ]

    def spoil(self, call: Call) -> Call:
        spoiled = copy.deepcopy(call)
        for _ in range(self.rng.randint(1, 3)):
            self.rng.choice(self.ways)(spoiled)
        return spoiled

    def query_value(self, call: Call) -> None:
        keys = [*call.params, *QUERY_KEYS]
        call.params[self.rng.choice(keys)] = self.word()

    def body_member(self, call: Call) -> None:
        """Replace one value anywhere in the body by a hostile one."""
        if not isinstance(call.body, dict | list) or not call.body:
            call.body = self.value()
            return
        place = call.body
        while True:
            keys = list(place) if isinstance(place, dict) else range(len(place))
            if not keys:
                break
            key = self.rng.choice(keys)
            inner = place[key]
            if isinstance(inner, dict | list) and inner and self.rng.random() < 0.6:
                place = inner
                continue
            place[key] = self.value()
            return

    def extra_member(self, call: Call) -> None:
        if isinstance(call.body, dict):
            call.body[self.word()] = self.value()

    def whole_body(self, call: Call) -> None:
        rng = self.rng
        depth = rng.randint(1, 3_000)
        call.raw = rng.choice(
            (
                rng.randbytes(rng.randint(0, 3_000)),
                b"[" * depth + b"]" * depth,
                b'{"data":' * depth + b"1" + b"}" * depth,
                self.junk_text().encode(),
                b"{" + b'"a":1,' * rng.randint(200, 20_000) + b'"a":1}',
                b"",
                b"null",
                b'"locked"',
                b"1e999",
            )
        )

    def token(self, call: Call) -> None:
        call.headers["Authorization"] = self.rng.choice(
            (
                "Bearer ",
                "Bearer",
                "bearer\t" + self.lock.token,
                "Basic bG9jazpwYXNzd29yZA==",
                "Bearer " + "0" * self.rng.randint(1, 20_000),
                ("Bearer " + self.junk_text(printable=True)).encode(),
                None,
            )
        )

    def content_type(self, call: Call) -> None:
        call.headers["Content-Type"] = self.rng.choice(CONTENT_TYPES)

    def headers(self, call: Call) -> None:
        if self.rng.random() < 0.5:
            call.headers["X-Padding"] = "x" * self.rng.randint(1_000, 64_000)
        else:
            junk = (self.junk_text(printable=True).encode() for _ in range(100))
            call.headers.update({f"X-Junk-{n}": value for n, value in enumerate(junk)})

    def method(self, call: Call) -> None:
        call.method = self.rng.choice(METHODS)

    def path(self, call: Call) -> None:
        parts = call.path.split("/")
        parts[self.rng.randrange(2, len(parts))] = self.word() or "x"
        call.path = "/".join(parts)

    def value(self) -> Any:
        """A JSON value of a kind or size that no route expects."""
        rng = self.rng
        return rng.choice(
            (
                None,
                True,
                0,
                -1,
                0.5,
                2**63,
                -(2**64),
                10**30,
                1e308,
                -1e308,
                "",
                "x" * rng.randint(0, 3_000),
                self.word(),
                [self.word()],
                {self.word(): self.word()},
                Deep(rng.randint(1, 1_100)),
            )
        )

    def word(self) -> str:
        return self.rng.choice(
            (
                "",
                "0",
                "-1",
                "101",
                str(2**70),
                str(-(2**70)),
                "1e3",
                "True",
                "desc",
                "state",
                'state"',
                "a..b",
                "a,,b",
                "../..",
                "America",
                "Z" * 300,
                "MTAwMDAwMDAwMDAwMDAwMDAwMDAwMDA6MQ",  # a page cursor past 64 bits
                self.lock.id,
                self.junk_text(),
            )
        )

    def junk_text(self, printable: bool = False) -> str:
        """Code points from every plane; control characters unless `printable`.

        No lone surrogates: they cannot be encoded into a URL or a header, and
        random bytes already make bodies that are not UTF-8.
        """
        lowest = 0x20 if printable else 0
        length = self.rng.randint(1, 40)
        points: list[int] = []
        while len(points) < length:
            point = self.rng.randint(lowest, 0x10FFFF)
            if not 0xD800 <= point <= 0xDFFF and point != 0x7F:
                points.append(point)
        return "".join(map(chr, points))


@pytest.fixture
def own_emulator() -> Iterator[EmulatorInfo]:
    """An emulator of the test's own, so that the barrage touches no other test."""
    process = EmulatorProcess()
    try:
        yield process.start()
    finally:
        process.close()


def test_hostile_requests_never_break_the_emulator(own_emulator: EmulatorInfo) -> None:
    with Api(own_emulator.api_url, own_emulator.user_token) as api:
        lock = make_device(api, SAMPLE_LOCK, "front door")
    rng = random.Random(SEED)
    calls = valid_calls(own_emulator, lock)
    spoiler = Spoiler(rng, lock)

    failures: list[str] = []
    with requests.Session() as session:
        for _ in range(REQUESTS):
            call = spoiler.spoil(rng.choice(calls))
            try:
                answer = call.send(session, own_emulator.base_url)
            except requests.RequestException as error:
                # An emulator that stops answering would only time out from here on.
                failures.append(f"{call.method} {call.path[:80]} -> {error!r}")
                break
            if not well_answered(call.method, answer):
                failures.append(
                    f"{call.method} {answer.url[:120]} -> "
                    f"{answer.status_code} {answer.text[:200]}"
                )

    health = requests.get(own_emulator.base_url + "/emulator/health", timeout=10)
    assert not failures, f"{len(failures)} answered badly:\n" + "\n".join(failures)
    assert health.status_code == 200
    assert health.json()["data"]["status"] == "ok"


def well_answered(method: str, answer: requests.Response) -> bool:
    """No 5xx, and a refusal carries the error envelope with its status."""
    if answer.status_code >= 500:
        return False
    if answer.status_code < 400 or method == "HEAD":
        return True
    try:
        error = answer.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(error["code"] == answer.status_code and error["message"])
