"""Actions: commands sent to a device, such as a lock's `lock` or an alarm's alert."""

from collections.abc import Mapping, Sequence
from typing import Any

from harness.client.pages import Page, cursor_page
from harness.client.transport import Transport, unwrap


class Actions:
    """`/actions`: send actions to a device and list those it was sent."""

    def __init__(self, http: Transport) -> None:
        self._http = http

    def send(
        self,
        ddid: str,
        name: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        ts: int | None = None,
    ) -> str:
        """Send one action to device `ddid`; its `mid` once stored."""
        action = {"name": name, "parameters": dict(parameters or {})}
        return self.send_many(ddid, [action], ts=ts)

    def send_many(
        self, ddid: str, actions: Sequence[Mapping[str, Any]], *, ts: int | None = None
    ) -> str:
        """Send several `{"name", "parameters"}` actions in one message; its `mid`."""
        body: dict[str, Any] = {
            "ddid": ddid,
            "type": "action",
            "data": {"actions": [dict(action) for action in actions]},
        }
        if ts is not None:
            body["ts"] = ts

        return str(unwrap(self._http.post("/actions", body))["mid"])

    def list(
        self,
        ddid: str,
        start_date: int | None = None,
        end_date: int | None = None,
        *,
        count: int = 100,
        offset: str | None = None,
        order: str | None = None,
    ) -> Page:
        """One page of the actions sent to device `ddid`."""
        params = {
            "ddid": ddid,
            "startDate": start_date,
            "endDate": end_date,
            "count": count,
            "offset": offset,
            "order": order,
        }
        return cursor_page(self._http.get("/actions", params))
