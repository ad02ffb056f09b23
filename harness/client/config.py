"""How a client talks to the API: timeouts, retries and waits, fixed per client."""

from dataclasses import dataclass

from harness.client.errors import ClientConfigError

DEFAULT_TIMEOUT = (3.05, 30.0)
DEFAULT_GET_RETRIES = 3
DEFAULT_RETRY_BACKOFF = 0.1
DEFAULT_MAX_RATE_LIMIT_WAIT = 60.0
DEFAULT_USER_AGENT = "harness-client/0.1"


@dataclass(frozen=True)
class ClientConfig:
    """Timeouts, retries and rate-limit waits shared by every call of a client."""

    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    """Seconds to connect, then seconds to wait for each read of the answer."""

    get_retries: int = DEFAULT_GET_RETRIES
    """Extra tries of a GET after a connection error or a 5xx answer."""

    retry_backoff: float = DEFAULT_RETRY_BACKOFF
    """Seconds before the first GET retry; doubled before each next one."""

    max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT
    """Most seconds one call may sleep on 429 answers before it gives up."""

    user_agent: str = DEFAULT_USER_AGENT
    """The `User-Agent` header sent with every request."""

    def __post_init__(self) -> None:
        connect, read = self.timeout
        if connect <= 0 or read <= 0:
            raise ClientConfigError(
                f"timeout={self.timeout!r}: both the connect and the read timeout "
                "must be positive seconds, e.g. (3.05, 30)"
            )

        if self.get_retries < 0:
            raise ClientConfigError(
                f"get_retries={self.get_retries!r}: use 0 for no retries"
            )

        if self.retry_backoff < 0 or self.max_rate_limit_wait < 0:
            raise ClientConfigError(
                f"retry_backoff={self.retry_backoff!r}, "
                f"max_rate_limit_wait={self.max_rate_limit_wait!r}: "
                "waits are seconds and cannot be negative"
            )
