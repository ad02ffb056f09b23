"""Serving the emulator with uvicorn on a socket it binds itself."""

import gc
import json
import logging
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TextIO

import uvicorn
from starlette.applications import Starlette

from harness import __version__
from harness.emulator.app import API_PREFIX, EMULATOR_PREFIX, build_app
from harness.emulator.config import EmulatorConfig
from harness.emulator.core import Emulator
from harness.emulator.errors import ConfigError
from harness.emulator.fastpath import IngestFastPath

logger = logging.getLogger(__name__)

LISTEN_BACKLOG = 4096
GC_YOUNG_THRESHOLD = 50_000


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host:port` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port} ({error.strerror}); "
            "choose another --port, or 0 for a free one"
        ) from None
    sock.listen(LISTEN_BACKLOG)
    sock.set_inheritable(True)
    return sock


def serve(
    config: EmulatorConfig, ready_file: str | None = None, out: TextIO = sys.stdout
) -> None:
    """Start the emulator and serve until interrupted."""
    sock = bind(config.host, config.port)
    emulator = Emulator(config)
    app = build_app(emulator)
    app.router.lifespan_context = _closing(emulator)

    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    base_url = f"http://{shown_host}:{port}"
    facts = {
        "base_url": base_url,
        "api_url": base_url + API_PREFIX,
        "emulator_url": base_url + EMULATOR_PREFIX if config.admin else None,
        "user_id": emulator.user_id,
        "user_token": emulator.user_token,
        "db": config.db,
        "pid": os.getpid(),
    }
    _announce(facts, out)
    if ready_file is not None:
        # Written aside and renamed, so that a reader never sees half of it.
        partial = Path(ready_file + ".partial")
        partial.write_text(json.dumps(facts))
        partial.replace(ready_file)

    server = uvicorn.Server(
        uvicorn.Config(
            IngestFastPath(app, emulator),
            http="httptools",
            loop="uvloop",
            ws="websockets-sansio",
            lifespan="on",
            access_log=config.access_log,
            log_level="info" if config.access_log else "warning",
            timeout_keep_alive=30,
            proxy_headers=False,
            backlog=LISTEN_BACKLOG,
        )
    )
    _tune_garbage_collector()
    server.run(sockets=[sock])


def _tune_garbage_collector() -> None:
    # Requests make many short-lived objects and few cycles: collecting the young
    # generation less often, and never scanning what start-up built, saves CPU on
    # the ingest path without letting memory grow (cycles are still collected).
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)


def _closing(emulator: Emulator) -> Any:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await emulator.start()
        try:
            yield
        finally:
            await emulator.stop()
            emulator.close()
            logger.info("emulator stopped; every acknowledged message is stored")

    return lifespan


def _announce(facts: dict[str, Any], out: TextIO) -> None:
    lines = [
        f"harness emulator {__version__}: the ARTIK cloud API v1.1",
        f"  API         {facts['api_url']}",
        f"  emulator    {facts['emulator_url'] or '(switched off)'}",
        f"  OpenAPI     {facts['base_url']}/openapi.json",
        f"  database    {facts['db']}",
        f"  user id     {facts['user_id']}",
        f"  user token  {facts['user_token']}",
    ]
    out.write("\n".join(lines) + "\n")
    out.flush()
