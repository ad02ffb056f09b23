"""Pages of list answers, and walking through all of them."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from harness.client.errors import InvalidResponse


@dataclass(frozen=True)
class Page:
    """One page of a list; pass `next` back as `offset` to read the following one."""

    items: list[dict[str, Any]]
    next: str | None = None
    total: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def counted_page(body: Any, items: list[dict[str, Any]]) -> Page:
    """A page of a list that pages by number (`total`, `count`, `offset`)."""
    offset = int(body.get("offset") or 0)
    total = body.get("total")
    end = offset + len(items)

    more = bool(items) and (total is None or end < int(total))
    return Page(
        items=items,
        next=str(end) if more else None,
        total=None if total is None else int(total),
        raw=body,
    )


def cursor_page(body: Any) -> Page:
    """A page of messages or actions, which pages by the opaque `next`."""
    items = body.get("data") or []
    following = body.get("next")

    return Page(
        items=items,
        next=str(following) if following and items else None,
        total=None,
        raw=body,
    )


def every_item(
    read_page: Callable[[str | None], Page], what: str
) -> Iterator[dict[str, Any]]:
    """Each item of each page of `what`, read page by page until `next` runs out."""
    offset: str | None = None
    seen: set[str] = set()

    while True:
        page = read_page(offset)
        yield from page.items

        if page.next is None:
            return

        if page.next in seen:
            problem = (
                f"with the same next offset {page.next!r} twice; paging would never end"
            )
            raise InvalidResponse("GET", what, 200, problem, page.raw)

        seen.add(page.next)
        offset = page.next
