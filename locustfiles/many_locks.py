"""Many locks: every lock of a fleet follows its routine, in compressed time.

The steady background of routine traffic: each simulated user is one lock of the
fleet file, posting its routine's events as the run's clock (and the emulator's)
reaches them. A week of a city block plays in under three minutes at the default
speed of 3600.

    harness provision --fleet city-block --out city-block.json
    locust -f locustfiles/many_locks.py --fleet-file city-block.json \\
        --headless --users 40 --spawn-rate 40 --run-time 3m

docs/load.md describes the options, the checks and the results.
"""

from locust import run_single_user

from harness.load import hooks
from harness.load.options import Defaults
from harness.load.users import LockUser

hooks.install(Defaults(speed=3600.0))


class FleetLock(LockUser):
    """A lock of the fleet following its routine."""


if __name__ == "__main__":
    run_single_user(FleetLock)
