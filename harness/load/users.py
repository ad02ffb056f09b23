"""Lock users: each simulated user is one lock of the fleet, on Locust's fast client.

A lock user asks the run's pool for a lock as it starts, and posts that lock's
routine events, each when the run's compressed clock reaches its `ts`. A probe user
is a lock user on a probe lock that also posts events its anomaly rule must flag,
and times the alerts on its alarm's channel. Importing this module patches the
process with gevent, as Locust does.
"""

import functools
import logging
import time
from dataclasses import dataclass
from typing import Any

import gevent
import orjson
from locust import FastHttpUser, task
from locust.exception import StopUser

from harness.client import ClientError, UserClient
from harness.load import hooks
from harness.load.alerts import AlertTally
from harness.load.anchor import LockSchedule
from harness.load.channel import AlarmChannel, alert_mids
from harness.load.desk import Grant
from harness.load.pool import api_root
from harness.load.run import LOCKS, PROBES
from harness.routines import Routine, find_routine

logger = logging.getLogger(__name__)

MESSAGES_PATH = "/v1.1/messages"
RUSH_HOUR_NAME = MESSAGES_PATH + " (rush hour)"
PROBE_NAME = MESSAGES_PATH + " (probe)"
# A lock user sleeps at most this long at a time, so that it notices a changed
# clock or a stop soon, even when its next event is days of real time away.
MAX_WAIT_S = 10.0
# A probe's restoring event follows its anomaly by a minute of the run's clock.
RESTORE_MS = 60_000
UNLOCKED = "unlocked"


class LockUser(FastHttpUser):
    """One lock of the fleet, posting its routine's events in compressed time."""

    abstract = True
    lock_kind = LOCKS

    def on_start(self) -> None:
        """Take a lock from the run's pool; none left, and the user's task stops it."""
        grant = hooks.desk().take(self.lock_kind)
        self.grant: Grant | None = grant
        if grant is not None:
            self.simulate(grant)

    def simulate(self, grant: Grant, start_ms: int | None = None) -> None:
        """Become the granted lock: its routine from `start_ms` (default: now)."""
        self.grant = grant
        self.lock: dict[str, Any] = dict(grant.lock)
        self.routine = routine_in_zone(self.lock["routine"], self.lock["timezone"])
        self.schedule = LockSchedule(
            self.routine, self.lock["seed"], grant.anchor, start_ms
        )
        self.headers = {
            "Authorization": f"Bearer {self.lock['token']}",
            "Content-Type": "application/json",
        }

    def on_stop(self) -> None:
        """Hand the lock back, for another user to simulate later."""
        grant = getattr(self, "grant", None)
        if grant is not None:
            hooks.desk().give_back(self.lock_kind, grant.index)
            self.grant = None

    def wait_time(self) -> float:
        """Until the lock's next event is due on the run's clock."""
        return min(self.schedule.seconds_to_next(), MAX_WAIT_S)

    @task
    def send_next_event(self) -> None:
        """Post the routine's next event if it is due (a capped wait may end early)."""
        # Not yet as cheap as a plain Locust user: drawing the routine's events
        # (a seeded generator per local date) still adds most of a tenth to the
        # CPU time of a post when a lock catches up; a cheaper seeding would change
        # every seeded draw, and with them the histories features rely on.
        if self.grant is None:
            # Stopped here rather than in on_start, where Locust logs a traceback.
            raise StopUser()
        event = self.schedule.take_due()
        if event is not None:
            self.post_routine(event[0], event[1])

    def post_routine(self, ts: int, value: object) -> None:
        """Post a routine event: any 2xx answer is its acknowledgement."""
        # Without catch_response, Locust counts the answer itself, a little more
        # cheaply; the end-of-run check still compares what was acknowledged with
        # what was stored, so a 200 that stored nothing cannot pass unseen.
        body = orjson.dumps(
            {"sdid": self.lock["did"], "ts": ts, "data": {self.routine.field: value}}
        )
        # Locust documents bytes as a body; its annotation leaves them out.
        self.client.post(
            MESSAGES_PATH,
            data=body,  # type: ignore[arg-type]
            headers=self.headers,
        )

    def post(self, ts: int, value: object, name: str = MESSAGES_PATH) -> bytes | None:
        """Post one message from the lock; the acknowledgement, if there was one."""
        body = orjson.dumps(
            {"sdid": self.lock["did"], "ts": ts, "data": {self.routine.field: value}}
        )
        # Locust documents bytes as a body; its annotation leaves them out.
        with self.client.post(
            MESSAGES_PATH,
            data=body,  # type: ignore[arg-type]
            headers=self.headers,
            name=name,
            catch_response=True,
        ) as response:
            content = response.content or b""
            if response.status_code == 200 and b'"mid"' in content:
                response.success()
                return content
            response.failure(refusal(response.status_code, content, response.error))
            return None


class RushHourLock(LockUser):
    """A lock that unlocks as it joins the wave, then follows its routine."""

    abstract = True

    def on_start(self) -> None:
        """Take a lock and unlock it now, on the run's clock."""
        super().on_start()
        if self.grant is not None:
            self.post(self.schedule.anchor.now(), UNLOCKED, RUSH_HOUR_NAME)


@dataclass
class Pending:
    """A probe posted and waiting for its alert, or for its deadline in silence."""

    sent_s: float
    expects_alert: bool


class ProbeUser(LockUser):
    """A probe lock: its routine, plus probes its rule must flag or leave quiet."""

    abstract = True
    lock_kind = PROBES

    def on_start(self) -> None:
        """Take a probe lock, open its alarm's channel and start reading alerts."""
        super().on_start()
        if self.grant is None:
            return
        settings = hooks.probing()
        self.every_s = settings.every_s
        self.deadline_s = settings.deadline_s
        self.next_probe_s = time.time() + self.every_s
        self.pending: dict[str, Pending] = {}
        # Alerts that arrived before their post's answer: the rule may fire and
        # push before the acknowledgement reaches this user.
        self.early: dict[str, float] = {}
        self.tally: AlertTally = hooks.ALERTS
        self.user_client = UserClient(
            api_root(self.host or ""), str(self.lock["user_token"])
        )
        self.channel = AlarmChannel(
            self.host or "", self.lock["alarm_did"], self.lock["alarm_token"]
        )
        self.channel.open()
        self.reader = gevent.spawn(self._read_alerts)

    def on_stop(self) -> None:
        """Settle the probes still waiting, close the channel, free the lock."""
        if hasattr(self, "channel"):
            self._settle(time.monotonic(), stopping=True)
            self.channel.close()
            self.reader.kill(block=False)
            self.user_client.close()
        super().on_stop()

    def wait_time(self) -> float:
        """Until the next routine event or the next probe, whichever comes first."""
        until_probe = max(self.next_probe_s - time.time(), 0.0)
        return min(super().wait_time(), until_probe)

    @task
    def send_next_event(self) -> None:
        """Probe when a probe is due, else post the routine's next event."""
        if self.grant is None:
            raise StopUser()
        self._settle(time.monotonic(), stopping=False)
        if time.time() >= self.next_probe_s:
            self.next_probe_s = time.time() + self.every_s
            self.probe()
            return
        super().send_next_event()

    def probe(self) -> None:
        """An event the model must flag, then, a minute later, the expected value."""
        ts = self.schedule.anchor.now()
        expected = self._expected([ts, ts + RESTORE_MS])
        if expected is None:
            self.tally.skipped += 1
            return

        unusual = next(value for value in self.routine.values if value != expected[0])
        for at, value, alerts in (
            (ts, unusual, True),
            (ts + RESTORE_MS, expected[1], False),
        ):
            sent = time.monotonic()
            mid = mid_of(self.post(at, value, PROBE_NAME))
            if mid is None:
                continue
            if alerts:
                self.tally.anomalies += 1
            else:
                self.tally.routine += 1
            self.pending[mid] = Pending(sent, alerts)
            if mid in self.early:
                self._alerted(mid, self.early.pop(mid))

    def _expected(self, moments: list[int]) -> list[object] | None:
        # Asked outside Locust's client, so that the question is not a request
        # of the load; None when the model cannot tell at either moment.
        try:
            answer = self.user_client.models.predict(
                self.lock["model_id"], [{"ts": ts} for ts in moments]
            )
        except ClientError as error:
            logger.warning("%s: the model did not answer: %s", self.lock["name"], error)
            return None
        expected = [output["expected"] for output in answer["outputs"]]
        return None if None in expected else expected

    def _read_alerts(self) -> None:
        while (frame := self.channel.next_frame()) is not None:
            arrived = time.monotonic()
            for mid in alert_mids(frame):
                if mid in self.pending:
                    self._alerted(mid, arrived)
                else:
                    self.early[mid] = arrived

    def _alerted(self, mid: str, arrived: float) -> None:
        pending = self.pending.pop(mid)
        if pending.expects_alert:
            self.tally.times_ms.append((arrived - pending.sent_s) * 1000.0)
        else:
            self.tally.unexpected += 1

    def _settle(self, now: float, stopping: bool) -> None:
        # Alerts no probe claimed within the deadline were on routine events.
        for mid, arrived in list(self.early.items()):
            if stopping or now - arrived >= self.deadline_s:
                self.tally.other += 1
                del self.early[mid]

        for mid, pending in list(self.pending.items()):
            if now - pending.sent_s < self.deadline_s:
                if stopping:
                    self.tally.unsettled += 1
                    del self.pending[mid]
                continue
            if pending.expects_alert:
                self.tally.missed += 1
            del self.pending[mid]


@functools.lru_cache(maxsize=256)
def routine_in_zone(name: str, zone: str) -> Routine:
    """A routine by name, moved into a zone; read once per process, not per user."""
    return find_routine(name).in_zone(zone)


def mid_of(content: bytes | None) -> str | None:
    """The `mid` of an acknowledgement, `{"data": {"mid": ...}}`."""
    if content is None:
        return None
    try:
        return str(orjson.loads(content)["data"]["mid"])
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return None


def refusal(status: int, content: bytes, error: object) -> str:
    """Why a post failed, in a few words, for Locust's failure table."""
    if not status:
        return f"no answer: {error}"
    try:
        message = orjson.loads(content)["error"]["message"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        message = content[:120].decode(errors="replace")
    return f"{status}: {message}"
