"""The ASGI application: the public API under `/v1.1`, our own under `/emulator`."""

import logging
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import Scope

from harness.emulator.channels import Channels
from harness.emulator.core import Emulator
from harness.emulator.errors import ApiError
from harness.emulator.openapi import openapi_document
from harness.emulator.responses import JsonResponse, envelope, error_response
from harness.emulator.routes import (
    admin,
    devices,
    devicetypes,
    messages,
    mlmodels,
    rules,
    users,
    websocket,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/v1.1"
EMULATOR_PREFIX = "/emulator"
RATE_LIMIT_HEADERS = [
    "X-Rate-Limit-Limit",
    "X-Rate-Limit-Remaining",
    "X-Rate-Limit-Reset",
]


def public_routes() -> list[BaseRoute]:
    """The routes of the cloud's public API, relative to `/v1.1`."""
    return [
        *users.ROUTES,
        *devicetypes.ROUTES,
        *devices.ROUTES,
        *messages.ROUTES,
        *rules.ROUTES,
        *mlmodels.ROUTES,
        *websocket.ROUTES,
    ]


def emulator_routes() -> list[BaseRoute]:
    """The emulator's own routes, relative to `/emulator`."""
    return list(admin.ROUTES)


def build_app(emulator: Emulator) -> Starlette:
    """The emulator's ASGI app, serving `emulator`."""
    routes: list[BaseRoute] = [
        Mount(API_PREFIX, routes=public_routes()),
        Route("/openapi.json", serve_openapi, methods=["GET"]),
    ]
    if emulator.config.admin:
        routes.append(Mount(EMULATOR_PREFIX, routes=emulator_routes()))

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["*"],
                allow_headers=["*"],
                expose_headers=RATE_LIMIT_HEADERS,
                max_age=600,
            )
        ],
        exception_handlers={
            ApiError: on_api_error,
            HTTPException: on_http_error,
            Exception: on_unexpected_error,
        },
    )
    app.state.emulator = emulator
    app.state.channels = Channels()
    emulator.store.on_stored(app.state.channels.publish)
    return app


async def serve_openapi(request: Request) -> Response:
    emulator: Emulator = request.app.state.emulator
    return JsonResponse(openapi_document(admin=emulator.config.admin))


async def on_api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return error_response(error)


async def on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        message = (
            f"no route {request.method} {request.url.path}; "
            "the routes are listed at /openapi.json"
        )
    elif error.status_code == 405:
        # Matched afresh: the request's own scope was changed by the mounts it passed.
        scope: Scope = {
            "type": "http",
            "path": request.scope["path"],
            "root_path": "",
            "method": request.method,
        }
        methods = allowed_methods(request.app.router.routes, scope)
        allowed = ", ".join(sorted(methods - {"HEAD"}))
        message = (
            f"{request.method} is not allowed on {request.url.path}; use {allowed}"
        )
        error.headers = {**(error.headers or {}), "Allow": allowed}
    else:
        message = str(error.detail)
    return JsonResponse(
        envelope(error.status_code, message),
        status_code=error.status_code,
        headers=error.headers,
    )


def allowed_methods(routes: Sequence[BaseRoute], scope: Scope) -> set[str]:
    """The methods of every route whose path matches the request's, mounts included."""
    methods: set[str] = set()
    for route in routes:
        match, child_scope = route.matches(scope)
        if match == Match.NONE:
            continue
        if isinstance(route, Mount):
            methods |= allowed_methods(route.routes, {**scope, **child_scope})
        elif isinstance(route, Route):
            methods |= route.methods or set()
    return methods


async def on_unexpected_error(request: Request, error: Exception) -> Response:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return JsonResponse(
        envelope(500, f"the emulator failed unexpectedly: {error!r}; please report it"),
        status_code=500,
    )
