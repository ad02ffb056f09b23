"""Why a model judges a moment as it does: the slot, its shares and the threshold."""

from dataclasses import dataclass
from typing import Any

from harness.model.history import Value


@dataclass(frozen=True)
class SlotExplanation:
    """One slot of a model as seen from an instant, in terms a rule author reads."""

    group: str
    start_minute: int
    end_minute: int
    days: int
    min_days: int
    # How long each value held in the slot, as a share of the slot's known time.
    shares: tuple[tuple[Value, float], ...]
    sensitivity: int
    expected: Value | None

    @property
    def threshold(self) -> float:
        """The share the expected value needs at this sensitivity."""
        return max(1 - self.sensitivity / 200, 0.5)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, as the predict route answers it."""
        return {
            "group": self.group,
            "from": _clock(self.start_minute),
            "to": _clock(self.end_minute),
            "days": self.days,
            "minDays": self.min_days,
            "shares": [
                {"value": value, "share": share} for value, share in self.shares
            ],
            "threshold": self.threshold,
        }


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
