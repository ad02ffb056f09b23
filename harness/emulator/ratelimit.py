"""Rate limits per device and per user, per minute and per day (off by default)."""

from collections import deque
from dataclasses import dataclass

from harness.emulator.clock import Clock
from harness.emulator.config import DAY_MS, MINUTE_MS, RateLimits
from harness.emulator.errors import ApiError


@dataclass(frozen=True)
class Quota:
    """What one limit allows and what is left, for the rate-limit headers."""

    limit: int
    remaining: int
    reset_ms: int

    def headers(self) -> dict[str, str]:
        return {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(max(self.remaining, 0)),
            "X-Rate-Limit-Reset": str(-(-self.reset_ms // 1000)),
        }


class _Window:
    """Posts in the last `span_ms`, as a queue of their times."""

    def __init__(self, limit: int, span_ms: int) -> None:
        self.limit = limit
        self.span_ms = span_ms
        self.times: deque[int] = deque()

    def quota(self, now: int) -> Quota:
        while self.times and self.times[0] <= now - self.span_ms:
            self.times.popleft()
        reset = self.times[0] + self.span_ms if self.times else now + self.span_ms
        return Quota(self.limit, self.limit - len(self.times), reset)


class RateLimiter:
    """Counts posts per device and user and refuses those over a limit with 429."""

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._windows: dict[tuple[str, str, int], _Window] = {}

    @property
    def enabled(self) -> bool:
        return self._limits.enabled

    def take(self, did: str, uid: str) -> dict[str, str]:
        """Count one post, or raise 429; answer the headers of the tightest limit."""
        now = self._clock.now_ms()
        windows = [
            self._window("device", did, self._limits.device_per_minute, MINUTE_MS),
            self._window("device", did, self._limits.device_per_day, DAY_MS),
            self._window("user", uid, self._limits.user_per_minute, MINUTE_MS),
            self._window("user", uid, self._limits.user_per_day, DAY_MS),
        ]
        live = [(w, w.quota(now)) for w in windows if w is not None]

        for window, quota in live:
            if quota.remaining <= 0:
                scope = "device" if window in windows[:2] else "user"
                span = "minute" if window.span_ms == MINUTE_MS else "day"
                raise ApiError(
                    429,
                    f"rate limit of {quota.limit} messages per {span} per {scope} "
                    f"reached; retry after epoch second "
                    f"{quota.headers()['X-Rate-Limit-Reset']}",
                    headers=quota.headers(),
                )

        for window, _ in live:
            window.times.append(now)
        tightest = min(
            (Quota(q.limit, q.remaining - 1, q.reset_ms) for _, q in live),
            key=lambda q: q.remaining,
        )
        return tightest.headers()

    def _window(self, scope: str, key: str, limit: int, span_ms: int) -> _Window | None:
        if limit <= 0:
            return None
        window = self._windows.get((scope, key, span_ms))
        if window is None:
            window = self._windows[(scope, key, span_ms)] = _Window(limit, span_ms)
        return window

    def reset(self) -> None:
        self._windows.clear()
