"""Starting the emulator as a child process on a free port, and stopping it.

This is the one place outside the emulator that knows how to start it; everything
else reaches it over HTTP and WebSocket, as it would reach the cloud.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from harness.errors import HarnessError

logger = logging.getLogger(__name__)

START_DEADLINE_S = 30.0
STOP_DEADLINE_S = 10.0


class LaunchError(HarnessError):
    """The emulator process did not start or answer in time."""


@dataclass(frozen=True)
class EmulatorInfo:
    """Where a running emulator serves, and its start-up user."""

    base_url: str
    api_url: str
    emulator_url: str | None
    user_id: str
    user_token: str
    db: str
    pid: int


class EmulatorProcess:
    """An emulator in a child process: `with EmulatorProcess() as emulator: ...`."""

    def __init__(
        self,
        db: str | None = None,
        user_token: str | None = None,
        admin: bool = True,
        extra_args: tuple[str, ...] = (),
        port: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self._workdir = tempfile.TemporaryDirectory(prefix="harness-emulator-")
        self.db = db or str(Path(self._workdir.name) / "emulator.db")
        self._args = ["--host", host, "--port", str(port), "--db", self.db]
        if user_token is not None:
            self._args += ["--user-token", user_token]
        if not admin:
            self._args.append("--no-admin")
        self._args += list(extra_args)
        self._process: subprocess.Popen[bytes] | None = None
        self._log_path = Path(self._workdir.name) / "emulator.log"
        self.info: EmulatorInfo | None = None

    def start(self, deadline_s: float = START_DEADLINE_S) -> EmulatorInfo:
        """Start the process and wait until it answers its health route or API."""
        ready_file = Path(self._workdir.name) / f"ready-{time.monotonic_ns()}.json"
        command = [
            sys.executable,
            "-m",
            "harness.emulator",
            *self._args,
            "--ready-file",
            str(ready_file),
        ]
        log = self._log_path.open("ab")
        self._process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy()
        )
        log.close()

        end = time.monotonic() + deadline_s
        while not ready_file.exists():
            self._check_alive()
            if time.monotonic() > end:
                self.stop()
                raise LaunchError(
                    f"the emulator did not start within {deadline_s:.0f} s; "
                    f"its output:\n{self.output()}"
                )
            time.sleep(0.02)

        self.info = EmulatorInfo(**json.loads(ready_file.read_text()))
        self._wait_until_serving(end)
        logger.info("emulator serving at %s (pid %d)", self.info.api_url, self.info.pid)
        return self.info

    def _wait_until_serving(self, end: float) -> None:
        assert self.info is not None
        probe = self.info.base_url + "/openapi.json"
        while True:
            self._check_alive()
            try:
                with urllib.request.urlopen(probe, timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > end:
                    raise LaunchError(
                        f"the emulator at {probe} did not answer in time; "
                        f"its output:\n{self.output()}"
                    ) from None
                time.sleep(0.02)

    def _check_alive(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            raise LaunchError(
                f"the emulator exited with code {self._process.returncode}; "
                f"its output:\n{self.output()}"
            )

    def output(self) -> str:
        """What the emulator printed so far."""
        if not self._log_path.exists():
            return ""
        return self._log_path.read_text(errors="replace")

    def stop(self, kill: bool = False) -> None:
        """Stop the process: SIGTERM, then SIGKILL past a deadline; or SIGKILL now."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if kill:
            process.kill()
            process.wait(STOP_DEADLINE_S)
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_DEADLINE_S)
        except subprocess.TimeoutExpired:
            logger.warning(
                "emulator did not stop within %.0f s; killing it", STOP_DEADLINE_S
            )
            process.kill()
            process.wait(STOP_DEADLINE_S)

    def restart(self, kill: bool = False) -> EmulatorInfo:
        """Stop the process and start it again on the same database."""
        self.stop(kill=kill)
        if self.info is not None and "--user-token" not in self._args:
            self._args += ["--user-token", self.info.user_token]
        return self.start()

    def close(self) -> None:
        self.stop()
        self._workdir.cleanup()

    def __enter__(self) -> EmulatorInfo:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
