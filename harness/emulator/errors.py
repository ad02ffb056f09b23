"""Errors that the emulator answers with the cloud's error envelope."""

from harness.errors import HarnessError


class ApiError(HarnessError):
    """A request the emulator refuses: an HTTP status and a message saying why."""

    def __init__(
        self, status: int, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> ApiError:
    """400: the request is malformed or breaks the manifest."""
    return ApiError(400, message)


def unauthorized(message: str) -> ApiError:
    """401: no usable token."""
    return ApiError(401, message)


def forbidden(message: str) -> ApiError:
    """403: the token may not do this."""
    return ApiError(403, message)


def not_found(message: str) -> ApiError:
    """404: no such thing, or not visible to this token."""
    return ApiError(404, message)


class ConfigError(HarnessError):
    """The emulator's own settings are wrong; it cannot start."""
