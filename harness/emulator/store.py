"""The SQLite store: one writer thread that group-commits, reads on the caller.

Every write goes through the writer thread. It takes whatever work is queued, runs it
in one transaction and commits once, then resolves the waiting futures: a message is
acknowledged only after the commit that stores it, and many concurrent messages share
one commit.
"""

import asyncio
import logging
import queue
import random
import secrets
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any, NamedTuple, TypeVar

from harness.emulator.config import EmulatorConfig
from harness.emulator.errors import ApiError
from harness.emulator.schema import (
    INSERT_MESSAGE,
    SCHEMA,
    SCHEMA_VERSION,
    UPSERT_SNAPSHOT,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

_mid_bits = random.Random(secrets.randbits(128))

MAX_BATCH = 2000


class StorageError(ApiError):
    """The store could not commit: nothing was acknowledged, the client may retry."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            503,
            f"the emulator's store could not commit ({reason}); nothing was stored, "
            "retry the request",
        )


class MessageRow(NamedTuple):
    """A validated message or action, ready to insert (a tuple: cheap to make)."""

    seq: int
    mid: str
    kind: str
    did: str
    dtid: str
    uid: str
    ts: int
    cts: int
    mv: int
    data: str
    snapshot: tuple[tuple[str, str], ...] = ()
    # The data as decoded on the way in, so that rules need not decode it again.
    fields: Any = None


def mid_for(seq: int) -> str:
    """A message ID: its sequence number, then 64 random bits, as 32 hex digits.

    The sequence number makes an ID findable by the table's primary key, so no index
    on random IDs slows every insert; the random half keeps IDs unguessable.
    """
    return f"{seq:016x}{_mid_bits.getrandbits(64):016x}"


def seq_of(mid: str) -> int | None:
    """The sequence number inside a message ID, or None if it cannot be one."""
    if len(mid) != 32:
        return None
    try:
        return int(mid[:16], 16)
    except ValueError:
        return None


@dataclass
class _Job:
    loop: asyncio.AbstractEventLoop
    futures: list[asyncio.Future[Any]]
    rows: Sequence[MessageRow] = ()
    work: Callable[[sqlite3.Connection], Any] | None = None
    result: Any = None
    error: BaseException | None = None


@dataclass
class _Batch:
    jobs: list[_Job] = field(default_factory=list)
    rows: list[MessageRow] = field(default_factory=list)


StoredHook = Callable[[list[MessageRow]], None]


class Store:
    """The emulator's SQLite database and its writer thread."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._config = config
        self._writer_conn = self._connect()
        self._init_schema(self._writer_conn)
        last = self._writer_conn.execute("SELECT max(seq) FROM messages").fetchone()[0]
        self._seqs = count((last or 0) + 1)
        if config.in_memory:
            self._reader_conn = self._writer_conn
        else:
            self._reader_conn = self._connect()
        self._db_lock = threading.Lock() if config.in_memory else None
        self._read_lock = threading.Lock()
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._stored_hooks: list[StoredHook] = []
        # Messages appended during one turn of the event loop go to the writer as
        # one job, so that the writer wakes once for all of them.
        self._pending_rows: list[MessageRow] = []
        self._pending_futures: list[asyncio.Future[Any]] = []
        self._flush_scheduled = False
        # Without fsync a commit takes microseconds, so the event loop commits
        # itself and no thread hand-off is paid; with fsync a writer thread waits
        # for the disk while the loop goes on taking requests.
        self._inline = not config.fsync
        self._thread = threading.Thread(
            target=self._run_writer, name="store-writer", daemon=True
        )
        if not self._inline:
            self._thread.start()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._config.db,
            isolation_level=None,
            check_same_thread=False,
            timeout=30,
        )
        if not self._config.in_memory:
            conn.execute("PRAGMA journal_mode=WAL")
        synchronous = "FULL" if self._config.fsync else "NORMAL"
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("PRAGMA foreign_keys=OFF")
        return conn

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise RuntimeError(
                f"{self._config.db} holds schema version {version}, this emulator "
                f"knows version {SCHEMA_VERSION}; start with another --db file"
            )
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def next_seq(self) -> int:
        """The sequence number of the next message, unique for this database."""
        return next(self._seqs)

    def on_stored(self, hook: StoredHook) -> None:
        """Call `hook` on the event loop with each batch of newly stored messages."""
        self._stored_hooks.append(hook)

    async def append(self, rows: Sequence[MessageRow]) -> None:
        """Store messages; return once they are committed."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending_rows.extend(rows)
        self._pending_futures.append(future)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            loop.call_soon(self._flush, loop)
        await future

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        rows, futures = self._pending_rows, self._pending_futures
        self._pending_rows, self._pending_futures = [], []
        self._flush_scheduled = False
        self._submit(_Job(loop=loop, futures=futures, rows=rows))

    def _submit(self, job: _Job) -> None:
        if self._inline:
            self._commit(_Batch(jobs=[job], rows=list(job.rows)))
        else:
            self._queue.put(job)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in a transaction on the writer; its result, once committed."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._submit(_Job(loop=loop, futures=[future], work=work))
        result: T = await future
        return result

    def write_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in a transaction from a thread with no event loop (start-up)."""
        with self._locked():
            conn = self._writer_conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read-only query on the reader connection."""
        with self._read_lock, self._locked():
            return work(self._reader_conn)

    def close(self) -> None:
        """Finish queued writes, stop the writer and close the database."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=30)
        self._writer_conn.close()
        if self._reader_conn is not self._writer_conn:
            self._reader_conn.close()

    def _locked(self) -> Any:
        return self._db_lock if self._db_lock is not None else _NoLock()

    def _run_writer(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return

            batch = _Batch()
            self._add(batch, first)
            stop = False
            while len(batch.rows) + len(batch.jobs) < MAX_BATCH:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                self._add(batch, job)

            self._commit(batch)
            if stop:
                return

    @staticmethod
    def _add(batch: _Batch, job: _Job) -> None:
        batch.jobs.append(job)
        batch.rows.extend(job.rows)

    def _commit(self, batch: _Batch) -> None:
        failure: BaseException | None = None
        with self._locked():
            conn = self._writer_conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                self._run_jobs(conn, batch)
                conn.execute("COMMIT")
            except Exception as error:  # any failure fails the batch, not the writer
                logger.error("commit of %d jobs failed: %s", len(batch.jobs), error)
                failure = StorageError(str(error))
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

        by_loop: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
        for job in batch.jobs:
            if failure is not None:
                job.error = failure
            by_loop.setdefault(job.loop, []).append(job)
        stored = batch.rows if failure is None else []
        for loop, jobs in by_loop.items():
            if self._inline:
                self._resolve(jobs, stored)
                continue
            try:
                loop.call_soon_threadsafe(self._resolve, jobs, stored)
            except RuntimeError:
                logger.warning("event loop closed before %d jobs resolved", len(jobs))

    def _run_jobs(self, conn: sqlite3.Connection, batch: _Batch) -> None:
        if batch.rows:
            conn.executemany(INSERT_MESSAGE, [row[:10] for row in batch.rows])
            latest: dict[tuple[str, str], tuple[str, int]] = {}
            for row in batch.rows:
                for name, value in row.snapshot:
                    key = (row.did, name)
                    known = latest.get(key)
                    if known is None or row.ts >= known[1]:
                        latest[key] = (value, row.ts)
            conn.executemany(
                UPSERT_SNAPSHOT,
                [(did, name, value, ts) for (did, name), (value, ts) in latest.items()],
            )

        for job in batch.jobs:
            if job.work is None:
                continue
            conn.execute("SAVEPOINT job")
            try:
                job.result = job.work(conn)
            except Exception as error:  # handed to the waiting request
                conn.execute("ROLLBACK TO job")
                job.error = error
            conn.execute("RELEASE job")

    def _resolve(self, jobs: list[_Job], stored: list[MessageRow]) -> None:
        if stored:
            for hook in self._stored_hooks:
                try:
                    hook(stored)
                except Exception:
                    logger.exception("a stored-message hook failed")

        for job in jobs:
            for future in job.futures:
                if future.done():
                    continue
                if job.error is not None:
                    future.set_exception(job.error)
                else:
                    future.set_result(job.result)


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
