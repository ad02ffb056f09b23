"""A real HTTP server on a free port that answers from a script, for the client."""

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a JSON (or raw text) body, after an optional delay."""

    status: int = 200
    body: Any = field(default_factory=lambda: {"data": {}})
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class ScriptedServer:
    """Answers each request with the next scripted reply, and records it."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}
        )

    @property
    def api_url(self) -> str:
        """The API root on this server, as a client is given it."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1.1"

    def answer(
        self,
        status: int = 200,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        drop: bool = False,
    ) -> None:
        """Queue the answer to the next unanswered request (`drop`: hang up)."""
        reply = Reply(
            status=status,
            body={"data": {}} if body is None else body,
            headers=headers or {},
            delay=delay,
            drop=drop,
        )
        with self._lock:
            self.replies.append(reply)

    def paths(self) -> list[str]:
        """`METHOD path?query` of each request received so far."""
        with self._lock:
            return [f"{seen.method} {seen.path}" for seen in self.received]

    def next_reply(self, received: Received) -> Reply:
        """Record a request and take its answer (200 `{"data": {}}` if unscripted)."""
        with self._lock:
            self.received.append(received)
            return self.replies.pop(0) if self.replies else Reply()

    def start(self) -> None:
        """Serve in a thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer()

        do_POST = do_PUT = do_DELETE = do_GET

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            received = Received(
                method=self.command,
                path=self.path,
                headers=dict(self.headers.items()),
                body=json.loads(raw) if raw else None,
            )
            reply = server.next_reply(received)
            time.sleep(reply.delay)

            if reply.drop:
                self.close_connection = True
                return

            if isinstance(reply.body, str):
                payload = reply.body.encode()
                content_type = "text/html"
            else:
                payload = json.dumps(reply.body).encode()
                content_type = "application/json"

            # A client that timed out has hung up; that is what the test wants.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(reply.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

    return Handler


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted server, started for one test and stopped after it."""
    scripted = ScriptedServer()
    scripted.start()
    try:
        yield scripted
    finally:
        scripted.stop()
