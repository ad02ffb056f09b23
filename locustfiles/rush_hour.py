"""Rush hour: a share of the fleet in the background, then the rest unlocks at once.

The shape runs a quarter of the fleet's locks on their routines, then starts the
rest within ten seconds, each unlocking as it joins, then holds the whole fleet for
half a minute and stops. On the emulator the run's clock is set so that the wave
meets 18:00 on a Tuesday in the fleet's time zone, at a minute a second.

    locust -f locustfiles/rush_hour.py --fleet-file city-block.json --headless

The shape sets the user count; docs/load.md describes the options.
"""

from typing import Any

from locust import events, run_single_user
from locust.env import Environment

from harness.load import hooks
from harness.load.options import Defaults, RushHour
from harness.load.shape import RushHourShape, background_count, wave_start
from harness.load.users import LockUser, RushHourLock

hooks.install(Defaults(speed=60.0), rush_hour=RushHour(), start_at=wave_start)


class BackgroundLock(LockUser):
    """A lock following its routine from the start of the run."""

    # Set from the fleet and --background-share once the options are read.
    fixed_count = 1


class WaveLock(RushHourLock):
    """A lock that unlocks as the wave reaches it, then follows its routine."""


class Wave(RushHourShape):
    """Background, the wave, and the hold, as the options say."""


@events.init.add_listener
def _share_the_fleet(environment: Environment, **kwargs: Any) -> None:
    run = hooks.current_run()
    if run is not None:
        share = run.options.background_share
        BackgroundLock.fixed_count = background_count(run.fleet_size, share)


if __name__ == "__main__":
    run_single_user(WaveLock)
