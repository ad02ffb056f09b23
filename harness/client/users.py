"""The user behind a user token."""

from typing import Any

from harness.client.transport import Transport, unwrap


class Users:
    """`/users`: who the token belongs to."""

    def __init__(self, http: Transport) -> None:
        self._http = http

    def get_self(self) -> dict[str, Any]:
        """The token's user: `id`, `name`, `email`, `fullName`, `createdOn`..."""
        return unwrap(self._http.get("/users/self"))
