"""Steps on message ingest: raw messages, refusals, and what the server stored."""

import json
from typing import Any

import requests
from pytest_bdd import then, when

from harness.steps.errors import StepError
from harness.steps.phrases import Phrase
from harness.steps.world import Refusal, World

HTTP_TIMEOUT_S = (3.05, 30.0)
WIDE_WINDOW_MS = 400 * 86_400_000


@when(Phrase('"{lock}" sends this message:'))
def sends_message(world: World, lock: str, docstring: str) -> None:
    """Post a message written as JSON with the lock's token; `{sdid}` is its ID."""
    sender = world.lock(lock)
    world.fail_on_unchecked_refusal()
    body = docstring.replace("{sdid}", sender.did)
    token = sender.device.device_token

    answer = requests.post(
        f"{world.target.api_url}/messages",
        data=body.encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
        timeout=HTTP_TIMEOUT_S,
    )
    if answer.status_code != 200:
        world.refusal = Refusal("message", answer.status_code, _message(answer))


@then(Phrase('the {what} is rejected with status {status:d} naming "{text}"'))
def is_rejected(world: World, what: str, status: int, text: str) -> None:
    """The server refused the last message or rule, and said what was wrong."""
    refusal = world.refusal
    if refusal is None or refusal.what != what:
        raise AssertionError(
            f"expected: the {what} is rejected with status {status}\n"
            "observed: the server accepted it"
        )
    refusal.checked = True
    if refusal.status != status or text.lower() not in refusal.message.lower():
        raise AssertionError(
            f"expected: status {status}, a message naming {text!r}\n"
            f"observed: status {refusal.status}, {refusal.message!r}"
        )


@then(Phrase('"{lock}" has {count:d} stored messages'))
def stored_messages(world: World, lock: str, count: int) -> None:
    """How many messages of the lock the server keeps, read through the public API."""
    world.fail_on_unchecked_refusal()
    stored = world.lock(lock)
    found = list(
        world.user.messages.iter_all(
            stored.did, world.now_ms - WIDE_WINDOW_MS, world.now_ms + 86_400_000
        )
    )
    if len(found) != count:
        values = [message["data"] for message in found[-5:]]
        raise AssertionError(
            f"expected: {count} stored message(s) of {lock!r}\n"
            f"observed: {len(found)}; the last ones: {values}"
        )


def _message(answer: requests.Response) -> str:
    try:
        error: Any = answer.json().get("error", {})
        return str(error.get("message", answer.text))
    except (json.JSONDecodeError, AttributeError):
        raise StepError(
            f"the server answered {answer.status_code} without the API's error "
            f"envelope: {answer.text[:200]!r}"
        ) from None
