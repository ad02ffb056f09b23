"""Progress of long work on stderr: a bar on a terminal, periodic lines elsewhere."""

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

BAR_WIDTH = 30
# How often a terminal's bar is redrawn, and a log's line written, at most.
REDRAW_SECONDS = 0.1
LINE_SECONDS = 5.0
# A log also gets a line at each quarter of the work.
LINE_STEPS = 4


class Progress:
    """Counts finished items, from any thread, and shows how far the work is."""

    def __init__(
        self,
        total: int,
        what: str,
        stream: TextIO | None = None,
        tty: bool | None = None,
    ) -> None:
        self.total = total
        self.what = what
        self.done = 0
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty() if tty is None else tty
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._shown_at = self._started
        self._shown_step = 0
        self._closed = False

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done, and show it if it is time to."""
        with self._lock:
            self.done += count
            now = time.monotonic()
            if self._tty:
                if now - self._shown_at >= REDRAW_SECONDS:
                    self._draw_bar(now)
                return

            step = self.done * LINE_STEPS // max(self.total, 1)
            if step > self._shown_step or now - self._shown_at >= LINE_SECONDS:
                self._shown_step = step
                self._write_line(now)

    def close(self) -> None:
        """Show the final count once, and end the bar's line."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            now = time.monotonic()
            if self._tty:
                self._draw_bar(now)
                self._stream.write("\n")
            elif self._shown_step < LINE_STEPS:
                self._write_line(now)
            self._stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _draw_bar(self, now: float) -> None:
        share = self.done / self.total if self.total else 1.0
        filled = round(BAR_WIDTH * share)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self._stream.write(f"\r[{bar}] {self._counts(now)}")
        self._stream.flush()
        self._shown_at = now

    def _write_line(self, now: float) -> None:
        self._stream.write(self._counts(now) + "\n")
        self._stream.flush()
        self._shown_at = now

    def _counts(self, now: float) -> str:
        elapsed = max(now - self._started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.done}/{self.total} {self.what}, {rate:.0f}/s"
        if 0 < self.done < self.total and rate > 0:
            text += f", {(self.total - self.done) / rate:.0f} s left"
        return text
