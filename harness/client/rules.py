"""Rules: "if a message matches, then act", as the token's user defines them."""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from harness.client.pages import Page, counted_page, every_item
from harness.client.transport import Transport, path, unwrap


class Rules:
    """`/rules` and `/users/{uid}/rules`: define, change, list, run and audit."""

    def __init__(self, http: Transport, user_id: Callable[[], str]) -> None:
        self._http = http
        self._user_id = user_id

    def create(
        self,
        name: str,
        rule: Mapping[str, Any],
        *,
        description: str | None = None,
        enabled: bool | None = None,
        scope: str | None = None,
        uid: str | None = None,
    ) -> dict[str, Any]:
        """Create a rule `{"if": ..., "then": [...]}` for `uid` (default: the user)."""
        body: dict[str, Any] = {"name": name, "rule": dict(rule)}
        optional = {"description": description, "enabled": enabled, "scope": scope}
        body.update(
            {key: value for key, value in optional.items() if value is not None}
        )

        params = {"userId": uid or self._user_id()}
        return unwrap(self._http.post("/rules", body, params))

    def get(self, rid: str) -> dict[str, Any]:
        """One rule, with its `warning` while a model behind it trains."""
        return unwrap(self._http.get(path("rules", rid)))

    def update(self, rid: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change a rule's fields (e.g. `enabled`, `rule`); the new rule."""
        return unwrap(self._http.put(path("rules", rid), dict(changes)))

    def delete(self, rid: str) -> dict[str, Any]:
        """Delete a rule; the rule as it was."""
        return unwrap(self._http.delete(path("rules", rid)))

    def list(self, *, offset: int | str = 0, count: int = 100) -> Page:
        """One page of the token's user's rules."""
        params = {"offset": offset, "count": count}
        body = self._http.get(path("users", self._user_id(), "rules"), params)

        return counted_page(body, unwrap(body) or [])

    def iter_all(self, *, page_size: int = 100) -> Iterator[dict[str, Any]]:
        """Every rule of the token's user, page after page."""
        return every_item(
            lambda offset: self.list(offset=offset or 0, count=page_size),
            "/users/{uid}/rules",
        )

    def executions(self, rid: str) -> dict[str, Any]:
        """How often the rule fired, when it last did, and its recent firings."""
        return unwrap(self._http.get(path("rules", rid, "executions")))

    def run_actions(self, rid: str) -> Any:
        """Run the rule's actions now, as a test run, whatever its condition says."""
        return unwrap(self._http.post(path("rules", rid, "actions")))
