"""Messages and actions: stored as sent, read back in pages, last, and as snapshots."""

from tests.conftest import SAMPLE_ALARM, Api, Lock, make_device

BASE_TS = 1_796_000_000_000
MINUTE = 60_000


def post(session: Api, lock: Lock, value: str, ts: int) -> str:
    answer = session.post(
        "/messages", json={"sdid": lock.id, "ts": ts, "data": {"state": value}}
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["mid"])


def test_a_message_reads_back_as_it_was_sent(api: Api, lock: Lock) -> None:
    mid = post(api, lock, "unlocked", BASE_TS + 0.75)  # type: ignore[arg-type]

    page = api.get("/messages", params={"sdid": lock.id, "startDate": BASE_TS})

    assert page.status_code == 200
    [message] = page.json()["data"]
    assert message["mid"] == mid
    assert message["sdid"] == lock.id
    assert message["sdtid"] == lock.dtid
    assert message["uid"] == lock.uid
    assert message["ts"] == BASE_TS, "a fractional ts is truncated"
    assert message["cts"] >= message["ts"]
    assert message["mv"] == 1
    assert message["data"] == {"state": "unlocked"}


def test_pages_follow_next_in_ts_order_whatever_the_arrival_order(
    api: Api, lock_api: Api, lock: Lock
) -> None:
    stamps = [BASE_TS + (index * 37 % 250) * MINUTE for index in range(250)]
    sent = {post(lock_api, lock, "locked", ts): ts for ts in stamps}

    received: list[dict[str, object]] = []
    params: dict[str, object] = {"sdid": lock.id, "startDate": 0, "count": 100}
    pages = 0
    while True:
        body = api.get("/messages", params=params).json()
        pages += 1
        received.extend(body["data"])
        assert body["count"] == 100 and body["size"] == len(body["data"])
        if "next" not in body:
            break
        params["offset"] = body["next"]

    assert pages == 3
    assert {m["mid"]: m["ts"] for m in received} == sent
    assert [m["ts"] for m in received] == sorted(stamps)


def test_descending_order_and_a_time_range(api: Api, lock: Lock) -> None:
    for minute in range(10):
        post(
            api, lock, "locked" if minute % 2 else "unlocked", BASE_TS + minute * MINUTE
        )

    body = api.get(
        "/messages",
        params={
            "sdid": lock.id,
            "startDate": BASE_TS + 2 * MINUTE,
            "endDate": BASE_TS + 6 * MINUTE,
            "order": "desc",
        },
    ).json()

    assert [m["ts"] for m in body["data"]] == [
        BASE_TS + minute * MINUTE for minute in (6, 5, 4, 3, 2)
    ]
    assert body["order"] == "desc"


def test_last_messages_are_the_newest_by_ts(api: Api, lock: Lock) -> None:
    for minute in (5, 1, 9, 3):
        post(api, lock, "locked", BASE_TS + minute * MINUTE)

    body = api.get("/messages/last", params={"sdids": lock.id, "count": 2}).json()

    assert [m["ts"] for m in body["data"]] == [
        BASE_TS + 9 * MINUTE,
        BASE_TS + 5 * MINUTE,
    ]
    assert body["size"] == 2


def test_a_snapshot_holds_the_latest_value_by_ts_not_by_arrival(
    api: Api, lock: Lock
) -> None:
    post(api, lock, "unlocked", BASE_TS + 10 * MINUTE)
    post(api, lock, "locked", BASE_TS)  # arrives later, happened earlier

    body = api.get(
        "/messages/snapshots", params={"sdids": lock.id, "includeTimestamp": "True"}
    ).json()

    assert body["data"] == [
        {
            "sdid": lock.id,
            "data": {"state": {"value": "unlocked", "ts": BASE_TS + 10 * MINUTE}},
        }
    ]


def test_the_device_status_reports_the_last_message(api: Api, lock: Lock) -> None:
    post(api, lock, "unlocked", BASE_TS)

    status = api.get(
        f"/devices/{lock.id}/status", params={"includeSnapshot": "true"}
    ).json()

    assert status["did"] == lock.id
    assert status["data"]["lastMessageTs"] == BASE_TS
    assert status["data"]["snapshot"] == {"state": {"value": "unlocked"}}


def test_actions_are_stored_and_listed_for_their_device(api: Api) -> None:
    alarm = make_device(api, SAMPLE_ALARM, "phone")
    sent = api.post(
        "/actions",
        json={
            "ddid": alarm.id,
            "ts": BASE_TS,
            "data": {"actions": [{"name": "alert", "parameters": {"message": "3 am"}}]},
        },
    )
    assert sent.status_code == 200

    body = api.get("/actions", params={"ddid": alarm.id, "startDate": 0}).json()

    [action] = body["data"]
    assert action["mid"] == sent.json()["data"]["mid"]
    assert action["ddid"] == alarm.id
    assert action["ddtid"] == alarm.dtid
    assert action["data"] == {
        "actions": [{"name": "alert", "parameters": {"message": "3 am"}}]
    }


def test_an_action_may_also_be_posted_as_a_message_of_type_action(api: Api) -> None:
    alarm = make_device(api, SAMPLE_ALARM, "siren")

    sent = api.post(
        "/messages",
        json={
            "ddid": alarm.id,
            "type": "action",
            "data": {"actions": [{"name": "setOn", "parameters": {}}]},
        },
    )

    assert sent.status_code == 200
    listed = api.get("/actions", params={"ddid": alarm.id}).json()["data"]
    assert [a["mid"] for a in listed] == [sent.json()["data"]["mid"]]


def test_counters_add_up(api: Api, admin: Api, lock: Lock) -> None:
    before = admin.get("/counters").json()["data"]

    post(api, lock, "locked", BASE_TS)
    post(api, lock, "unlocked", BASE_TS + MINUTE)
    api.post("/messages", json={"sdid": lock.id, "data": {"state": "ajar"}})

    after = admin.get("/counters").json()["data"]
    assert after["received"] - before["received"] == 3
    assert after["stored"] - before["stored"] == 2
    assert after["rejected"] - before["rejected"] == 1


def test_order_may_come_in_capitals(api: Api, lock: Lock) -> None:
    post(api, lock, "locked", BASE_TS)
    post(api, lock, "unlocked", BASE_TS + MINUTE)

    body = api.get("/messages", params={"sdid": lock.id, "order": "DESC"}).json()

    assert [m["ts"] for m in body["data"]] == [BASE_TS + MINUTE, BASE_TS]


def test_a_filter_is_refused_rather_than_ignored(api: Api, lock: Lock) -> None:
    answer = api.get("/messages", params={"sdid": lock.id, "filter": "state:locked"})

    assert answer.status_code == 400
    assert "'filter' is not supported" in answer.json()["error"]["message"]


def test_a_chunked_body_over_1_kb_is_refused_without_reading_it_all(
    api: Api, lock: Lock
) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"sdid": "' + lock.id.encode() + b'", "data": {"state": "'
        for _ in range(1000):
            yield b"x" * 1000
        yield b'"}}'

    answer = api.post("/messages", data=chunks())

    assert answer.status_code == 413
    assert "at most 1024 bytes" in answer.json()["error"]["message"]
    assert api.get("/messages", params={"sdid": lock.id}).json()["size"] == 0
