"""The running emulator: its settings, clock, store, registry, limits and counters."""

import logging
from dataclasses import asdict, dataclass

from harness.emulator.clock import Clock
from harness.emulator.config import EmulatorConfig
from harness.emulator.ratelimit import RateLimiter
from harness.emulator.registry import Registry
from harness.emulator.store import MessageRow, Store

logger = logging.getLogger(__name__)


@dataclass
class Counters:
    """What the emulator has seen since it started or was reset."""

    received: int = 0
    stored: int = 0
    rejected: int = 0
    actions: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Emulator:
    """Everything a request handler needs, in one place."""

    def __init__(self, config: EmulatorConfig, clock: Clock | None = None) -> None:
        self.config = config
        self.clock = clock or Clock()
        self.store = Store(config)
        self.registry = Registry(self.store, self.clock)
        self.registry.load(config.user_token)
        self.limiter = RateLimiter(config.rate_limits, self.clock)
        self.counters = Counters()
        # What devices said of their own availability (PUT /devices/{did}/status).
        # Not yet kept across restarts: it would take a column on devices.
        self.availability: dict[str, str] = {}
        self.store.on_stored(self._count_stored)

    def _count_stored(self, rows: list[MessageRow]) -> None:
        for row in rows:
            if row.kind == "message":
                self.counters.stored += 1
            else:
                self.counters.actions += 1

    @property
    def user_token(self) -> str:
        assert self.registry.default_token is not None
        return self.registry.default_token.token

    @property
    def user_id(self) -> str:
        assert self.registry.default_user is not None
        return self.registry.default_user.id

    async def reset(self) -> None:
        """Forget every message, device, user and token; keep the start-up user."""
        await self.registry.reset()
        self.limiter.reset()
        self.clock.reset()
        self.counters = Counters()
        self.availability.clear()
        logger.info("emulator reset")

    def close(self) -> None:
        self.store.close()
