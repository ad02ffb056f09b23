"""The ingest baseline: a do-nothing ASGI app on the emulator's server stack.

uvicorn with httptools and uvloop in one process, as the emulator is served; the app
reads the body and answers 200 with a message ID of the emulator's shape. Its rate is
the ceiling of the stack on this machine. Run as `python bench/noop_app.py READY`,
it serves on a free port and writes its URL as JSON to the file READY.
"""

import json
import logging
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from errors import BenchError
from machine import pin_command

logger = logging.getLogger(__name__)

START_DEADLINE_S = 30.0
STOP_DEADLINE_S = 10.0
PROBE_TIMEOUT_S = 2.0
LISTEN_BACKLOG = 4096
ANSWER = b'{"data":{"mid":"' + b"0" * 32 + b'"}}'
ANSWER_HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(ANSWER)).encode()),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Read the request body, answer 200 with a fixed message ID, do nothing else."""
    if scope["type"] != "http":
        return

    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)

    await send(
        {"type": "http.response.start", "status": 200, "headers": ANSWER_HEADERS}
    )
    await send({"type": "http.response.body", "body": ANSWER})


def serve(ready_file: str) -> None:
    """Serve `app` on a free port with the emulator's uvicorn settings."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(LISTEN_BACKLOG)
    port = sock.getsockname()[1]
    Path(ready_file).write_text(json.dumps({"base_url": f"http://127.0.0.1:{port}"}))

    config = uvicorn.Config(
        app,
        http="httptools",
        loop="uvloop",
        lifespan="off",
        access_log=False,
        log_level="warning",
        timeout_keep_alive=30,
        proxy_headers=False,
        backlog=LISTEN_BACKLOG,
    )
    uvicorn.Server(config).run(sockets=[sock])


class NoopAppProcess:
    """The baseline in a child process on one CPU: `with NoopAppProcess(0) as app:`."""

    def __init__(self, cpu: int | None) -> None:
        self._cpu = cpu
        self._workdir = tempfile.TemporaryDirectory(prefix="bench-noop-app-")
        self._process: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def __enter__(self) -> "NoopAppProcess":
        ready = Path(self._workdir.name) / "ready.json"
        command = [
            *pin_command(self._cpu),
            sys.executable,
            str(Path(__file__).resolve()),
            str(ready),
        ]
        # taskset execs the server, so the child's pid is the server's.
        self._process = subprocess.Popen(command)

        end = time.monotonic() + START_DEADLINE_S
        while not ready.exists():
            if self._process.poll() is not None or time.monotonic() > end:
                self.__exit__()
                raise BenchError(f"the do-nothing app did not start: {command}")
            time.sleep(0.02)
        self.base_url = json.loads(ready.read_text())["base_url"]
        wait_until_answering(self.base_url + "/", end)
        return self

    def __exit__(self, *exc: object) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_DEADLINE_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_DEADLINE_S)
        self._workdir.cleanup()


def wait_until_answering(url: str, end: float) -> None:
    """Wait for any HTTP answer at `url`, until the monotonic deadline `end`."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_S):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if time.monotonic() > end:
                raise BenchError(f"{url} did not answer in time: {error}") from None
            time.sleep(0.02)


if __name__ == "__main__":
    serve(sys.argv[1])
