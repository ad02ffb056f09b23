"""The rush-hour wave as a load shape: background, the whole fleet, then the hold.

First a share of the fleet runs its routines in the background; then the rest of
the fleet joins within the wave's seconds, each lock unlocking as it joins, as a
city block's doors do at 18:00 on a weekday; then the whole fleet runs on until the
hold ends and the shape stops the run. The shape runs where the run is owned.
"""

import logging
from datetime import time as clock_time
from typing import Any

from locust import LoadTestShape

from harness.load import hooks
from harness.load.anchor import weekday_at
from harness.load.options import rush_hour_of
from harness.load.run import LoadRun

logger = logging.getLogger(__name__)

TUESDAY = 1
WAVE_AT = clock_time(18, 0)


def background_count(fleet_size: int, share: float) -> int:
    """How many locks run before the wave: at least one, and one fewer than all."""
    return min(max(round(fleet_size * share), 1), max(fleet_size - 1, 1))


def wave_start(run: LoadRun, options: Any) -> int | None:
    """Where the run's clock starts so that the wave meets 18:00 on a Tuesday."""
    # Only the emulator's clock can be moved there; against a cloud the run's
    # clock is the real one, and the wave comes when it comes.
    if run.admin is None:
        return None
    zone = run.fleet.locks[0].timezone
    wave = weekday_at(int(run.admin.clock()["now"]), zone, TUESDAY, WAVE_AT)
    return int(wave - options.background_seconds * 1000 * options.speed)


class RushHourShape(LoadTestShape):
    """Background locks, then the rest of the fleet within seconds, then a hold."""

    def tick(self) -> tuple[int, float] | None:
        """The user count and spawn rate for this moment of the run."""
        run = hooks.current_run()
        if run is None:
            return None
        wave = rush_hour_of(run.options)
        size = run.fleet_size
        background = background_count(size, wave.background_share)
        elapsed = self.get_run_time()

        if elapsed < wave.background_s:
            return background, float(background)
        if elapsed < wave.background_s + wave.wave_s + wave.hold_s:
            return size, max((size - background) / wave.wave_s, 1.0)
        return None
