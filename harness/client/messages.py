"""Messages: what devices report, sent, queried page by page, and summarised."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from harness.client.pages import Page, cursor_page, every_item
from harness.client.transport import Transport, unwrap


def message_body(
    sdid: str, data: Mapping[str, Any], ts: int | None = None
) -> dict[str, Any]:
    """The JSON of a message from device `sdid`; the server's now when `ts` is None."""
    body: dict[str, Any] = {"sdid": sdid, "type": "message", "data": dict(data)}
    if ts is not None:
        body["ts"] = ts

    return body


class Messages:
    """`/messages`: send as the user, query a device's history, last and snapshots."""

    def __init__(self, http: Transport) -> None:
        self._http = http

    def send(self, sdid: str, data: Mapping[str, Any], ts: int | None = None) -> str:
        """Send a message for one of the user's devices; its `mid` once stored."""
        answer = self._http.post("/messages", message_body(sdid, data, ts))
        return str(unwrap(answer)["mid"])

    def query(
        self,
        sdid: str,
        start_date: int,
        end_date: int,
        *,
        count: int = 100,
        offset: str | None = None,
        order: str | None = None,
    ) -> Page:
        """One page of a device's messages with `ts` in [start_date, end_date]."""
        params = {
            "sdid": sdid,
            "startDate": start_date,
            "endDate": end_date,
            "count": count,
            "offset": offset,
            "order": order,
        }
        return cursor_page(self._http.get("/messages", params))

    def iter_all(
        self,
        sdid: str,
        start_date: int,
        end_date: int,
        *,
        order: str = "asc",
        page_size: int = 100,
    ) -> Iterator[dict[str, Any]]:
        """Every message of a device in the window, following `next` page by page."""
        return every_item(
            lambda offset: self.query(
                sdid,
                start_date,
                end_date,
                count=page_size,
                offset=offset,
                order=order,
            ),
            "/messages",
        )

    def last(self, sdids: str | Sequence[str], count: int = 1) -> list[dict[str, Any]]:
        """The newest `count` messages of the given devices, newest first."""
        params = {"sdids": _id_list(sdids), "count": count}
        return unwrap(self._http.get("/messages/last", params)) or []

    def snapshots(self, sdids: str | Sequence[str]) -> list[dict[str, Any]]:
        """The latest value of each field, per device: `[{"sdid", "data"}]`."""
        params = {"sdids": _id_list(sdids)}
        return unwrap(self._http.get("/messages/snapshots", params)) or []


def _id_list(ids: str | Sequence[str]) -> str:
    return ids if isinstance(ids, str) else ",".join(ids)
