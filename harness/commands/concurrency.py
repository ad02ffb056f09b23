"""Work on many items with a few threads: each in-flight request its own thread."""

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Generic, Protocol, TypeVar

from harness.commands.progress import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")


class Closable(Protocol):
    """Anything with a `close()`: a client, a requests session."""

    def close(self) -> None: ...


Resource = TypeVar("Resource", bound=Closable)


class PerThread(Generic[Resource]):
    """One resource per thread, made on first use: a requests session (and the
    clients on it) is not shared between threads."""

    def __init__(self, make: Callable[[], Resource]) -> None:
        self._make = make
        self._local = threading.local()
        self._made: list[Resource] = []
        self._lock = threading.Lock()

    def get(self) -> Resource:
        """This thread's resource."""
        resource: Resource | None = getattr(self._local, "resource", None)
        if resource is None:
            resource = self._make()
            self._local.resource = resource
            with self._lock:
                self._made.append(resource)
        return resource

    def close(self) -> None:
        """Close every resource made, in whichever thread."""
        with self._lock:
            for resource in self._made:
                resource.close()
            self._made.clear()


def each_concurrently(
    items: Sequence[Item],
    work: Callable[[Item], Result],
    concurrency: int,
    progress: Progress | None = None,
) -> list[Result]:
    """`work(item)` for every item, `concurrency` at a time; the results in the
    items' order. The first failure cancels what has not started and is raised."""
    if concurrency == 1:
        return [_counted(work, item, progress) for item in items]

    pool = ThreadPoolExecutor(concurrency, thread_name_prefix="harness")
    try:
        futures = [pool.submit(_counted, work, item, progress) for item in items]
        wait(futures, return_when=FIRST_EXCEPTION)
    finally:
        # On a failure or an interrupt, what has not started never starts.
        pool.shutdown(wait=True, cancel_futures=True)

    for future in futures:
        if not future.cancelled() and future.exception() is not None:
            raise future.exception()  # type: ignore[misc]

    return [future.result() for future in futures]


def _counted(
    work: Callable[[Item], Result], item: Item, progress: Progress | None
) -> Result:
    result = work(item)
    if progress is not None:
        progress.advance()
    return result
