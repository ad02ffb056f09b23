"""How the emulator serves: its OpenAPI document, its switches and its options."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests
from starlette.routing import BaseRoute, Route

from harness.emulator.app import emulator_routes, public_routes
from harness.emulator.launcher import EmulatorInfo, EmulatorProcess
from harness.emulator.openapi import EMULATOR_OPERATIONS, PUBLIC_OPERATIONS
from tests.conftest import SAMPLE_LOCK, Api, make_device


def served(routes: list[BaseRoute]) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_the_openapi_document_describes_every_route_and_no_other() -> None:
    assert served(public_routes()) == set(PUBLIC_OPERATIONS)
    assert served(emulator_routes()) == set(EMULATOR_OPERATIONS)


def test_the_emulator_serves_its_openapi_document(emulator: EmulatorInfo) -> None:
    document = requests.get(emulator.base_url + "/openapi.json", timeout=10).json()

    assert document["openapi"].startswith("3.")
    assert "/v1.1/messages" in document["paths"]
    assert set(document["paths"]["/v1.1/messages"]) == {"get", "post"}
    assert "/emulator/clock" in document["paths"]


@pytest.fixture(scope="module")
def cloud_like() -> Iterator[EmulatorInfo]:
    """An emulator with its own routes switched off, as the real cloud."""
    process = EmulatorProcess(db=":memory:", admin=False)
    try:
        yield process.start()
    finally:
        process.close()


def test_no_admin_switches_the_emulator_routes_off(cloud_like: EmulatorInfo) -> None:
    answer = requests.get(cloud_like.base_url + "/emulator/health", timeout=10)
    document = requests.get(cloud_like.base_url + "/openapi.json", timeout=10).json()

    assert cloud_like.emulator_url is None
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == 404
    assert not any(path.startswith("/emulator") for path in document["paths"])


def test_no_admin_still_serves_the_public_api(cloud_like: EmulatorInfo) -> None:
    with Api(cloud_like.api_url, cloud_like.user_token) as api:
        lock = make_device(api, SAMPLE_LOCK, "cloud door")
        answer = api.post(
            "/messages", json={"sdid": lock.id, "data": {"state": "locked"}}
        )

    assert answer.status_code == 200


@pytest.fixture(scope="module")
def limited() -> Iterator[EmulatorInfo]:
    """An emulator that lets a device post 5 messages a minute."""
    process = EmulatorProcess(
        db=":memory:", extra_args=("--rate-limit-device-per-minute", "5")
    )
    try:
        yield process.start()
    finally:
        process.close()


def test_a_rate_limit_answers_429_with_its_three_headers(limited: EmulatorInfo) -> None:
    with Api(limited.api_url, limited.user_token) as api:
        lock = make_device(api, SAMPLE_LOCK, "busy door")
        message = {"sdid": lock.id, "data": {"state": "locked"}}
        answers = [api.post("/messages", json=message) for _ in range(6)]
        stored = api.get("/messages", params={"sdid": lock.id}).json()["size"]

    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert [a.headers["X-Rate-Limit-Remaining"] for a in answers[:5]] == [
        "4",
        "3",
        "2",
        "1",
        "0",
    ]
    refused = answers[5]
    assert refused.headers["X-Rate-Limit-Limit"] == "5"
    assert refused.headers["X-Rate-Limit-Remaining"] == "0"
    assert 0 < int(refused.headers["X-Rate-Limit-Reset"]) - time.time() <= 61
    assert "rate limit of 5 messages per minute per device" in refused.text
    assert stored == 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_emulator(
    *args: str, env: dict[str, str] | None = None
) -> "subprocess.Popen[str]":
    return subprocess.Popen(
        [sys.executable, "-m", "harness.emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_a_taken_port_is_one_clear_line_and_exit_code_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        process = run_emulator("--port", str(port), "--db", ":memory:")
        _, err = process.communicate(timeout=30)

    assert process.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err


def test_options_read_their_environment_variables() -> None:
    port = free_port()
    process = run_emulator(
        env={
            "HARNESS_EMULATOR_PORT": str(port),
            "HARNESS_EMULATOR_DB": ":memory:",
            "HARNESS_EMULATOR_USER_TOKEN": "from-the-environment",
        }
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = requests.get(
                    f"http://127.0.0.1:{port}/v1.1/users/self",
                    headers={"Authorization": "Bearer from-the-environment"},
                    timeout=2,
                )
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the emulator did not start"
                assert process.poll() is None, process.communicate()
                time.sleep(0.05)
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)

    assert answer.status_code == 200
    assert f"http://127.0.0.1:{port}/v1.1" in out
    assert "from-the-environment" in out
