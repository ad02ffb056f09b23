"""What a firing rule does: device actions, mails, real HTTP requests, executions."""

import json
import queue
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from harness.emulator.launcher import EmulatorInfo
from tests.conftest import SAMPLE_ALARM, SAMPLE_LOCK, Api, Lock, make_device
from tests.emulator.rule_steps import (
    DAY_MS,
    DEADLINE_S,
    HOUR_MS,
    alert,
    anomalous,
    assert_quiet,
    create_rule,
    device_channel,
    executions,
    lock_of,
    mail,
    new_user,
    next_frame,
    own_emulator,
    rule,
    send,
    wait_for_executions,
    wait_until_trained,
    when,
)

HTTP_TIMEOUT_S = 0.5  # this test's emulator's timeout for a rule's HTTP request


@dataclass(frozen=True)
class Received:
    """One request as the webhook server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Webhook(ThreadingHTTPServer):
    """A real HTTP server on a free port that records each request it answers."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.received: queue.Queue[Received] = queue.Queue()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def next_request(self) -> Received:
        return self.received.get(timeout=DEADLINE_S)


class _Recorder(BaseHTTPRequestHandler):
    server: Webhook

    def _record(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.put(
            Received(self.command, self.path, dict(self.headers.items()), body)
        )
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _record

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(DEADLINE_S)


@pytest.fixture
def alarm(api: Api) -> Lock:
    return make_device(api, SAMPLE_ALARM, "phone")


def opened(lock: Lock) -> Any:
    return when(lock.id, "state", "=", "unlocked")


def outbox(admin: Api, to: str) -> list[dict[str, Any]]:
    return list(admin.get("/outbox", params={"to": to}).json()["data"])


def test_a_device_action_reaches_the_channel_with_the_message_injected(
    emulator: EmulatorInfo, api: Api, lock: Lock, alarm: Lock
) -> None:
    created = create_rule(
        api,
        rule(
            "door opened",
            opened(lock),
            [
                alert(
                    alarm.id,
                    message="{{rule.name}}: {{field}} is {{value}} ({{data.state}})",
                    mid="{{mid}}",
                    sdid="{{sdid}}",
                    ts="{{ts}}",
                )
            ],
        ),
    )

    an_hour_ago = int(time.time() * 1000) - HOUR_MS
    with device_channel(emulator, alarm) as ws:
        mid = send(api, lock.id, ts=an_hour_ago, state="unlocked")
        pushed = next_frame(ws)

    listed = api.get("/actions", params={"ddid": alarm.id}).json()["data"]
    parameters = {
        "message": "door opened: state is unlocked (unlocked)",
        "mid": mid,
        "sdid": lock.id,
        "ts": an_hour_ago,
    }
    assert pushed["type"] == "action"
    assert pushed["ddid"] == alarm.id
    assert pushed["data"] == {"actions": [{"name": "alert", "parameters": parameters}]}
    assert [a["mid"] for a in listed] == [pushed["mid"]]
    assert listed[0]["data"] == pushed["data"]
    recorded = wait_for_executions(api, created["id"], 1)["executions"][0]
    assert recorded["outcomes"] == [
        {"action": "alert", "ddid": alarm.id, "mid": pushed["mid"]}
    ]


def test_an_anomaly_action_carries_the_verdict_and_the_expected_value(
    emulator: EmulatorInfo,
) -> None:
    with new_user(emulator) as user:
        door, siren = lock_of(user), make_device(user, SAMPLE_ALARM, "siren")
        now = int(time.time() * 1000)
        for day in range(30, 0, -1):  # a month of a door that stays locked
            send(user, door.id, ts=now - day * DAY_MS, state="locked")
        text = "{{value}} is anomalous: {{verdict}}, expected {{expected}}"
        created = create_rule(
            user,
            rule("odd", anomalous(door.id), [alert(siren.id, message=text)]),
        )
        wait_until_trained(user, created["modelId"])

        with device_channel(emulator, siren) as ws:
            send(user, door.id, state="unlocked")
            pushed = next_frame(ws)
        recorded = wait_for_executions(user, created["id"], 1)["executions"][0]

    assert pushed["data"]["actions"][0]["parameters"] == {
        "message": "unlocked is anomalous: true, expected locked"
    }
    assert (recorded["verdict"], recorded["expected"]) == (True, "locked")


def test_a_mail_goes_to_the_outbox(api: Api, admin: Api, lock: Lock) -> None:
    created = create_rule(
        api,
        rule(
            "door opened",
            opened(lock),
            [mail("owner@home.test", "{{rule.name}}", "{{sdid}} is {{value}}")],
        ),
    )

    before = int(time.time() * 1000)
    mid = send(api, lock.id, state="unlocked")
    wait_for_executions(api, created["id"], 1)
    after = int(time.time() * 1000)

    sent = outbox(admin, "owner@home.test")[-1]
    # The emulator's clock runs in another process; a second's slack covers both
    # clocks' rounding and a clock that an earlier test set back to real time.
    assert before - 1000 <= sent.pop("sentOn") <= after + 1000
    assert sent == {
        "ruleId": created["id"],
        "mid": mid,
        "to": "owner@home.test",
        "subject": "door opened",
        "body": f"{lock.id} is unlocked",
    }


def test_an_http_request_reaches_a_real_server(
    api: Api, lock: Lock, webhook: Webhook
) -> None:
    request = {
        "action": "sendHttpRequest",
        "parameters": {
            "url": webhook.url + "/hooks/{{sdid}}?mid={{mid}}",
            "method": "PUT",
            "headers": {"X-Rule": "{{rule.name}}"},
            "body": {
                "state": "{{data.state}}",
                "ts": "{{ts}}",
                "verdict": "{{verdict}}",
            },
        },
    }
    created = create_rule(api, rule("webhook", opened(lock), [request]))

    an_hour_ago = int(time.time() * 1000) - HOUR_MS
    mid = send(api, lock.id, ts=an_hour_ago, state="unlocked")
    received = webhook.next_request()

    assert received.method == "PUT"
    assert received.path == f"/hooks/{lock.id}?mid={mid}"
    assert received.headers["X-Rule"] == "webhook"
    assert received.headers["Content-Type"] == "application/json"
    assert json.loads(received.body) == {
        "state": "unlocked",
        "ts": an_hour_ago,
        "verdict": None,
    }
    recorded = wait_for_executions(api, created["id"], 1)["executions"][0]
    assert recorded["outcomes"] == [
        {
            "action": "sendHttpRequest",
            "url": f"{webhook.url}/hooks/{lock.id}?mid={mid}",
            "status": 204,
        }
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_request_is_recorded_and_the_other_actions_still_run(
    api: Api, admin: Api, lock: Lock
) -> None:
    request = {
        "action": "sendHttpRequest",
        "parameters": {"url": f"http://127.0.0.1:{free_port()}/", "method": "POST"},
    }
    created = create_rule(
        api, rule("webhook", opened(lock), [request, mail("after@home.test")])
    )

    mid = send(api, lock.id, state="unlocked")
    outcomes = wait_for_executions(api, created["id"], 1)["executions"][0]["outcomes"]

    assert outcomes[0]["action"] == "sendHttpRequest"
    assert "refused" in outcomes[0]["error"]
    assert outcomes[1]["action"] == "sendEmail"
    assert outbox(admin, "after@home.test")[-1]["mid"] == mid


def test_a_request_that_gets_no_answer_times_out_as_an_error() -> None:
    with (
        own_emulator("--rule-http-timeout-seconds", str(HTTP_TIMEOUT_S)) as emulator,
        Api(emulator.api_url, emulator.user_token) as api,
        socket.socket() as silent,  # accepts connections, never answers
    ):
        lock = make_device(api, SAMPLE_LOCK, "front door")
        alarm = make_device(api, SAMPLE_ALARM, "phone")
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        request = {
            "action": "sendHttpRequest",
            "parameters": {"url": f"http://127.0.0.1:{silent.getsockname()[1]}/"},
        }
        slow = create_rule(api, rule("slow hook", opened(lock), [request]))
        quick = create_rule(api, rule("alarm", opened(lock), [alert(alarm.id)]))

        with device_channel(emulator, alarm) as ws:
            start = time.monotonic()
            send(api, lock.id, state="unlocked")
            next_frame(ws)
            alarmed_after = time.monotonic() - start
        recorded = wait_for_executions(
            api, slow["id"], 1, deadline_s=HTTP_TIMEOUT_S + DEADLINE_S
        )
        quick_count = executions(api, quick["id"])["count"]

    outcome = recorded["executions"][0]["outcomes"][0]
    assert alarmed_after < 1.0  # the hanging request holds up no other rule
    assert "timed out" in outcome["error"]
    assert quick_count == 1


def test_executions_count_the_firings_and_the_last_one(api: Api, lock: Lock) -> None:
    created = create_rule(api, rule("door opened", opened(lock), [mail("a@b.c")]))

    states = ("unlocked", "locked", "unlocked", "unlocked")

    before = int(time.time() * 1000)
    mids = [send(api, lock.id, state=state) for state in states]
    recorded = wait_for_executions(api, created["id"], 3)
    after = int(time.time() * 1000)

    fired = [mid for mid, state in zip(mids, states, strict=True) if state != "locked"]
    assert recorded["count"] == 3
    assert [e["mid"] for e in recorded["executions"]] == fired[::-1]
    assert before - 1000 <= recorded["lastFiredOn"] <= after + 1000  # two clocks
    assert recorded["lastFiredOn"] == recorded["executions"][0]["firedOn"]
    for execution in recorded["executions"]:
        assert (execution["sdid"], execution["verdict"]) == (lock.id, None)
        assert execution["outcomes"][0]["to"] == "a@b.c"


def test_a_test_run_does_the_actions_without_a_message_and_counts_nothing(
    emulator: EmulatorInfo, api: Api, admin: Api, lock: Lock, alarm: Lock
) -> None:
    created = create_rule(
        api,
        rule(
            "door opened",
            opened(lock),
            [
                alert(alarm.id, message="test of {{rule.name}}", mid="{{mid}}"),
                mail("tester@home.test", "{{rule.name}}", "mid {{mid}}"),
            ],
        ),
    )

    with device_channel(emulator, alarm) as ws:
        answer = api.post(f"/rules/{created['id']}/actions")
        pushed = next_frame(ws)
        assert_quiet(ws)

    outcomes = answer.json()["data"]["outcomes"]
    assert answer.status_code == 200
    assert outcomes == [
        {"action": "alert", "ddid": alarm.id, "mid": pushed["mid"]},
        {"action": "sendEmail", "to": "tester@home.test", "subject": "door opened"},
    ]
    assert pushed["data"]["actions"] == [
        {"name": "alert", "parameters": {"message": "test of door opened"}}
    ]
    sent = outbox(admin, "tester@home.test")[-1]
    assert (sent["mid"], sent["body"]) == (None, "mid null")
    assert executions(api, created["id"])["count"] == 0
