"""Where users get their locks: the owning process's pool, over Locust's messages.

A starting user sends the owning process (the master, or its own process) a
request for a lock of a kind; the owner takes the lowest free lock from its pool
and answers that worker alone, with the lock and the run's clock. A stopping user
sends its lock back. A single user under `run_single_user` has no runner and asks
the pool directly.
"""

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gevent
from gevent.event import AsyncResult
from locust.env import Environment
from locust.runners import Runner

from harness.load.anchor import Anchor
from harness.load.errors import LoadError
from harness.load.pool import Assignment
from harness.load.run import LoadRun, answer, free

logger = logging.getLogger(__name__)

WANT = "harness:want-lock"
GRANT = "harness:grant-lock"
FREE = "harness:free-lock"
GRANT_DEADLINE_S = 30.0

Owner = Callable[[], LoadRun | None]


@dataclass(frozen=True)
class Grant:
    """A lock a user may simulate: its pool index, its data, the run's clock."""

    kind: str
    index: int
    lock: Assignment
    anchor: Anchor


class LockDesk:
    """A user's way to the pool: a request to the owning process, and its answer."""

    def __init__(self, environment: Environment, owner: Owner) -> None:
        self.environment = environment
        self._owner = owner
        self._keys = itertools.count()
        self._waiting: dict[int, AsyncResult] = {}
        self._refusal_logged = False

    def take(self, kind: str) -> Grant | None:
        """A lock of `kind` for a starting user, or None when all are taken."""
        key = next(self._keys)
        runner = self.environment.runner
        if runner is None:
            data = answer(self._owner(), key, kind, "local")
        else:
            data = self._ask(runner, key, kind)

        if data.get("lock") is None:
            if not self._refusal_logged:
                self._refusal_logged = True
                logger.error("a user found no lock and stops: %s", data["reason"])
            return None
        return Grant(
            kind, data["index"], data["lock"], Anchor.from_dict(data["anchor"])
        )

    def give_back(self, kind: str, index: int) -> None:
        """Free a lock for later users."""
        runner = self.environment.runner
        if runner is None:
            free(self._owner(), kind, index)
        else:
            runner.send_message(FREE, {"kind": kind, "index": index})

    def on_grant(self, environment: Environment, msg: Any, **kwargs: Any) -> None:
        """The owning process's answer to a request of this process."""
        waiting = self._waiting.get(msg.data["key"])
        if waiting is not None:
            waiting.set(msg.data)

    def _ask(self, runner: Runner, key: int, kind: str) -> dict[str, Any]:
        waiting: AsyncResult = AsyncResult()
        self._waiting[key] = waiting
        try:
            runner.send_message(WANT, {"key": key, "kind": kind})
            data: dict[str, Any] = waiting.get(timeout=GRANT_DEADLINE_S)
        except gevent.Timeout:
            raise LoadError(
                f"no lock came from the master within {GRANT_DEADLINE_S:.0f} s"
            ) from None
        finally:
            self._waiting.pop(key, None)
        return data
