"""The official artikcloud SDK, unchanged, against the emulator.

Each test does what a user of the SDK would do and checks what they would look at:
values come back as sent, IDs match, counts add up.
"""

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import artikcloud
import pytest
from artikcloud.rest import ApiException

from tests.conftest import SAMPLE_ALARM, SAMPLE_LOCK
from tests.emulator.sdk_steps import (
    bearer,
    create_device,
    delete_quietly,
    device_type,
    put_device_token,
    send_states,
)

# The SDK's calls have no timeout of their own; the mark bounds each test instead.
# The SDK reads response headers with a call that urllib3 1.26 deprecates.
pytestmark = [
    pytest.mark.sdk,
    pytest.mark.timeout(60),
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheaders:DeprecationWarning"),
]

MID = re.compile(r"[0-9a-f]{32}")
HOUR_MS = 3_600_000


def now_ms() -> int:
    return int(time.time() * 1000)


@pytest.fixture(scope="module")
def sdk(emulator: Any) -> Iterator[artikcloud.ApiClient]:
    """An SDK client bound to the emulator, acting as the start-up user.

    Its host is given when it is built: the SDK reads the host only then.
    """
    with bearer(emulator.user_token):
        yield artikcloud.ApiClient(host=emulator.api_url)


@pytest.fixture
def lock(sdk: artikcloud.ApiClient) -> Iterator[Any]:
    """A sample lock created through the SDK, deleted after the test."""
    device = create_device(sdk, SAMPLE_LOCK, "sdk front door")
    try:
        yield device
    finally:
        delete_quietly(sdk, device.id)


@pytest.fixture
def alarm(sdk: artikcloud.ApiClient) -> Iterator[Any]:
    """A sample alarm created through the SDK, deleted after the test."""
    device = create_device(sdk, SAMPLE_ALARM, "sdk hallway alarm")
    try:
        yield device
    finally:
        delete_quietly(sdk, device.id)


def test_the_sdk_names_the_emulators_user(sdk, emulator):
    me = artikcloud.UsersApi(sdk).get_self().data

    assert me.id == emulator.user_id
    assert me.name
    assert me.email
    assert me.created_on <= me.modified_on <= now_ms()


def test_the_sdk_without_a_token_is_refused_with_401(sdk):
    with bearer(""), pytest.raises(ApiException) as caught:
        artikcloud.UsersApi(sdk).get_self()

    assert caught.value.status == 401
    assert json.loads(caught.value.body)["error"]["code"] == 401


def test_a_device_created_by_the_sdk_reads_back_as_sent(sdk, lock, emulator):
    read = artikcloud.DevicesApi(sdk).get_device(lock.id).data

    assert MID.fullmatch(lock.id)
    assert read.id == lock.id
    assert read.uid == emulator.user_id
    assert read.dtid == device_type(sdk, SAMPLE_LOCK).id
    assert read.name == "sdk front door"
    assert read.properties == {"timezone": "Europe/Berlin"}
    assert read.manifest_version == 1
    assert read.connected is False


def test_a_device_renamed_by_the_sdk_keeps_its_id_type_and_properties(sdk, lock):
    devices = artikcloud.DevicesApi(sdk)

    updated = devices.update_device(lock.id, artikcloud.Device(name="sdk back door"))
    read = devices.get_device(lock.id).data

    assert updated.data.name == read.name == "sdk back door"
    assert read.id == lock.id
    assert read.dtid == lock.dtid
    assert read.properties == lock.properties


def test_a_device_deleted_by_the_sdk_is_gone(sdk):
    devices = artikcloud.DevicesApi(sdk)
    device = create_device(sdk, SAMPLE_LOCK, "sdk shed door")

    deleted = devices.delete_device(device.id).data
    with pytest.raises(ApiException) as caught:
        devices.get_device(device.id)

    assert deleted.id == device.id
    assert caught.value.status == 404
    assert device.id in json.loads(caught.value.body)["error"]["message"]


def test_a_device_token_is_created_read_used_and_revoked_through_the_sdk(sdk, lock):
    devices = artikcloud.DevicesApi(sdk)
    messages = artikcloud.MessagesApi(sdk)

    with pytest.raises(ApiException) as before:
        devices.get_device_token(lock.id)
    created = put_device_token(sdk, lock.id)
    read = devices.get_device_token(lock.id).data
    with bearer(created.access_token):
        posted = messages.send_message(
            artikcloud.Message(sdid=lock.id, data={"state": "locked"})
        )
    revoked = devices.delete_device_token(lock.id).data
    with bearer(created.access_token), pytest.raises(ApiException) as after:
        messages.send_message(
            artikcloud.Message(sdid=lock.id, data={"state": "locked"})
        )

    assert before.value.status == 404
    assert (read.access_token, read.did, read.uid) == (
        created.access_token,
        lock.id,
        lock.uid,
    )
    assert read.cid
    assert MID.fullmatch(posted.data.mid)
    assert revoked.access_token == created.access_token
    assert after.value.status == 401


def test_the_sdks_own_update_device_token_fails_before_sending(sdk, lock):
    with pytest.raises(ApiException) as caught:
        artikcloud.DevicesApi(sdk).update_device_token(lock.id)

    assert caught.value.status == 0
    with pytest.raises(ApiException) as still_none:
        artikcloud.DevicesApi(sdk).get_device_token(lock.id)
    assert still_none.value.status == 404


def test_a_message_sent_by_the_sdk_reads_back_with_its_ids_and_values(sdk, lock):
    messages = artikcloud.MessagesApi(sdk)
    ts = now_ms() - 60_000

    mid = messages.send_message(
        artikcloud.Message(sdid=lock.id, ts=ts, data={"state": "unlocked"})
    ).data.mid
    page = messages.get_normalized_messages(
        sdid=lock.id, start_date=ts - 1, end_date=ts + 1
    )

    assert MID.fullmatch(mid)
    assert page.sdid == lock.id
    assert page.size == len(page.data) == 1
    message = page.data[0]
    assert (message.mid, message.sdid, message.sdtid, message.uid) == (
        mid,
        lock.id,
        lock.dtid,
        lock.uid,
    )
    assert message.ts == ts
    assert message.cts >= ts
    assert message.mv == 1
    assert message.data == {"state": "unlocked"}


def test_a_fractional_ts_sent_by_the_sdk_is_stored_truncated(sdk, lock):
    messages = artikcloud.MessagesApi(sdk)
    ts = now_ms() - 60_000

    messages.send_message(
        artikcloud.Message(sdid=lock.id, ts=ts + 0.875, data={"state": "locked"})
    )
    page = messages.get_normalized_messages(
        sdid=lock.id, start_date=ts - 1000, end_date=ts + 1000
    )

    assert [message.ts for message in page.data] == [ts]


def test_normalized_messages_page_through_next_in_either_order(sdk, lock):
    messages = artikcloud.MessagesApi(sdk)
    first = now_ms() - HOUR_MS
    states = ["locked", "unlocked", "locked", "unlocked", "locked"]
    mids = send_states(sdk, lock.id, first, states)

    def read_all(order: str) -> tuple[list[str], list[int]]:
        seen: list[str] = []
        sizes: list[int] = []
        offset = None
        while True:
            page = messages.get_normalized_messages(
                sdid=lock.id,
                start_date=first,
                end_date=first + len(states) * 1000,
                count=2,
                order=order,
                **({"offset": offset} if offset else {}),
            )
            assert page.order == order
            assert page.count == 2
            seen.extend(message.mid for message in page.data)
            sizes.append(page.size)
            offset = page.next
            if offset is None:
                return seen, sizes

    ascending, sizes = read_all("asc")
    descending, _ = read_all("desc")

    assert ascending == mids
    assert descending == mids[::-1]
    assert sizes == [2, 2, 1]


def test_a_message_is_found_by_its_mid_alone_beyond_the_first_page(sdk, lock):
    _, newer = send_states(sdk, lock.id, now_ms() - HOUR_MS, ["locked", "unlocked"])

    found = artikcloud.MessagesApi(sdk).get_normalized_messages(mid=newer, count=1)

    assert [(m.mid, m.data) for m in found.data] == [(newer, {"state": "unlocked"})]
    assert found.next is None


def test_last_messages_are_the_newest_first(sdk, lock):
    mids = send_states(
        sdk, lock.id, now_ms() - HOUR_MS, ["locked", "unlocked", "locked"]
    )

    last = artikcloud.MessagesApi(sdk).get_last_normalized_messages(
        count=2, sdids=lock.id
    )

    assert last.sdids == lock.id
    assert last.size == 2
    assert [message.mid for message in last.data] == [mids[2], mids[1]]
    assert all(message.sdid == lock.id for message in last.data)


def test_a_snapshot_holds_each_devices_latest_state_and_its_ts(sdk, lock, alarm):
    first = now_ms() - HOUR_MS
    send_states(sdk, lock.id, first, ["unlocked", "locked"])
    artikcloud.MessagesApi(sdk).send_message(
        artikcloud.Message(sdid=alarm.id, ts=first, data={"on": True})
    )

    snapshots = artikcloud.MessagesApi(sdk).get_message_snapshots(
        sdids=f"{lock.id},{alarm.id}", include_timestamp=True
    )

    by_device = {snapshot.sdid: snapshot.data for snapshot in snapshots.data}
    assert snapshots.size == 2
    assert by_device[lock.id] == {"state": {"value": "locked", "ts": first + 1000}}
    assert by_device[alarm.id] == {"on": {"value": True, "ts": first}}


def test_actions_sent_to_the_alarm_are_listed_with_their_parameters(sdk, alarm):
    messages = artikcloud.MessagesApi(sdk)
    ts = now_ms() - 60_000
    alert = {"message": "door unlocked at night", "value": "unlocked", "ts": ts}
    actions = artikcloud.Actions(
        ddid=alarm.id,
        ts=ts,
        data=artikcloud.ActionArray(
            actions=[
                artikcloud.Action(name="setOn", parameters={}),
                artikcloud.Action(name="alert", parameters=alert),
            ]
        ),
    )

    mid = messages.send_actions(actions).data.mid
    listed = messages.get_normalized_actions(
        ddid=alarm.id, start_date=ts - 1, end_date=ts + 1
    )

    assert listed.ddid == alarm.id
    assert listed.size == 1
    action = listed.data[0]
    assert (action.mid, action.ddid, action.ddtid, action.uid, action.ts) == (
        mid,
        alarm.id,
        alarm.dtid,
        alarm.uid,
        ts,
    )
    assert [(a.name, a.parameters) for a in action.data.actions] == [
        ("setOn", {}),
        ("alert", alert),
    ]


def test_an_action_the_alarm_does_not_take_is_refused_with_400(sdk, alarm):
    actions = artikcloud.Actions(
        ddid=alarm.id,
        data=artikcloud.ActionArray(actions=[artikcloud.Action(name="unlock")]),
    )

    with pytest.raises(ApiException) as caught:
        artikcloud.MessagesApi(sdk).send_actions(actions)

    assert caught.value.status == 400
    assert "setOn" in json.loads(caught.value.body)["error"]["message"]


def test_the_alarm_device_type_and_its_manifest_read_alike_everywhere(sdk):
    types = artikcloud.DeviceTypesApi(sdk)

    found = types.get_device_types(name=SAMPLE_ALARM)
    alarm_type = next(dt for dt in found.data.device_types if dt.name == SAMPLE_ALARM)
    read = types.get_device_type(alarm_type.id).data
    manifest = types.get_latest_manifest_properties(alarm_type.id).data.properties
    versions = types.get_available_manifest_versions(alarm_type.id).data.versions

    assert found.total >= found.count == len(found.data.device_types) >= 1
    assert read.id == alarm_type.id
    assert read.name == SAMPLE_ALARM
    assert read.unique_name == alarm_type.unique_name
    assert manifest.fields["on"]["valueClass"] == "Boolean"
    assert {"setOn", "setOff", "alert"} <= set(manifest.actions)
    assert versions == [str(v) for v in range(1, read.latest_version + 1)]


def test_device_status_tells_the_last_message_and_the_snapshot(sdk, lock):
    ts = now_ms() - 60_000
    send_states(sdk, lock.id, ts, ["unlocked"])

    status = artikcloud.DevicesStatusApi(sdk).get_device_status(
        lock.id, include_snapshot=True, include_snapshot_timestamp=True
    )

    assert status.did == lock.id
    assert status.data.last_message_ts == ts
    assert status.data.availability
    assert status.data.snapshot == {"state": {"value": "unlocked", "ts": ts}}


def test_user_devices_list_every_device_once_with_its_properties(sdk, lock, alarm):
    users = artikcloud.UsersApi(sdk)
    uid = users.get_self().data.id

    listed: list[Any] = []
    offset = 0
    while True:
        page = users.get_user_devices(
            uid, offset=offset, count=2, include_properties=True
        )
        listed.extend(page.data.devices)
        offset += page.count
        if page.count == 0 or offset >= page.total:
            break
    without = users.get_user_devices(uid, count=100, include_properties=False)

    by_id = {device.id: device for device in listed}
    assert len(by_id) == len(listed) == page.total
    assert by_id[lock.id].properties == {"timezone": "Europe/Berlin"}
    assert by_id[alarm.id].dtid == alarm.dtid
    assert all(device.uid == uid for device in listed)
    assert all(device.properties is None for device in without.data.devices)


def test_a_bad_value_raises_api_exception_400_with_the_envelope(sdk, lock):
    bad = artikcloud.Message(sdid=lock.id, data={"state": "ajar"})

    with pytest.raises(ApiException) as caught:
        artikcloud.MessagesApi(sdk).send_message(bad)

    error = json.loads(caught.value.body)["error"]
    assert caught.value.status == 400
    assert error["code"] == 400
    assert "state" in error["message"]
    assert "ajar" in error["message"]
