"""The emulator's settings: one frozen value object with named defaults."""

from dataclasses import dataclass, field

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS

MEMORY_DB = ":memory:"
DEFAULT_DB = "emulator.db"
DEFAULT_PORT = 9000
MAX_MESSAGE_BYTES = 1024
MAX_PAGE_COUNT = 100


@dataclass(frozen=True)
class RateLimits:
    """How many messages a device or a user may post; 0 switches a limit off."""

    device_per_minute: int = 0
    device_per_day: int = 0
    user_per_minute: int = 0
    user_per_day: int = 0

    @property
    def enabled(self) -> bool:
        return any(
            (
                self.device_per_minute,
                self.device_per_day,
                self.user_per_minute,
                self.user_per_day,
            )
        )


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything the emulator needs to start."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    db: str = DEFAULT_DB
    user_token: str | None = None
    admin: bool = True
    max_past_ms: int = 365 * DAY_MS
    max_future_ms: int = 24 * HOUR_MS
    rate_limits: RateLimits = field(default_factory=RateLimits)
    fsync: bool = False
    access_log: bool = False
    ws_ping_ms: int = 30_000
    ws_register_ms: int = 30_000
    training_delay_ms: int = 0
    rule_http_timeout_ms: int = 5_000

    @property
    def in_memory(self) -> bool:
        return self.db == MEMORY_DB
