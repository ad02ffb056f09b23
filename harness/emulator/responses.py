"""JSON responses in the cloud's envelopes, encoded with orjson."""

from typing import Any

import orjson
from starlette.responses import Response

from harness.emulator.errors import ApiError


class JsonResponse(Response):
    """A JSON response encoded with orjson."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def ok(data: Any, status: int = 200, **extra: Any) -> JsonResponse:
    """`{"data": ...}` plus list fields such as `total`, `count`, `offset`."""
    return JsonResponse({"data": data, **extra}, status_code=status)


def envelope(status: int, message: str) -> dict[str, Any]:
    """The error envelope: the status again as `code`, and what went wrong."""
    return {"error": {"code": status, "message": message}}


def error_response(error: ApiError) -> JsonResponse:
    """The answer to a refused request."""
    return JsonResponse(
        envelope(error.status, error.message),
        status_code=error.status,
        headers=error.headers,
    )
