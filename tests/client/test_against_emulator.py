"""The client against the real emulator: each call does what a user expects."""

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import pytest

from harness.client import (
    BadRequest,
    DeviceClient,
    EmulatorAdmin,
    Forbidden,
    NotFound,
    Unauthorized,
    UserClient,
)

LOCK_TYPE = "Sample Virtual Lock"
HOUR_MS = 3_600_000


@pytest.fixture
def user(emulator: Any) -> Iterator[UserClient]:
    client = UserClient(emulator.api_url, emulator.user_token)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def emulator_admin(emulator: Any) -> Iterator[EmulatorAdmin]:
    client = EmulatorAdmin(emulator.base_url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def lock_type(user: UserClient) -> str:
    matches = user.device_types.find(LOCK_TYPE).items
    return str(next(dt["id"] for dt in matches if dt["name"] == LOCK_TYPE))


@pytest.fixture
def door(user: UserClient, lock_type: str) -> Iterator[dict[str, Any]]:
    device = user.devices.create(lock_type, "front door")
    try:
        yield device
    finally:
        # A test may have deleted the device itself.
        with contextlib.suppress(NotFound):
            user.devices.delete(device["id"])


@pytest.fixture
def door_client(user: UserClient, door: dict[str, Any]) -> Iterator[DeviceClient]:
    client = user.device_client(door["id"])
    try:
        yield client
    finally:
        client.close()


def now_ms() -> int:
    return int(time.time() * 1000)


def skip_unless_served(error: NotFound) -> None:
    if "no route" in error.message:
        pytest.skip(f"the emulator does not serve this route yet: {error.message}")


def test_the_user_token_belongs_to_the_emulators_user(user, emulator):
    me = user.users.get_self()

    assert me["id"] == emulator.user_id
    assert user.user_id() == emulator.user_id


def test_a_device_type_is_found_by_its_exact_name_only(user, lock_type):
    assert user.device_types.id_of(LOCK_TYPE) == lock_type
    assert user.device_types.id_of(LOCK_TYPE.lower()) is None
    assert user.device_types.id_of("Sample Virtual") is None


def test_the_sample_lock_type_declares_a_locked_or_unlocked_state(user, lock_type):
    manifest = user.device_types.latest_properties(lock_type)["properties"]

    state = manifest["fields"]["state"]
    assert state["metaData"]["VALUES_STRING"] == ["locked", "unlocked"]
    assert user.device_types.get(lock_type)["name"] == LOCK_TYPE


def test_a_device_is_created_renamed_listed_and_deleted(user, lock_type):
    created = user.devices.create(
        lock_type, "back door", properties={"timezone": "Europe/Berlin"}
    )
    did = created["id"]

    renamed = user.devices.update(did, {"name": "garden door"})
    listed = [device["id"] for device in user.devices.iter_all(page_size=1)]
    deleted = user.devices.delete(did)

    assert created["uid"] == user.user_id()
    assert renamed["name"] == "garden door"
    assert did in listed
    assert deleted["id"] == did
    with pytest.raises(NotFound):
        user.devices.get(did)


def test_a_lock_posts_its_messages_and_reads_them_back_in_order(
    user, door, door_client
):
    start = now_ms() - 10 * HOUR_MS
    states = ["locked", "unlocked", "locked", "unlocked", "locked"]
    events = [(start + n * HOUR_MS, {"state": s}) for n, s in enumerate(states)]

    mids = door_client.send_many(events)
    history = list(user.messages.iter_all(door["id"], start, now_ms(), page_size=2))
    newest = door_client.last(count=2)

    assert len(set(mids)) == 5
    assert [message["mid"] for message in history] == mids
    assert [message["ts"] for message in history] == [ts for ts, _ in events]
    assert [message["mid"] for message in newest] == [mids[4], mids[3]]


def test_a_snapshot_holds_the_latest_state_of_a_lock(user, door, door_client):
    door_client.send({"state": "unlocked"}, ts=now_ms() - 2000)
    door_client.send({"state": "locked"}, ts=now_ms() - 1000)

    snapshot = user.messages.snapshots([door["id"]])

    assert snapshot[0]["sdid"] == door["id"]
    assert snapshot[0]["data"]["state"]["value"] == "locked"


def test_a_state_outside_the_manifest_is_refused_naming_the_field(door_client):
    with pytest.raises(BadRequest) as caught:
        door_client.send({"state": "ajar"})

    assert "state" in caught.value.message
    assert "ajar" in caught.value.message
    assert caught.value.status == 400


def test_a_device_token_may_not_post_for_another_device(
    user, door, lock_type, emulator
):
    other = user.devices.create(lock_type, "side door")
    other_token = user.tokens.replace(other["id"])["accessToken"]
    impostor = DeviceClient(emulator.api_url, door["id"], other_token)

    try:
        with pytest.raises(Forbidden, match=door["id"]):
            impostor.send({"state": "unlocked"})
    finally:
        impostor.close()
        user.devices.delete(other["id"])


def test_a_revoked_device_token_is_refused(user, door, door_client):
    door_client.send({"state": "locked"})

    user.tokens.revoke(door["id"])

    with pytest.raises(Unauthorized, match="token"):
        door_client.send({"state": "unlocked"})


def test_a_replaced_device_token_is_the_one_read_back(user, door):
    replaced = user.tokens.replace(door["id"])

    assert user.tokens.get(door["id"])["accessToken"] == replaced["accessToken"]
    assert replaced["did"] == door["id"]


def test_an_action_sent_to_a_lock_is_listed_for_it(user, door):
    mid = user.actions.send(door["id"], "lock")

    page = user.actions.list(door["id"])

    assert mid in [action["mid"] for action in page.items]


def test_another_users_device_is_out_of_reach(user, door, emulator_admin, emulator):
    stranger = emulator_admin.create_user("mallory")
    other = UserClient(emulator.api_url, stranger["accessToken"])

    with pytest.raises((Forbidden, NotFound)):
        other.devices.get(door["id"])


def test_the_emulator_reports_health_and_counts_stored_messages(
    emulator_admin, door_client
):
    before = emulator_admin.counters()
    door_client.send({"state": "locked"})
    after = emulator_admin.counters()

    assert emulator_admin.health()["status"] == "ok"
    assert after != before


def test_the_emulator_clock_can_be_frozen_set_and_advanced(emulator_admin):
    moment = 1_700_000_000_000
    try:
        emulator_admin.freeze()
        emulator_admin.set_clock(moment)
        clock = emulator_admin.advance(60_000)

        assert clock["now"] == moment + 60_000
        assert clock["frozen"] is True
        assert emulator_admin.clock()["now"] == moment + 60_000
    finally:
        emulator_admin.set_speed(1.0)
        emulator_admin.unfreeze()
        emulator_admin.set_clock(now_ms())


def test_a_rule_is_created_read_listed_and_deleted(user, door):
    rule = {
        "if": {
            "sdid": door["id"],
            "field": "state",
            "operator": "=",
            "operand": {"value": "unlocked"},
        },
        "then": [{"ddid": door["id"], "action": "lock", "parameters": {}}],
    }
    try:
        created = user.rules.create("lock it again", rule)
    except NotFound as error:
        skip_unless_served(error)
        raise

    listed = [item["id"] for item in user.rules.iter_all()]
    read = user.rules.get(created["id"])
    user.rules.delete(created["id"])

    assert created["uid"] == user.user_id()
    assert read["name"] == "lock it again"
    assert created["id"] in listed
    with pytest.raises(NotFound):
        user.rules.get(created["id"])


def test_a_model_is_created_read_and_deleted(user, door):
    sources = [{"sdid": door["id"], "field": "state"}]
    try:
        model = user.models.create("anomalyDetection", sources)
    except NotFound as error:
        skip_unless_served(error)
        raise

    read = user.models.get(model["id"])
    user.models.delete(model["id"])

    assert read["status"] in ("training", "ready", "error")
    with pytest.raises(NotFound):
        user.models.get(model["id"])


def test_a_device_reads_itself_with_its_own_token(emulator: Any) -> None:
    with UserClient(emulator.api_url, emulator.user_token) as user:
        dtid = next(
            dt["id"]
            for dt in user.device_types.find("Sample Virtual Lock").items
            if dt["name"] == "Sample Virtual Lock"
        )
        created = user.devices.create(
            dtid, "self reader", properties={"timezone": "Asia/Tokyo"}
        )
        with user.device_client(created["id"]) as device:
            itself = device.device()

    assert itself["id"] == created["id"]
    assert itself["properties"] == {"timezone": "Asia/Tokyo"}
