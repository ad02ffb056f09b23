"""Messages and actions: ingest, pages, last messages and snapshots."""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.auth import authenticate, check_owner
from harness.emulator.config import MAX_PAGE_COUNT
from harness.emulator.errors import ApiError, bad_request
from harness.emulator.fastpath import IngestEndpoint
from harness.emulator.params import (
    bool_param,
    choice_param,
    cursor_param,
    emulator_of,
    field_param,
    id_list_param,
    int_param,
)
from harness.emulator.queries import (
    PageQuery,
    read_last,
    read_page,
    read_snapshot,
)
from harness.emulator.records import Token
from harness.emulator.responses import JsonResponse
from harness.emulator.views import message_view

MAX_SNAPSHOT_DIDS = 100


async def get_messages(request: Request) -> Response:
    return _page(request, "message", "sdid")


async def get_actions(request: Request) -> Response:
    return _page(request, "action", "ddid")


def _page(request: Request, kind: str, key: str) -> Response:
    emulator = emulator_of(request)
    token = authenticate(emulator.registry, request)

    dids, echo = _devices_asked(request, token, key)
    if "filter" in request.query_params:
        # Not yet: the cloud's filter syntax is not on record; refusing beats
        # answering every message as if it had been filtered.
        raise bad_request(
            "query parameter 'filter' is not supported by the emulator; "
            "use fieldPresence, or filter the answer's data yourself"
        )
    end = int_param(
        request,
        "endDate",
        emulator.clock.now_ms() + emulator.config.max_future_ms,
        low=0,
    )
    start = int_param(request, "startDate", 0, low=0)
    assert start is not None and end is not None
    if start > end:
        raise bad_request(
            f"startDate {start} lies after endDate {end}; "
            "startDate must be at or before endDate"
        )
    count = int_param(request, "count", MAX_PAGE_COUNT, low=1, high=MAX_PAGE_COUNT)
    assert count is not None
    order = choice_param(request, "order", ("asc", "desc"))
    field = field_param(request, "fieldPresence")

    query = PageQuery(
        kind=kind,
        dids=tuple(dids),
        start=start,
        end=end,
        count=count,
        order=order,
        cursor=cursor_param(request, "offset"),
        field=field,
        mid=request.query_params.get("mid") or None,
    )
    page = emulator.store.read(lambda conn: read_page(conn, query))

    rows = page.rows
    answer: dict[str, Any] = {
        **echo,
        "startDate": start,
        "endDate": end,
        "order": order,
        "count": count,
        "size": len(rows),
        "data": [message_view(row) for row in rows],
    }
    if page.next is not None:
        answer["next"] = page.next
    return JsonResponse(answer)


def _devices_asked(
    request: Request, token: Token, key: str
) -> tuple[list[str], dict[str, str]]:
    """The devices named by `sdid`, `sdids` or `uid`, if the token may read them."""
    emulator = emulator_of(request)
    registry = emulator.registry
    params = request.query_params

    if params.get(key):
        dids = [params[key]]
        echo = {key: params[key]}
    elif params.get(key + "s"):
        dids = id_list_param(request, key + "s")
        echo = {key + "s": params[key + "s"]}
    elif params.get("uid") or params.get("mid"):
        uid = params.get("uid") or token.uid
        if uid != token.uid:
            raise ApiError(403, f"this token's user may not read user {uid!r}")
        dids = [d.id for d in registry.devices.values() if d.uid == uid]
        if token.is_device:
            dids = [token.did] if token.did in dids else []
        echo = {"uid": uid}
    else:
        raise bad_request(f"name the devices with {key!r}, {key + 's'!r} or 'uid'")

    for did in dids:
        check_owner(token, registry.find_device(did))
    return dids, echo


async def get_last_messages(request: Request) -> Response:
    emulator = emulator_of(request)
    token = authenticate(emulator.registry, request)
    dids = id_list_param(request, "sdids")
    for did in dids:
        check_owner(token, emulator.registry.find_device(did))
    count = int_param(request, "count", MAX_PAGE_COUNT, low=1, high=MAX_PAGE_COUNT)
    assert count is not None
    field = field_param(request, "fieldPresence")

    rows = emulator.store.read(lambda conn: read_last(conn, dids, count, field))
    return JsonResponse(
        {
            "sdids": ",".join(dids),
            "count": count,
            "size": len(rows),
            "data": [message_view(row) for row in rows],
        }
    )


async def get_snapshots(request: Request) -> Response:
    emulator = emulator_of(request)
    token = authenticate(emulator.registry, request)
    dids = id_list_param(request, "sdids")
    if len(dids) > MAX_SNAPSHOT_DIDS:
        raise bad_request(
            f"'sdids' names {len(dids)} devices; at most {MAX_SNAPSHOT_DIDS}"
        )
    for did in dids:
        check_owner(token, emulator.registry.find_device(did))
    with_ts = bool_param(request, "includeTimestamp", False)

    snapshots = emulator.store.read(
        lambda conn: [
            {"sdid": did, "data": read_snapshot(conn, did, with_ts)} for did in dids
        ]
    )
    return JsonResponse(
        {"sdids": ",".join(dids), "size": len(snapshots), "data": snapshots}
    )


ROUTES = [
    Route("/messages", IngestEndpoint(None), methods=["POST"]),
    Route("/messages", get_messages, methods=["GET"]),
    Route("/messages/last", get_last_messages, methods=["GET"]),
    Route("/messages/snapshots", get_snapshots, methods=["GET"]),
    Route("/actions", IngestEndpoint("action"), methods=["POST"]),
    Route("/actions", get_actions, methods=["GET"]),
]
