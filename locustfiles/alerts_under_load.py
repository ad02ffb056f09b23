"""Alerts under load: probe locks time their anomaly alerts while the fleet posts.

The run makes probe locks before the load starts (each with 30 days of office
hours, a High-confidence anomaly rule and an alarm of its own). While the fleet's
locks post their routines, each probe lock posts an unlock or lock its model must
flag, and a minute later the value its model expects; the time from the post to
the alert on the alarm's WebSocket channel is reported apart from the requests,
with missed and unexpected alerts counted.

    locust -f locustfiles/alerts_under_load.py --fleet-file city-block.json \\
        --headless --users 42 --spawn-rate 42 --run-time 1m

Give one user per probe (--probes, 2 by default) on top of the fleet's locks.
"""

from typing import Any

from locust import events, run_single_user
from locust.env import Environment

from harness.load import hooks
from harness.load.options import Defaults, Probing
from harness.load.users import LockUser, ProbeUser

hooks.install(Defaults(speed=600.0), probing=Probing())


class FleetLock(LockUser):
    """A lock of the fleet following its routine."""


class ProbeLock(ProbeUser):
    """A probe lock: its routine, and probes its rule must judge."""

    # Set to --probes once the options are read: one user per probe lock.
    fixed_count = 2


@events.init.add_listener
def _one_user_per_probe(environment: Environment, **kwargs: Any) -> None:
    run = hooks.current_run()
    if run is not None:
        ProbeLock.fixed_count = run.options.probes


if __name__ == "__main__":
    run_single_user(ProbeLock)
