"""How the client behaves on the wire: headers, timeouts, retries, errors, logs."""

import logging
import re
import socket
import time

import pytest

from harness.client import (
    ApiError,
    BadRequest,
    ClientConfig,
    ClientConfigError,
    DeviceClient,
    Forbidden,
    InvalidResponse,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    UserClient,
)

FAST = ClientConfig(timeout=(1.0, 2.0), retry_backoff=0.0, max_rate_limit_wait=5.0)
DEVICE_ID = "0" * 32
USER = {"data": {"id": "a" * 32, "name": "ada"}}
MESSAGE_ACK = {"data": {"mid": "m" * 32}}


def failure(status: int, message: str) -> dict[str, object]:
    return {"error": {"code": status, "message": message}}


def test_every_request_carries_the_bearer_token_and_a_json_content_type(server):
    user = UserClient(server.api_url, "user-token", FAST)
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", FAST)
    server.answer(200, USER)
    server.answer(200, MESSAGE_ACK)

    user.users.get_self()
    device.send({"state": "locked"}, ts=1_700_000_000_000)

    get, post = server.received
    assert get.headers["Authorization"] == "Bearer user-token"
    assert get.headers["Content-Type"] == "application/json"
    assert post.headers["Authorization"] == "Bearer device-token"
    assert post.headers["Content-Type"] == "application/json"
    assert post.body == {
        "sdid": DEVICE_ID,
        "type": "message",
        "data": {"state": "locked"},
        "ts": 1_700_000_000_000,
    }


def test_answers_come_back_without_their_data_envelope(server):
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", FAST)
    server.answer(200, MESSAGE_ACK)

    assert device.send({"state": "unlocked"}) == "m" * 32


def test_query_strings_join_lists_spell_booleans_and_drop_nones(server):
    user = UserClient(server.api_url, "user-token", FAST)
    server.answer(200, {"data": []})
    server.answer(200, USER)
    server.answer(200, {"data": {"devices": []}, "total": 0, "offset": 0})

    user.messages.last(["a1", "b2"], count=3)
    user.devices.list(include_properties=True)

    assert server.paths() == [
        "GET /v1.1/messages/last?sdids=a1,b2&count=3",
        "GET /v1.1/users/self",
        f"GET /v1.1/users/{'a' * 32}/devices?offset=0&count=100&includeProperties=true",
    ]


def test_ids_in_paths_are_quoted_so_they_cannot_reach_another_route(server):
    user = UserClient(server.api_url, "user-token", FAST)

    user.devices.get("../rules/x")

    assert server.paths() == ["GET /v1.1/devices/..%2Frules%2Fx"]


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (409, ApiError),
        (503, ServerError),
    ],
    ids=["400", "401", "403", "404", "409-generic", "503"],
)
def test_a_refusal_raises_the_error_for_its_status_with_the_servers_message(
    server, status, error_type
):
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", FAST)
    server.answer(status, failure(status, "state: 'ajar' is not one of ..."))

    with pytest.raises(error_type) as caught:
        device.send({"state": "ajar"})

    error = caught.value
    assert type(error) is error_type
    assert str(error).startswith(
        f"POST {server.api_url}/messages answered {status}: "
        "state: 'ajar' is not one of ..."
    )
    assert (error.method, error.status) == ("POST", status)
    assert error.body == failure(status, "state: 'ajar' is not one of ...")


def test_an_error_body_that_is_not_json_still_shows_its_text(server):
    user = UserClient(server.api_url, "user-token", FAST)
    server.answer(404, "<html>No such route</html>")

    with pytest.raises(NotFound, match="answered 404: <html>No such route</html>"):
        user.devices.get(DEVICE_ID)


def test_a_success_that_is_not_json_says_to_check_the_api_url(server):
    user = UserClient(server.api_url, "user-token", FAST)
    server.answer(200, "<html>Welcome</html>")

    with pytest.raises(InvalidResponse, match=r"not JSON.*ends in /v1\.1"):
        user.users.get_self()


def test_a_get_is_retried_after_a_5xx_and_returns_the_next_answer(server):
    user = UserClient(server.api_url, "user-token", FAST)
    server.answer(502, failure(502, "upstream busy"))
    server.answer(503, failure(503, "still busy"))
    server.answer(200, USER)

    assert user.users.get_self()["name"] == "ada"
    assert len(server.received) == 3


def test_a_get_that_keeps_failing_gives_up_after_the_configured_retries(server):
    config = ClientConfig(retry_backoff=0.0, get_retries=2)
    user = UserClient(server.api_url, "user-token", config)
    for _ in range(5):
        server.answer(500, failure(500, "broken"))

    with pytest.raises(ServerError, match="answered 500: broken"):
        user.users.get_self()

    assert len(server.received) == 3


def test_a_post_answered_5xx_is_not_retried(server):
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", FAST)
    server.answer(500, failure(500, "broken after storing?"))
    server.answer(200, MESSAGE_ACK)

    with pytest.raises(ServerError):
        device.send({"state": "locked"})

    assert server.paths() == ["POST /v1.1/messages"]


def test_a_get_whose_connection_drops_is_retried(server):
    user = UserClient(server.api_url, "user-token", FAST)
    server.answer(drop=True)
    server.answer(200, USER)

    assert user.users.get_self()["id"] == "a" * 32
    assert len(server.received) == 2


def test_a_post_whose_connection_drops_is_not_retried(server):
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", FAST)
    server.answer(drop=True)
    server.answer(200, MESSAGE_ACK)

    with pytest.raises(TransportError, match="connection broke"):
        device.send({"state": "locked"})

    assert len(server.received) == 1


def test_a_429_waits_until_the_rate_limit_resets_then_succeeds(server):
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", FAST)
    reset = int(time.time()) + 2
    server.answer(
        429,
        failure(429, "too many messages"),
        headers={"X-Rate-Limit-Reset": str(reset), "X-Rate-Limit-Remaining": "0"},
    )
    server.answer(200, MESSAGE_ACK)

    mid = device.send({"state": "locked"})

    assert mid == "m" * 32
    assert time.time() >= reset
    assert server.paths() == ["POST /v1.1/messages", "POST /v1.1/messages"]


def test_a_429_resetting_later_than_the_client_may_wait_raises_at_once(server):
    config = ClientConfig(max_rate_limit_wait=1.0)
    device = DeviceClient(server.api_url, DEVICE_ID, "device-token", config)
    reset = int(time.time()) + 120
    server.answer(
        429,
        failure(429, "daily limit reached"),
        headers={"X-Rate-Limit-Reset": str(reset)},
    )

    started = time.monotonic()
    with pytest.raises(RateLimited, match="daily limit reached") as caught:
        device.send({"state": "locked"})

    assert time.monotonic() - started < 0.5
    assert caught.value.reset == reset
    assert "max_rate_limit_wait" in str(caught.value)
    assert len(server.received) == 1


def test_a_slow_answer_raises_a_timeout_within_the_read_timeout(server):
    config = ClientConfig(timeout=(1.0, 0.3), retry_backoff=0.0)
    user = UserClient(server.api_url, "user-token", config)
    server.answer(200, USER, delay=1.0)

    started = time.monotonic()
    with pytest.raises(
        TransportError, match=re.escape("read timeout of 0.3 s")
    ) as caught:
        user.users.get_self()

    assert time.monotonic() - started < 0.9
    assert caught.value.timed_out
    assert caught.value.url == f"{server.api_url}/users/self"
    assert len(server.received) == 1


def test_a_refused_connection_raises_a_transport_error_that_names_the_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api_url = f"http://127.0.0.1:{port}/v1.1"
    user = UserClient(api_url, "user-token", ClientConfig(retry_backoff=0.0))

    with pytest.raises(
        TransportError, match=re.escape(f"is the server at {api_url} up")
    ):
        user.users.get_self()


def test_each_request_is_logged_once_at_debug_with_its_status_and_time(server, caplog):
    user = UserClient(server.api_url, "user-token", FAST)
    server.answer(503, failure(503, "busy"))
    server.answer(200, USER)

    with caplog.at_level(logging.DEBUG, logger="harness.client"):
        user.users.get_self()

    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2
    assert lines[0].startswith(f"GET {server.api_url}/users/self -> 503 in ")
    assert lines[1].startswith(f"GET {server.api_url}/users/self -> 200 in ")
    assert all(line.endswith(" ms") for line in lines)


@pytest.mark.parametrize(
    "settings",
    [
        {"timeout": (0, 30)},
        {"get_retries": -1},
        {"max_rate_limit_wait": -1.0},
    ],
    ids=["zero-timeout", "negative-retries", "negative-wait"],
)
def test_a_config_out_of_range_is_refused_with_what_is_allowed(settings):
    with pytest.raises(ClientConfigError):
        ClientConfig(**settings)


def test_an_api_url_that_is_not_http_is_refused_with_an_example():
    with pytest.raises(
        ClientConfigError, match=re.escape("http://127.0.0.1:8080/v1.1")
    ):
        UserClient("127.0.0.1:8080/v1.1", "user-token")
