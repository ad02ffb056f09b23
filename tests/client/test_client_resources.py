"""How the resource calls map onto the API: routes, bodies, unwrapping, paging."""

import pytest

from harness.client import ClientConfig, InvalidResponse, NotFound, UserClient

FAST = ClientConfig(timeout=(1.0, 2.0), retry_backoff=0.0)
UID = "a" * 32
DID = "d" * 32
USER = {"data": {"id": UID, "name": "ada"}}


def message(n: int) -> dict[str, object]:
    return {"mid": f"m{n}", "sdid": DID, "ts": 1000 + n, "data": {"state": "locked"}}


@pytest.fixture
def user(server):
    client = UserClient(server.api_url, "user-token", FAST)
    try:
        yield client
    finally:
        client.close()


def test_all_messages_are_read_by_following_next_until_it_is_gone(server, user):
    server.answer(200, {"data": [message(1), message(2)], "next": "cursor-2"})
    server.answer(200, {"data": [message(3), message(4)], "next": "cursor-4"})
    server.answer(200, {"data": [message(5)]})

    mids = [item["mid"] for item in user.messages.iter_all(DID, 0, 9999, page_size=2)]

    assert mids == ["m1", "m2", "m3", "m4", "m5"]
    assert server.paths() == [
        f"GET /v1.1/messages?sdid={DID}&startDate=0&endDate=9999&count=2&order=asc",
        f"GET /v1.1/messages?sdid={DID}&startDate=0&endDate=9999&count=2"
        "&offset=cursor-2&order=asc",
        f"GET /v1.1/messages?sdid={DID}&startDate=0&endDate=9999&count=2"
        "&offset=cursor-4&order=asc",
    ]


def test_one_page_of_messages_tells_where_the_next_one_starts(server, user):
    server.answer(200, {"data": [message(1)], "next": "cursor-1", "size": 1})

    page = user.messages.query(DID, 0, 9999, count=1)

    assert page.items == [message(1)]
    assert page.next == "cursor-1"
    assert page.raw["size"] == 1


def test_a_server_that_repeats_its_next_offset_is_reported_not_looped_on(server, user):
    for _ in range(3):
        server.answer(200, {"data": [message(1)], "next": "same"})

    with pytest.raises(InvalidResponse, match="same next offset 'same' twice"):
        list(user.messages.iter_all(DID, 0, 9999))


def test_all_devices_are_read_page_by_page_until_the_total(server, user):
    server.answer(200, USER)
    devices = [{"id": f"d{n}"} for n in range(5)]
    server.answer(200, {"data": {"devices": devices[:2]}, "total": 5, "offset": 0})
    server.answer(200, {"data": {"devices": devices[2:4]}, "total": 5, "offset": 2})
    server.answer(200, {"data": {"devices": devices[4:]}, "total": 5, "offset": 4})

    assert list(user.devices.iter_all(page_size=2)) == devices
    assert server.paths()[1:] == [
        f"GET /v1.1/users/{UID}/devices?offset=0&count=2",
        f"GET /v1.1/users/{UID}/devices?offset=2&count=2",
        f"GET /v1.1/users/{UID}/devices?offset=4&count=2",
    ]


def test_the_users_id_is_read_once_and_reused(server, user):
    server.answer(200, USER)
    server.answer(200, {"data": [], "total": 0, "offset": 0})
    server.answer(200, {"data": {"devices": []}, "total": 0, "offset": 0})

    user.rules.list()
    user.devices.list()

    assert server.paths().count("GET /v1.1/users/self") == 1


def test_a_rule_is_created_for_the_tokens_user(server, user):
    rule = {
        "if": {"sdid": DID, "field": "state", "operator": "=", "operand": {"value": 1}},
        "then": [{"ddid": DID, "action": "lock", "parameters": {}}],
    }
    server.answer(200, USER)
    server.answer(200, {"data": {"id": "r1", "name": "lock up", "rule": rule}})

    created = user.rules.create("lock up", rule, enabled=True)

    assert created["id"] == "r1"
    assert server.paths()[1] == f"POST /v1.1/rules?userId={UID}"
    assert server.received[1].body == {"name": "lock up", "rule": rule, "enabled": True}


def test_a_device_client_gets_a_new_token_when_the_device_has_none(server, user):
    token = {"accessToken": "t" * 32, "uid": UID, "did": DID, "cid": "c"}
    server.answer(404, {"error": {"code": 404, "message": "no token"}})
    server.answer(200, {"data": token})

    device = user.device_client(DID)

    assert device.device_id == DID
    assert server.paths() == [
        f"GET /v1.1/devices/{DID}/tokens",
        f"PUT /v1.1/devices/{DID}/tokens",
    ]


def test_a_device_client_reports_a_device_that_does_not_exist(server, user):
    server.answer(404, {"error": {"code": 404, "message": "no such device"}})
    server.answer(404, {"error": {"code": 404, "message": "no such device"}})

    with pytest.raises(NotFound, match="no such device"):
        user.device_client(DID)


def test_an_action_is_sent_as_an_action_message(server, user):
    server.answer(200, {"data": {"mid": "a1"}})

    mid = user.actions.send(DID, "setOn", {"level": 3})

    assert mid == "a1"
    assert server.received[0].body == {
        "ddid": DID,
        "type": "action",
        "data": {"actions": [{"name": "setOn", "parameters": {"level": 3}}]},
    }


def test_a_model_is_asked_for_verdicts_on_its_own_route(server, user):
    verdicts = [{"ts": 1, "expected": "locked", "verdict": True}]
    server.answer(200, {"data": verdicts})

    answer = user.models.predict("m" * 32, [{"ts": 1, "value": "unlocked"}])

    assert answer == verdicts
    assert server.paths() == [f"POST /v1.1/ml/models/{'m' * 32}/predict"]
    assert server.received[0].body == {"inputs": [{"ts": 1, "value": "unlocked"}]}
