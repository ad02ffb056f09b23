"""The two users the Locust benchmark compares, each posting a lock's message.

`RoutineLock` is the harness's lock user, posting its routine's events as fast as
they come due: its clock starts years back, so every event is late. `PlainPoster`
is a plain Locust fast-HTTP user posting the same message body again and again.
`bench/locust_user.py` runs each alone against the do-nothing app; pick one by
name: `locust -f bench/locust_pair.py RoutineLock`.
"""

import time

import orjson
from locust import FastHttpUser, constant, task

from harness.load.anchor import Anchor
from harness.load.desk import Grant
from harness.load.run import LOCKS
from harness.load.users import MESSAGES_PATH, LockUser

# A lock as a fleet file lists it; the do-nothing app checks no token.
LOCK = {
    "name": "bench-01",
    "routine": "office-hours",
    "timezone": "Europe/Berlin",
    "seed": "1:bench-01",
    "did": "0" * 32,
    "token": "1" * 32,
}
YEARS_BACK_MS = 20 * 365 * 86_400_000
HEADERS = {
    "Authorization": f"Bearer {LOCK['token']}",
    "Content-Type": "application/json",
}
BODY = orjson.dumps(
    {"sdid": LOCK["did"], "ts": 1_796_108_400_000, "data": {"state": "unlocked"}}
)


class RoutineLock(LockUser):
    """The harness's lock user, its routine always late, so always posting."""

    def on_start(self) -> None:
        """Simulate the bench lock from twenty years back, without a pool."""
        now_ms = int(time.time() * 1000)
        grant = Grant(LOCKS, 0, LOCK, Anchor(time.time(), now_ms, 1.0))
        self.simulate(grant, start_ms=now_ms - YEARS_BACK_MS)

    def on_stop(self) -> None:
        """Nothing to give back: the lock came from no pool."""


class PlainPoster(FastHttpUser):
    """A plain fast-HTTP user posting the same message body."""

    wait_time = constant(0)

    @task
    def post(self) -> None:
        """Post the message."""
        self.client.post(MESSAGES_PATH, data=BODY, headers=HEADERS)
