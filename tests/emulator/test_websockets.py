"""WebSockets: a device channel registers, sends, gets actions; live feeds follow."""

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from tests.conftest import SAMPLE_ALARM, SAMPLE_LOCK, Api, Lock, make_device

DEADLINE_S = 5.0


@pytest.fixture(scope="module")
def chatty() -> Iterator[EmulatorInfo]:
    """An emulator that pings every 0.2 s and waits 1 s for a device to register."""
    process = EmulatorProcess(
        db=":memory:",
        extra_args=("--ws-ping-seconds", "0.2", "--ws-register-seconds", "1"),
    )
    try:
        yield process.start()
    finally:
        process.close()


def ws_url(info: EmulatorInfo, path: str) -> str:
    return info.api_url.replace("http://", "ws://") + path


def next_frame(ws: ClientConnection, skip_pings: bool = True) -> dict[str, Any]:
    """The next frame within the deadline, pings passed over unless asked for."""
    end = time.monotonic() + DEADLINE_S
    while True:
        frame = json.loads(ws.recv(timeout=max(end - time.monotonic(), 0.01)))
        if not (skip_pings and frame.get("type") == "ping"):
            return dict(frame)


def register(ws: ClientConnection, device: Lock, cid: str = "r1") -> dict[str, Any]:
    ws.send(
        json.dumps(
            {
                "type": "register",
                "sdid": device.id,
                "authorization": f"bearer {device.token}",
                "cid": cid,
            }
        )
    )
    return next_frame(ws)


def test_a_device_registers_and_sends_a_message_with_an_ack(
    emulator: EmulatorInfo, api: Api, lock: Lock
) -> None:
    with connect(ws_url(emulator, "/websocket?ack=true")) as ws:
        registered = register(ws, lock)
        ws.send(json.dumps({"sdid": lock.id, "data": {"state": "unlocked"}, "cid": 7}))
        acked = next_frame(ws)

    assert registered == {"data": {"code": "200", "message": "OK", "cid": "r1"}}
    assert acked["data"]["cid"] == 7
    stored = api.get("/messages", params={"sdid": lock.id}).json()["data"]
    assert [m["mid"] for m in stored] == [acked["data"]["mid"]]
    assert stored[0]["data"] == {"state": "unlocked"}


def test_an_action_reaches_the_devices_channel(
    emulator: EmulatorInfo, api: Api
) -> None:
    alarm = make_device(api, SAMPLE_ALARM, "phone")
    with connect(ws_url(emulator, "/websocket?ack=true")) as ws:
        register(ws, alarm)
        assert api.get(f"/devices/{alarm.id}").json()["data"]["connected"] is True

        sent = api.post(
            "/actions",
            json={
                "ddid": alarm.id,
                "data": {
                    "actions": [{"name": "alert", "parameters": {"message": "!"}}]
                },
            },
        ).json()["data"]
        pushed = next_frame(ws)

    assert pushed["type"] == "action"
    assert pushed["mid"] == sent["mid"]
    assert pushed["ddid"] == alarm.id
    assert pushed["data"]["actions"] == [
        {"name": "alert", "parameters": {"message": "!"}}
    ]


@pytest.mark.parametrize(
    "frame, status, fragment",
    [
        ("not json", 400, "is not a JSON object"),
        ('{"sdid": "nobody", "data": {"state": "locked"}}', 403, "is not registered"),
        (
            '{"type": "register", "sdid": "x", "authorization": "bearer nope"}',
            401,
            "invalid access token",
        ),
        ('{"type": "register", "authorization": "bearer nope"}', 400, "needs 'sdid'"),
    ],
    ids=["not-json", "unregistered-device", "bad-token", "no-sdid"],
)
def test_a_bad_frame_gets_an_error_and_the_channel_stays_open(
    emulator: EmulatorInfo, lock: Lock, frame: str, status: int, fragment: str
) -> None:
    with connect(ws_url(emulator, "/websocket?ack=true")) as ws:
        register(ws, lock)
        ws.send(frame)
        error = next_frame(ws)
        ws.send(json.dumps({"sdid": lock.id, "data": {"state": "locked"}, "cid": 2}))
        still_open = next_frame(ws)

    assert error["error"]["code"] == status
    assert fragment in error["error"]["message"]
    assert "mid" in still_open["data"]


def test_a_bad_message_on_the_channel_is_refused_and_not_stored(
    emulator: EmulatorInfo, api: Api, lock: Lock
) -> None:
    with connect(ws_url(emulator, "/websocket?ack=true")) as ws:
        register(ws, lock)
        ws.send(json.dumps({"sdid": lock.id, "data": {"state": "ajar"}, "cid": "c9"}))
        error = next_frame(ws)

    assert error["error"]["code"] == 400
    assert error["error"]["cid"] == "c9"
    assert "'ajar'" in error["error"]["message"]
    assert api.get("/messages", params={"sdid": lock.id}).json()["size"] == 0


def test_the_channel_pings(chatty: EmulatorInfo) -> None:
    with Api(chatty.api_url, chatty.user_token) as api:
        lock = make_device(api, SAMPLE_LOCK, "door")
    with connect(ws_url(chatty, "/websocket?ack=true")) as ws:
        register(ws, lock)
        ping = next_frame(ws, skip_pings=False)

    assert ping["type"] == "ping"
    assert isinstance(ping["ts"], int)


def test_a_channel_that_never_registers_is_closed_with_a_reason(
    chatty: EmulatorInfo,
) -> None:
    with connect(ws_url(chatty, "/websocket")) as ws:
        error = next_frame(ws)
        with pytest.raises(ConnectionClosed):
            next_frame(ws)

    assert error["error"]["code"] == 401
    assert "no device registered within 1 s" in error["error"]["message"]


def test_the_live_feed_pushes_each_new_message_of_its_device(
    emulator: EmulatorInfo, api: Api, lock: Lock
) -> None:
    other = make_device(api, SAMPLE_LOCK, "other door")
    url = ws_url(
        emulator, f"/live?Authorization=bearer+{emulator.user_token}&sdid={lock.id}"
    )
    with connect(url) as ws:
        time.sleep(0.1)  # Not yet: the feed has no "subscribed" frame to wait for.
        api.post("/messages", json={"sdid": other.id, "data": {"state": "locked"}})
        sent = api.post(
            "/messages", json={"sdid": lock.id, "data": {"state": "unlocked"}}
        )
        pushed = next_frame(ws)

    assert pushed["mid"] == sent.json()["data"]["mid"]
    assert pushed["sdid"] == lock.id
    assert pushed["data"] == {"state": "unlocked"}


def test_the_live_feed_refuses_a_bad_token(emulator: EmulatorInfo, lock: Lock) -> None:
    url = ws_url(emulator, f"/live?Authorization=bearer+wrong&sdid={lock.id}")
    with connect(url) as ws:
        error = next_frame(ws)
        with pytest.raises(ConnectionClosed):
            next_frame(ws)

    assert error["error"]["code"] == 401
