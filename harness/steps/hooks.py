"""A web hook a scenario listens on: a real HTTP server that keeps what it is sent."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

logger = logging.getLogger(__name__)


class WebHook:
    """An HTTP server on a free loopback port; rules call it, steps read its calls."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"web hook {name}", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Where rules should send their requests."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/{self.name.replace(' ', '-')}"

    def received(self) -> list[dict[str, Any]]:
        """The calls so far: method, path and body (parsed if it is JSON)."""
        with self._lock:
            return list(self.calls)

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _keep(self, call: dict[str, Any]) -> None:
        with self._lock:
            self.calls.append(call)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self._record()

            def do_PUT(self) -> None:
                self._record()

            def do_GET(self) -> None:
                self._record()

            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8", "replace")
                try:
                    body: Any = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = raw
                hook._keep({"method": self.command, "path": self.path, "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                logger.debug("web hook %s: " + format, hook.name, *args)

        return Handler
