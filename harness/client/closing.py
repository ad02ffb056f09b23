"""What every client shares: one connection pool, closed on leaving a `with`."""

from types import TracebackType
from typing import Self

from harness.client.transport import Transport


class PooledClient:
    """A client over one `Transport`, usable as a context manager."""

    _http: Transport

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
