"""Reading stored messages and actions: pages, last messages, snapshots, status."""

import base64
import binascii
import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from harness.emulator.errors import bad_request
from harness.emulator.store import seq_of

COLUMNS = "mid, kind, did, dtid, uid, ts, cts, mv, data"


@dataclass(frozen=True)
class PageQuery:
    """One page of messages or actions of some devices within a time range."""

    kind: str
    dids: tuple[str, ...]
    start: int
    end: int
    count: int
    order: str
    cursor: tuple[int, int] | None = None
    field: str | None = None
    mid: str | None = None


@dataclass(frozen=True)
class Page:
    rows: list[tuple[Any, ...]]
    next: str | None


def encode_cursor(ts: int, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{ts}:{seq}".encode()).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[int, int]:
    """The position an opaque `offset` stands for, or a 400 naming it."""
    try:
        padded = text + "=" * (-len(text) % 4)
        ts, seq = base64.urlsafe_b64decode(padded.encode()).decode().split(":")
        return int(ts), int(seq)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad_request(
            f"offset {text!r} is not a page position; pass the 'next' value of the "
            "previous page, or leave offset out for the first page"
        ) from None


def read_page(conn: sqlite3.Connection, query: PageQuery) -> Page:
    """The rows of one page, and the position of the next page if there is one."""
    ascending = query.order == "asc"
    marks = ",".join("?" * len(query.dids))
    sql = (
        f"SELECT {COLUMNS}, seq FROM messages "
        f"WHERE kind = ? AND did IN ({marks}) AND ts >= ? AND ts <= ?"
    )
    params: list[Any] = [query.kind, *query.dids, query.start, query.end]
    if query.cursor is not None:
        sql += " AND (ts, seq) > (?, ?)" if ascending else " AND (ts, seq) < (?, ?)"
        params.extend(query.cursor)
    if query.field is not None:
        sql += " AND json_extract(data, ?) IS NOT NULL"
        params.append(_json_path(query.field))
    if query.mid is not None:
        sql += " AND seq = ? AND mid = ?"
        params.extend((seq_of(query.mid), query.mid))
    direction = "ASC" if ascending else "DESC"
    sql += f" ORDER BY ts {direction}, seq {direction} LIMIT ?"
    params.append(query.count + 1)

    rows = conn.execute(sql, params).fetchall()
    more = len(rows) > query.count
    rows = rows[: query.count]
    next_cursor = encode_cursor(rows[-1][5], rows[-1][9]) if more else None
    return Page([row[:9] for row in rows], next_cursor)


def read_last(
    conn: sqlite3.Connection, dids: list[str], count: int, field: str | None
) -> list[tuple[Any, ...]]:
    """The last `count` messages of each device, newest first."""
    rows: list[tuple[Any, ...]] = []
    for did in dids:
        sql = f"SELECT {COLUMNS} FROM messages WHERE kind = 'message' AND did = ?"
        params: list[Any] = [did]
        if field is not None:
            sql += " AND json_extract(data, ?) IS NOT NULL"
            params.append(_json_path(field))
        sql += " ORDER BY ts DESC, seq DESC LIMIT ?"
        params.append(count)
        rows.extend(conn.execute(sql, params).fetchall())
    rows.sort(key=lambda row: row[5], reverse=True)
    return rows


def read_snapshot(conn: sqlite3.Connection, did: str, with_ts: bool) -> dict[str, Any]:
    """The latest value of each field of a device, nested as the fields are."""
    snapshot: dict[str, Any] = {}
    for path, value, ts in conn.execute(
        "SELECT field, value, ts FROM snapshots WHERE did = ? ORDER BY field", (did,)
    ):
        *groups, leaf = path.split(".")
        place = snapshot
        for group in groups:
            place = place.setdefault(group, {})
        place[leaf] = {"value": orjson.loads(value)}
        if with_ts:
            place[leaf]["ts"] = ts
    return snapshot


def read_latest_times(conn: sqlite3.Connection, did: str) -> dict[str, int | None]:
    """When a device last sent a message, last got an action, and was last heard."""
    last_message = conn.execute(
        "SELECT max(ts), max(cts) FROM messages WHERE did = ? AND kind = 'message'",
        (did,),
    ).fetchone()
    last_action = conn.execute(
        "SELECT max(ts) FROM messages WHERE did = ? AND kind = 'action'", (did,)
    ).fetchone()
    return {
        "lastMessageTs": last_message[0],
        "lastActionTs": last_action[0],
        "lastTimeOnline": last_message[1],
    }


def _json_path(field: str) -> str:
    return "$." + ".".join(f'"{part}"' for part in field.split("."))
