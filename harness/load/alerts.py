"""Time to alert: from a probe's post to its alert on the alarm's channel.

The figures are kept apart from Locust's request statistics, so that waiting for
an alert never counts as a request; workers send theirs to the master with each
stats report, and the master adds them up.
"""

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass
class AlertTally:
    """Probes sent and what came of them, with every time to alert in ms."""

    # Probes the model must flag, and those it must leave quiet.
    anomalies: int = 0
    routine: int = 0
    missed: int = 0
    unexpected: int = 0
    # Probes still waiting for their deadline when the run stopped.
    unsettled: int = 0
    # Alerts on a probe lock's own routine events, which no probe asked about.
    other: int = 0
    # Probes skipped because the model could not tell at that moment.
    skipped: int = 0
    times_ms: list[float] = field(default_factory=list)

    @property
    def alerted(self) -> int:
        """Anomalies whose alert arrived."""
        return len(self.times_ms)

    def add(self, other: "AlertTally") -> None:
        """Add another tally's figures to this one."""
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.times_ms.extend(other.times_ms)

    def take(self) -> "AlertTally":
        """This tally's figures, leaving it empty: one report's worth."""
        taken = AlertTally()
        taken.add(self)
        for name in _COUNTS:
            setattr(self, name, 0)
        self.times_ms = []
        return taken

    def percentile(self, share: float) -> float | None:
        """The time to alert below which `share` (0 to 1) of alerts arrived."""
        if not self.times_ms:
            return None
        ordered = sorted(self.times_ms)
        rank = max(math.ceil(share * len(ordered)) - 1, 0)
        return ordered[rank]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the counts, the times and their percentiles."""
        data: dict[str, Any] = {name: getattr(self, name) for name in _COUNTS}
        data["alerted"] = self.alerted
        data["times_ms"] = self.times_ms
        for label, share in PERCENTILES:
            data[label] = self.percentile(share)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AlertTally":
        """The tally `to_dict` described."""
        tally = cls()
        for name in _COUNTS:
            setattr(tally, name, int(data.get(name, 0)))
        tally.times_ms = [float(ms) for ms in data.get("times_ms", [])]
        return tally

    def summary(self) -> str:
        """One line for the console."""
        times = ", ".join(
            f"{label} {_ms(self.percentile(share))}" for label, share in PERCENTILES
        )
        return (
            f"time to alert: {self.alerted} of {self.anomalies} anomalies alerted "
            f"({times or 'no alerts'}), {self.missed} missed; {self.unexpected} of "
            f"{self.routine} routine probes alerted; {self.unsettled} unsettled at "
            f"the stop, {self.skipped} skipped where the model could not tell, "
            f"{self.other} alerts on routine events"
        )


_COUNTS = (
    "anomalies",
    "routine",
    "missed",
    "unexpected",
    "unsettled",
    "other",
    "skipped",
)
PERCENTILES = (("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0))


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"
