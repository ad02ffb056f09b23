"""Bad input: refused with a 4xx that says what is wrong and what is allowed.

Each case checks the status, the error envelope, key words of the message, and that
the refused request stored or changed nothing. `docs/bad-input.md` catalogues the
same cases by id, and a test keeps the two in step.
"""

import json
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.emulator.launcher import EmulatorInfo
from tests.conftest import (
    HTTP_TIMEOUT,
    SAMPLE_ALARM,
    SAMPLE_LOCK,
    Api,
    Lock,
    make_device,
)

CATALOGUE = Path(__file__).parents[2] / "docs" / "bad-input.md"

# Placeholders in the case tables, filled in with each test's own things.
LOCK = "<lock>"
OWNER = "<owner>"
LOCK_TYPE = "<lock-type>"
ALARM = "<alarm>"
NAME = "<name>"
OMIT = object()  # drops a key from the valid message

Credentials = tuple[str | None, str]  # the Authorization header, the sdid to post for


def case(case_id: str, *values: Any, marks: Any = ()) -> Any:
    """One row of a case table, with its id first."""
    return pytest.param(*values, id=case_id, marks=marks)


def filled(value: Any, names: dict[str, str]) -> Any:
    """`value` with every placeholder in its strings replaced by its name."""
    if isinstance(value, str):
        for placeholder, name in names.items():
            value = value.replace(placeholder, name)
        return value
    if isinstance(value, dict):
        return {key: filled(item, names) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(filled(item, names) for item in value)
    return value


def refusal(answer: requests.Response, status: int, words: tuple[str, ...]) -> str:
    """The message of a refusal with `status`, the envelope, and each of `words`."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error"}, f"a refusal carries only the error: {body}"
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == status, body

    message: str = body["error"]["message"]
    missing = [word for word in words if word not in message]
    assert not missing, f"the message {message!r} does not name {missing}"
    return message


class Ledger:
    """The emulator's counters, read before a request to tell what it changed."""

    def __init__(self, admin: Api) -> None:
        self.admin = admin
        self.before = self.read()

    def read(self) -> dict[str, int]:
        answer = self.admin.get("/counters")
        answer.raise_for_status()
        return dict(answer.json()["data"])

    def assert_one_rejected(self) -> None:
        after = self.read()
        change = {key: after[key] - self.before[key] for key in after}
        assert change == {
            "received": 1,
            "stored": 0,
            "rejected": 1,
            "actions": 0,
            "rulesFired": 0,
        }


def stored_messages(api: Api, lock: Lock) -> list[dict[str, Any]]:
    answer = api.get("/messages", params={"sdid": lock.id, "startDate": 0})
    answer.raise_for_status()
    return list(answer.json()["data"])


def device_state(api: Api, lock: Lock) -> list[Any]:
    """What the owner sees of the lock: the device, its token and messages, a count."""
    device = api.get(f"/devices/{lock.id}")
    token = api.get(f"/devices/{lock.id}/tokens")
    listed = api.get(f"/users/{lock.uid}/devices")
    return [
        device.status_code,
        device.json(),
        token.json(),
        listed.json()["total"],
        stored_messages(api, lock),
    ]


def device_ids(api: Api, uid: str) -> set[str]:
    """The IDs of all the user's devices, page by page."""
    ids: set[str] = set()
    while True:
        answer = api.get(f"/users/{uid}/devices", params={"offset": len(ids)})
        answer.raise_for_status()
        page = answer.json()["data"]["devices"]
        ids.update(device["id"] for device in page)
        if not page:
            return ids


@pytest.fixture(autouse=True)
def tidy(api: Api, emulator: EmulatorInfo) -> Iterator[None]:
    """Delete the devices a case made: other tests share the emulator's user."""
    before = device_ids(api, emulator.user_id)
    yield
    for did in device_ids(api, emulator.user_id) - before:
        api.delete(f"/devices/{did}")


@pytest.fixture
def names(lock: Lock) -> dict[str, str]:
    return {LOCK: lock.id, OWNER: lock.uid, LOCK_TYPE: lock.dtid}


@pytest.fixture
def another_user(admin: Api, emulator: EmulatorInfo) -> Iterator[Api]:
    """The public API as a second user, who owns none of the first user's devices."""
    created = admin.post("/users", json={"name": "mallory"})
    created.raise_for_status()
    with Api(emulator.api_url, created.json()["data"]["accessToken"]) as session:
        yield session


# Messages: POST /messages as the lock's own device token.


def message(**changes: Any) -> dict[str, Any]:
    """The lock's valid message, changed: OMIT drops a key."""
    body: dict[str, Any] = {
        "sdid": LOCK,
        "type": "message",
        "data": {"state": "locked"},
    }
    for key, value in changes.items():
        if value is OMIT:
            del body[key]
        else:
            body[key] = value
    return body


def posted(
    case_id: str,
    body: Any,
    *words: str,
    status: int = 400,
    headers: dict[str, str | None] | None = None,
) -> Any:
    """A message case: the body (bytes are sent as they are) and what is refused."""
    return pytest.param(body, headers or {}, status, words, id=case_id)


def nested(depth: int) -> list[Any]:
    """A list in a list, `depth` lists deep."""
    document: list[Any] = []
    for _ in range(depth - 1):
        document = [document]
    return document


BOUNDS = ("'ts'", "out of bounds", "days back", "h ahead")
STATES = ("'state'", "String", "'locked'", "'unlocked'")

MESSAGE_BODIES = [
    posted("malformed-json", b'{"sdid": "<lock>", "data": {', "not valid JSON"),
    posted("json-array-body", [message()], "JSON object", "'sdid'", "'data'"),
    posted("json-string-body", "locked", "JSON object", "'sdid'", "'data'"),
    posted(
        "wrong-content-type",
        message(),
        "'text/plain'",
        "application/json",
        status=415,
        headers={"Content-Type": "text/plain"},
    ),
    posted(
        "no-content-type",
        message(),
        "(none)",
        "application/json",
        status=415,
        headers={"Content-Type": None},
    ),
    posted(
        "body-over-1-kb",
        message(data={"state": "locked" * 200}),
        "bytes",
        "at most 1024",
        status=413,
    ),
    posted("empty-body", b"", "empty", "JSON object"),
    posted("missing-sdid", message(sdid=OMIT), "missing 'sdid'", "device by its ID"),
    posted("sdid-not-a-string", message(sdid=42), "'sdid'", "device ID string", "42"),
    posted("unknown-device", message(sdid="0" * 32), "0" * 32, "not exist", status=404),
    posted("missing-data", message(data=OMIT), "missing 'data'", "'state'"),
    posted("data-not-an-object", message(data=["locked"]), "JSON object", "'state'"),
    posted("empty-data", message(data={}), "'data' is empty", "'state'"),
    posted(
        "unknown-field-in-data",
        message(data={"state": "locked", "colour": "red"}),
        "unknown field 'colour'",
        "'state'",
    ),
    posted(
        "unknown-top-level-key",
        message(priority="high"),
        "unknown key 'priority'",
        "'sdid'",
        "'ts'",
        "'data'",
    ),
    posted("unknown-type", message(type="event"), "'event'", "'message'", "'action'"),
    posted(
        "value-outside-values-string",
        message(data={"state": "ajar"}),
        "'state'",
        "does not allow 'ajar'",
        "allowed: 'locked', 'unlocked'",
    ),
    posted("number-for-a-string", message(data={"state": 1}), *STATES),
    posted("boolean-for-a-string", message(data={"state": True}), *STATES),
    posted("null-for-a-string", message(data={"state": None}), *STATES),
    posted(
        "deeply-nested-json",
        message(data={"state": nested(40)}),
        "levels deep",
        "at most 32",
    ),
    posted("ts-as-a-string", message(ts="1796000000000"), "'ts'", "epoch millis"),
    posted("ts-as-a-boolean", message(ts=True), "'ts'", "epoch millis", "number"),
    posted(
        "ts-nan",
        b'{"sdid": "<lock>", "ts": NaN, "data": {"state": "locked"}}',
        "not valid JSON",
    ),
    posted(
        "ts-infinite",
        b'{"sdid": "<lock>", "ts": 1e400, "data": {"state": "locked"}}',
        "not valid JSON",
        "infinity",
    ),
    posted("ts-huge", message(ts=1e300), *BOUNDS),
    posted("ts-too-far-back", message(ts=1), *BOUNDS),
    posted("ts-too-far-ahead", message(ts=4_102_444_800_000), *BOUNDS),
]


@pytest.mark.parametrize(("body", "headers", "status", "words"), MESSAGE_BODIES)
def test_a_bad_message_is_refused_and_not_stored(
    body: Any,
    headers: dict[str, str | None],
    status: int,
    words: tuple[str, ...],
    api: Api,
    admin: Api,
    lock_api: Api,
    lock: Lock,
) -> None:
    if isinstance(body, bytes):
        payload = body.replace(LOCK.encode(), lock.id.encode())
    else:
        payload = json.dumps(filled(body, {LOCK: lock.id})).encode()
    ledger = Ledger(admin)

    answer = lock_api.post("/messages", data=payload, headers=headers)

    refusal(answer, status, words)
    ledger.assert_one_rejected()
    assert stored_messages(api, lock) == []


# Tokens: POST /messages with credentials that may not post for the device.


def no_header(api: Api, admin: Api, lock: Lock) -> Credentials:
    return None, lock.id


def bearer_without_a_token(api: Api, admin: Api, lock: Lock) -> Credentials:
    """What the official SDKs send when no access token is set."""
    return "Bearer ", lock.id


def basic_credentials(api: Api, admin: Api, lock: Lock) -> Credentials:
    return "Basic bG9jazpwYXNzd29yZA==", lock.id


def a_garbage_token(api: Api, admin: Api, lock: Lock) -> Credentials:
    return "Bearer not-a-token-at-all", lock.id


def another_devices_token(api: Api, admin: Api, lock: Lock) -> Credentials:
    other = make_device(api, SAMPLE_LOCK, "back door")
    return f"Bearer {other.token}", lock.id


def a_revoked_token(api: Api, admin: Api, lock: Lock) -> Credentials:
    api.delete(f"/devices/{lock.id}/tokens").raise_for_status()
    return f"Bearer {lock.token}", lock.id


def a_deleted_devices_token(api: Api, admin: Api, lock: Lock) -> Credentials:
    gone = make_device(api, SAMPLE_LOCK, "demolished door")
    api.delete(f"/devices/{gone.id}").raise_for_status()
    return f"Bearer {gone.token}", gone.id


def another_users_token(api: Api, admin: Api, lock: Lock) -> Credentials:
    created = admin.post("/users", json={"name": "mallory"})
    created.raise_for_status()
    return f"Bearer {created.json()['data']['accessToken']}", lock.id


BEARER = "Bearer <token>"
CREDENTIALS = [
    case("no-authorization-header", no_header, 401, ("missing", BEARER)),
    case("bearer-without-a-token", bearer_without_a_token, 401, ("no token", BEARER)),
    case("basic-scheme", basic_credentials, 401, ("not a bearer token", BEARER)),
    case("garbage-token", a_garbage_token, 401, ("no such token", "check the token")),
    case("another-devices-token", another_devices_token, 403, ("not to '<lock>'",)),
    case(
        "revoked-device-token",
        a_revoked_token,
        401,
        ("revoked", "PUT /devices/{did}/tokens"),
    ),
    case(
        "deleted-devices-token",
        a_deleted_devices_token,
        401,
        ("the device was deleted", "create a device"),
    ),
    case(
        "another-users-token",
        another_users_token,
        403,
        ("'<lock>' does not belong to this token's user",),
    ),
]


@pytest.mark.parametrize(("credentials", "status", "words"), CREDENTIALS)
def test_a_message_without_the_right_token_is_refused_and_not_stored(
    credentials: Callable[[Api, Api, Lock], Credentials],
    status: int,
    words: tuple[str, ...],
    api: Api,
    admin: Api,
    lock_api: Api,
    lock: Lock,
) -> None:
    authorization, sdid = credentials(api, admin, lock)
    ledger = Ledger(admin)

    answer = lock_api.post(
        "/messages",
        json={"sdid": sdid, "data": {"state": "unlocked"}},
        headers={"Authorization": authorization},
    )

    refusal(answer, status, filled(words, {LOCK: lock.id}))
    ledger.assert_one_rejected()
    assert stored_messages(api, lock) == []


# Another user's token on the first user's lock: nothing leaks, nothing changes.

NOT_THEIRS = ("'<lock>' does not belong",)
NOT_THEIR_USER = ("may not read user '<owner>'",)
FOREIGN_REQUESTS = [
    case("other-user-reads-the-device", "GET", "/devices/<lock>", {}, NOT_THEIRS),
    case(
        "other-user-reads-its-status", "GET", "/devices/<lock>/status", {}, NOT_THEIRS
    ),
    case(
        "other-user-reads-its-messages", "GET", "/messages", {"sdid": LOCK}, NOT_THEIRS
    ),
    case(
        "other-user-reads-the-owners-messages",
        "GET",
        "/messages",
        {"uid": OWNER},
        NOT_THEIR_USER,
    ),
    case(
        "other-user-reads-its-last-messages",
        "GET",
        "/messages/last",
        {"sdids": LOCK},
        NOT_THEIRS,
    ),
    case(
        "other-user-reads-its-snapshots",
        "GET",
        "/messages/snapshots",
        {"sdids": LOCK},
        NOT_THEIRS,
    ),
    case(
        "other-user-reads-its-device-token",
        "GET",
        "/devices/<lock>/tokens",
        {},
        NOT_THEIRS,
    ),
    case(
        "other-user-replaces-its-device-token",
        "PUT",
        "/devices/<lock>/tokens",
        {},
        NOT_THEIRS,
    ),
    case("other-user-renames-the-device", "PUT", "/devices/<lock>", {}, NOT_THEIRS),
    case("other-user-deletes-the-device", "DELETE", "/devices/<lock>", {}, NOT_THEIRS),
    case(
        "other-user-lists-the-owners-devices",
        "GET",
        "/users/<owner>/devices",
        {},
        NOT_THEIR_USER,
    ),
]


@pytest.mark.parametrize(("method", "path", "params", "words"), FOREIGN_REQUESTS)
def test_another_user_can_neither_read_nor_change_a_users_device(
    method: str,
    path: str,
    params: dict[str, str],
    words: tuple[str, ...],
    api: Api,
    lock_api: Api,
    lock: Lock,
    names: dict[str, str],
    another_user: Api,
) -> None:
    lock_api.post("/messages", json={"sdid": lock.id, "data": {"state": "locked"}})
    before = device_state(api, lock)

    answer = another_user.request(
        method,
        filled(path, names),
        params=filled(params, names),
        json={"name": "mine now"} if method == "PUT" else None,
    )

    refusal(answer, 403, filled(words, names))
    assert device_state(api, lock) == before


# A device token on the routes of user tokens.

USER_ROUTES = [
    case("device-token-creates-a-device", "POST", "/devices"),
    case("device-token-reads-its-token", "GET", "/devices/<lock>/tokens"),
    case("device-token-replaces-its-token", "PUT", "/devices/<lock>/tokens"),
    case("device-token-revokes-its-token", "DELETE", "/devices/<lock>/tokens"),
    case("device-token-renames-its-device", "PUT", "/devices/<lock>"),
    case("device-token-deletes-its-device", "DELETE", "/devices/<lock>"),
    case("device-token-reads-the-user", "GET", "/users/self"),
    case("device-token-lists-the-users-devices", "GET", "/users/<owner>/devices"),
]


@pytest.mark.parametrize(("method", "path"), USER_ROUTES)
def test_a_device_token_cannot_use_the_routes_of_a_user(
    method: str,
    path: str,
    api: Api,
    lock_api: Api,
    lock: Lock,
    names: dict[str, str],
) -> None:
    before = device_state(api, lock)
    body = {"dtid": lock.dtid, "name": "rogue"} if method in ("POST", "PUT") else None

    answer = lock_api.request(method, filled(path, names), json=body)

    refusal(answer, 403, ("a device token cannot do this", "use a user token"))
    assert device_state(api, lock) == before


# Query parameters.

COUNT = ("'count'", "from 1 to 100")
PAGE = ("offset", "the 'next' value", "first page")
FORGED_OFFSET = "MTAwMDAwMDAwMDAwMDAwMDAwMDAwMDA6MQ"  # "10**22:1", past 64 bits
BAD_QUERIES = [
    case("count-zero", "/messages", {"sdid": LOCK, "count": "0"}, 400, COUNT),
    case("count-over-100", "/messages", {"sdid": LOCK, "count": "101"}, 400, COUNT),
    case(
        "count-not-a-number",
        "/messages",
        {"sdid": LOCK, "count": "abc"},
        400,
        ("'count'", "must be an integer", "'abc'"),
    ),
    case(
        "last-count-zero", "/messages/last", {"sdids": LOCK, "count": "0"}, 400, COUNT
    ),
    case(
        "order-sideways",
        "/messages",
        {"sdid": LOCK, "order": "sideways"},
        400,
        ("'order'", "'sideways'", "'asc'", "'desc'"),
    ),
    case(
        "start-date-after-end-date",
        "/messages",
        {"sdid": LOCK, "startDate": "5", "endDate": "4"},
        400,
        ("startDate 5", "endDate 4", "at or before"),
    ),
    case(
        "start-date-negative",
        "/messages",
        {"sdid": LOCK, "startDate": "-1"},
        400,
        ("'startDate'", "from 0 to"),
    ),
    case(
        "end-date-beyond-64-bits",
        "/messages",
        {"sdid": LOCK, "endDate": str(10**20)},
        400,
        ("'endDate'", "from 0 to 9223372036854775807"),
    ),
    case("garbage-offset", "/messages", {"sdid": LOCK, "offset": "page 2!"}, 400, PAGE),
    case(
        "forged-offset", "/messages", {"sdid": LOCK, "offset": FORGED_OFFSET}, 400, PAGE
    ),
    case(
        "field-with-a-quote",
        "/messages",
        {"sdid": LOCK, "fieldPresence": 'state"'},
        400,
        ("'fieldPresence'", "not a field name", "'state'"),
    ),
    case("messages-of-no-device", "/messages", {}, 400, ("'sdid'", "'sdids'", "'uid'")),
    case(
        "messages-of-an-unknown-device",
        "/messages",
        {"sdid": "0" * 32},
        404,
        ("0" * 32, "does not exist"),
    ),
    case(
        "empty-id-in-a-list",
        "/messages/snapshots",
        {"sdids": "<lock>,"},
        400,
        ("'sdids'", "empty ID"),
    ),
    case(
        "boolean-maybe",
        "/messages/snapshots",
        {"sdids": LOCK, "includeTimestamp": "maybe"},
        400,
        ("'includeTimestamp'", "true or false", "'maybe'"),
    ),
    case(
        "owner-everyone",
        "/users/<owner>/devices",
        {"owner": "EVERYONE"},
        400,
        ("'owner'", "'ALL'", "'ME'", "'SHARED'"),
    ),
    case(
        "negative-page-offset",
        "/devicetypes",
        {"offset": "-1"},
        400,
        ("'offset'", "from 0 to"),
    ),
]


@pytest.mark.parametrize(("path", "params", "status", "words"), BAD_QUERIES)
def test_a_bad_query_is_refused(
    path: str,
    params: dict[str, str],
    status: int,
    words: tuple[str, ...],
    api: Api,
    names: dict[str, str],
) -> None:
    answer = api.get(filled(path, names), params=filled(params, names))

    refusal(answer, status, filled(words, names))


# Actions: POST /actions to an alarm, as its owner.


def actions(*items: dict[str, Any]) -> dict[str, Any]:
    """A body sending `items` to the alarm."""
    return {"ddid": ALARM, "data": {"actions": list(items)}}


def alert(parameters: Any) -> dict[str, Any]:
    return actions({"name": "alert", "parameters": parameters})


BAD_ACTIONS = [
    case(
        "unknown-action",
        actions({"name": "explode"}),
        ("'explode'", "'setOn'", "'setOff'", "'alert'"),
    ),
    case(
        "parameter-of-the-wrong-class",
        alert({"ts": "soon"}),
        ("'alert'", "'ts'", "Long", "'soon'"),
    ),
    case(
        "number-for-a-string-parameter",
        alert({"message": 5}),
        ("'alert'", "'message'", "String"),
    ),
    case("parameters-not-an-object", alert(["loud"]), ("'parameters'", "an object")),
    case("no-actions-list", {"ddid": ALARM, "data": {}}, ("'actions'", "'name'")),
    case("empty-actions-list", actions(), ("non-empty 'actions' list",)),
    case("missing-ddid", {"data": {"actions": [{"name": "setOn"}]}}, ("'ddid'",)),
    case(
        "message-type-on-actions",
        {**actions({"name": "setOn"}), "type": "message"},
        ("'type'", "'message'", "allowed: action"),
    ),
]


@pytest.mark.parametrize(("body", "words"), BAD_ACTIONS)
def test_a_bad_action_is_refused_and_not_stored(
    body: dict[str, Any], words: tuple[str, ...], api: Api, admin: Api
) -> None:
    alarm = make_device(api, SAMPLE_ALARM, "hall alarm")
    ledger = Ledger(admin)

    answer = api.post("/actions", json=filled(body, {ALARM: alarm.id}))

    refusal(answer, 400, words)
    ledger.assert_one_rejected()
    listed = api.get("/actions", params={"ddid": alarm.id, "startDate": 0})
    assert listed.json()["data"] == []


# Devices: POST /devices as a user.


def device(**changes: Any) -> dict[str, Any]:
    """A valid new lock, changed: OMIT drops a key."""
    return {
        key: value
        for key, value in {"dtid": LOCK_TYPE, "name": "door", **changes}.items()
        if value is not OMIT
    }


ZONES = ("properties.timezone", "not an IANA time zone", "'Europe/Berlin'")
BAD_DEVICES = [
    case(
        "unknown-dtid",
        device(dtid="dt" + "0" * 32),
        400,
        ("'dt000", "names no device type", "GET /devicetypes"),
    ),
    case(
        "time-zone-on-mars",
        device(properties={"timezone": "Mars/Olympus"}),
        400,
        ("'Mars/Olympus'", *ZONES),
    ),
    case(
        "time-zone-a-folder-of-zones",
        device(properties={"timezone": "America"}),
        400,
        ("'America'", *ZONES),
    ),
    case("time-zone-too-long", device(properties={"timezone": "Z" * 300}), 400, ZONES),
    case("time-zone-a-number", device(properties={"timezone": 2}), 400, ZONES),
    case(
        "properties-not-an-object",
        device(properties=["UTC"]),
        400,
        ("'properties'", "JSON object"),
    ),
    case("missing-name", device(name=OMIT), 400, ("missing 'name'",)),
    case("name-not-a-string", device(name=7), 400, ("'name'", "non-empty string")),
    case(
        "unknown-device-key",
        device(colour="red"),
        400,
        ("unknown key 'colour'", "'dtid'", "'name'"),
    ),
    case(
        "unknown-manifest-policy",
        device(manifestVersionPolicy="SOMETIMES"),
        400,
        ("'manifestVersionPolicy'", "'SOMETIMES'", "'LATEST'", "'DEVICE'"),
    ),
    case("uid-not-a-string", device(uid=["me"]), 400, ("'uid'", "user ID string")),
    case(
        "uid-of-another-user",
        device(uid="f" * 32),
        403,
        ("may not create devices for user", "f" * 32),
    ),
]


@pytest.mark.parametrize(("body", "status", "words"), BAD_DEVICES)
def test_a_bad_device_is_not_created(
    body: dict[str, Any],
    status: int,
    words: tuple[str, ...],
    api: Api,
    lock: Lock,
    names: dict[str, str],
) -> None:
    before = api.get(f"/users/{lock.uid}/devices").json()["total"]

    answer = api.post("/devices", json=filled(body, names))

    refusal(answer, status, words)
    assert api.get(f"/users/{lock.uid}/devices").json()["total"] == before


# Device types: POST /emulator/devicetypes.


def field(**spec: Any) -> dict[str, Any]:
    """A manifest of one String field `state`, changed by `spec`."""
    return {"fields": [{"name": "state", "valueClass": "String", **spec}]}


def action(**spec: Any) -> dict[str, Any]:
    """A manifest of one action `ring`, changed by `spec`."""
    return {"actions": [{"name": "ring", **spec}]}


def device_type(**changes: Any) -> dict[str, Any]:
    """A valid new device type, changed: OMIT drops a key."""
    body = {"name": NAME, "manifest": field(), **changes}
    return {key: value for key, value in body.items() if value is not OMIT}


CLASSES = "allowed: String, Boolean, Integer, Long, Double, Float"
BAD_DEVICE_TYPES = [
    case(
        "manifest-not-an-object",
        device_type(manifest="fields"),
        ("manifest must be a JSON object", "not a string"),
    ),
    case(
        "manifest-empty",
        device_type(manifest={}),
        ("needs at least one field or action",),
    ),
    case(
        "unknown-manifest-key",
        device_type(manifest={**field(), "colour": "red"}),
        ("'colour'", "allowed: 'fields', 'actions', 'messageFormat'"),
    ),
    case(
        "message-format-xml",
        device_type(manifest={**field(), "messageFormat": "xml"}),
        ("messageFormat 'xml'", "only 'json'"),
    ),
    case(
        "fields-not-a-list",
        device_type(manifest={"fields": {"state": "String"}}),
        ("fields must be a list", "not an object"),
    ),
    case(
        "field-without-a-name",
        device_type(manifest={"fields": [{"valueClass": "String"}]}),
        ("fields[0]", "with a 'name'"),
    ),
    case(
        "unknown-value-class",
        device_type(manifest=field(valueClass="Text")),
        ("'state'", "'Text'", CLASSES),
    ),
    case(
        "repeated-field-name",
        device_type(manifest={"fields": field()["fields"] * 2}),
        ("fields[1] repeats the field name 'state'",),
    ),
    case(
        "values-string-not-strings",
        device_type(manifest=field(metaData={"VALUES_STRING": [1, 2]})),
        ("VALUES_STRING must list strings",),
    ),
    case(
        "metadata-not-an-object",
        device_type(manifest=field(metaData=["locked"])),
        ("'state'", "metaData must be an object", "not a list"),
    ),
    case(
        "is-collection-not-a-boolean",
        device_type(manifest=field(isCollection="yes")),
        ("'state'", "isCollection must be true or false"),
    ),
    case(
        "empty-group-of-fields",
        device_type(manifest={"fields": [{"name": "door", "fields": []}]}),
        ("'door'", "group with no fields"),
    ),
    case(
        "actions-not-a-list",
        device_type(manifest={"actions": {"ring": {}}}),
        ("actions must be a list", "not an object"),
    ),
    case(
        "action-parameters-not-a-list",
        device_type(manifest=action(parameters={"volume": "Integer"})),
        ("actions[0].parameters must be a list", "not an object"),
    ),
    case(
        "action-parameter-without-a-name",
        device_type(manifest=action(parameters=[{"valueClass": "Integer"}])),
        ("actions[0].parameters[0]", "with a 'name'"),
    ),
    case(
        "action-parameter-value-class",
        device_type(
            manifest=action(parameters=[{"name": "vol", "valueClass": "Loud"}])
        ),
        ("'vol'", "'Loud'", CLASSES),
    ),
    case(
        "repeated-action-name",
        device_type(manifest={"actions": [{"name": "ring"}, {"name": "ring"}]}),
        ("actions[1] repeats the action name 'ring'",),
    ),
    case(
        "missing-manifest",
        device_type(manifest=OMIT),
        ("missing 'manifest'", "'fields'", "'actions'"),
    ),
    case(
        "unique-name-taken",
        device_type(uniqueName="cloud.artik.sample.virtual.lock"),
        ("uniqueName 'cloud.artik.sample.virtual.lock' exists", "choose another"),
    ),
    case(
        "owner-not-a-user",
        device_type(uid="f" * 32),
        ("'uid'", "names no user"),
    ),
]


@pytest.mark.parametrize(("body", "words"), BAD_DEVICE_TYPES)
def test_a_bad_device_type_is_not_created(
    body: dict[str, Any], words: tuple[str, ...], api: Api, admin: Api
) -> None:
    name = f"broken {uuid.uuid4().hex}"

    answer = admin.post("/devicetypes", json=filled(body, {NAME: name}))

    refusal(answer, 400, words)
    assert api.get("/devicetypes", params={"name": name}).json()["total"] == 0


# The emulator's clock: POST /emulator/clock.

BAD_CLOCK_CHANGES = [
    case("clock-advance-past-2-53", {"advance": 1e300}, ("'advance'", "0 to 2**53")),
    case(
        "clock-speed-over-a-million", {"speed": 1e308}, ("'speed'", "at most 1000000")
    ),
    case("clock-now-negative", {"now": -5}, ("'now'", "from 0 to 2**53", "-5")),
    case("clock-frozen-a-string", {"frozen": "yes"}, ("'frozen'", "true or false")),
    case(
        "clock-unknown-key",
        {"tick": 1},
        ("unknown key 'tick'", "'now'", "'advance'", "'frozen'", "'speed'"),
    ),
    case("clock-now-deeply-nested", {"now": nested(40)}, ("levels deep", "at most 32")),
    case(
        "clock-no-change", {}, ("send at least one of", "now, advance, frozen, speed")
    ),
]


@pytest.mark.parametrize(("body", "words"), BAD_CLOCK_CHANGES)
def test_a_bad_clock_change_leaves_the_clock_alone(
    body: dict[str, Any], words: tuple[str, ...], admin: Api
) -> None:
    before = admin.get("/clock").json()["data"]

    answer = admin.post("/clock", json=body)

    refusal(answer, 400, words)
    after = admin.get("/clock").json()["data"]
    assert (after["frozen"], after["speed"]) == (before["frozen"], before["speed"])
    assert 0 <= after["now"] - before["now"] < 60_000, "the clock did not jump"


# Routes that do not exist, and methods a route does not take.

BAD_ROUTES = [
    case("unknown-route", "GET", "/v1.1/locks", 404, ("no route GET /v1.1/locks",)),
    case("unknown-emulator-route", "POST", "/emulator/locks", 404, ("no route POST",)),
    case("unknown-api-version", "GET", "/v2/messages", 404, ("no route GET",)),
    case("wrong-method", "DELETE", "/v1.1/devicetypes", 405, ("DELETE", "use", "GET")),
    case(
        "wrong-method-on-an-emulator-route",
        "PUT",
        "/emulator/health",
        405,
        ("PUT", "use", "GET"),
    ),
    case(
        "wrong-method-on-a-shared-path",
        "PUT",
        "/v1.1/messages",
        405,
        ("PUT", "use", "GET, POST"),
    ),
]


@pytest.mark.parametrize(("method", "path", "status", "words"), BAD_ROUTES)
def test_an_unknown_route_or_method_answers_the_envelope(
    method: str,
    path: str,
    status: int,
    words: tuple[str, ...],
    emulator: EmulatorInfo,
) -> None:
    answer = requests.request(
        method,
        emulator.base_url + path,
        headers={"Authorization": f"Bearer {emulator.user_token}"},
        timeout=HTTP_TIMEOUT,
    )

    message = refusal(answer, status, words)
    if status == 404:
        assert "/openapi.json" in message, "a 404 points to the list of routes"


# The catalogue.

CASE_TABLES = [
    MESSAGE_BODIES,
    CREDENTIALS,
    FOREIGN_REQUESTS,
    USER_ROUTES,
    BAD_QUERIES,
    BAD_ACTIONS,
    BAD_DEVICES,
    BAD_DEVICE_TYPES,
    BAD_CLOCK_CHANGES,
    BAD_ROUTES,
]


def test_the_catalogue_lists_every_case_and_no_other() -> None:
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", CATALOGUE.read_text(), re.MULTILINE)
    tested = [row.id for table in CASE_TABLES for row in table]

    assert len(tested) == len(set(tested)), "each case has an id of its own"
    assert sorted(listed) == sorted(tested)
