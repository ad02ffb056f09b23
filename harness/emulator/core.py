"""The running emulator: its settings, clock, store, registry, limits and counters."""

import logging

from harness.emulator.clock import Clock
from harness.emulator.config import EmulatorConfig
from harness.emulator.counters import Counters
from harness.emulator.ratelimit import RateLimiter
from harness.emulator.registry import Registry
from harness.emulator.rules.engine import RuleEngine
from harness.emulator.rules.learning import ModelRegistry
from harness.emulator.rules.rulebook import Rulebook
from harness.emulator.store import MessageRow, Store

logger = logging.getLogger(__name__)


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

        self.models = ModelRegistry(
            self.store, self.clock, config.training_delay_ms / 1000
        )
        self.rules = Rulebook(self.store, self.clock, self.registry, self.models)
        self.rules.load()
        self.engine = RuleEngine(
            self.rules,
            self.models,
            self.store,
            self.clock,
            self.registry,
            self.counters,
            config.rule_http_timeout_ms / 1000,
        )
        self.store.on_stored(self.engine.on_stored)

    async def start(self) -> None:
        """Start the background work: keeping models trained."""
        self.models.start()

    async def stop(self) -> None:
        """Stop the background work and let firings under way finish."""
        await self.models.stop()
        await self.engine.drain()

    def _count_stored(self, rows: list[MessageRow]) -> None:
        actions = sum(1 for row in rows if row.kind == "action")
        self.counters.actions += actions
        self.counters.stored += len(rows) - actions

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
        await self.models.stop()
        await self.registry.reset()
        self.rules.load()
        self.models.start()
        self.limiter.reset()
        self.clock.reset()
        self.counters.reset()
        self.availability.clear()
        logger.info("emulator reset")

    def close(self) -> None:
        self.store.close()
