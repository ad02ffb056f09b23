"""Reading a request body no further than a limit, straight from ASGI."""

from starlette.types import Receive

from harness.emulator.errors import ApiError


class ClientGone(Exception):
    """The client closed the connection before its body arrived."""


async def read_limited(receive: Receive, content_length: str, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes."""
    if content_length.isdigit() and int(content_length) > limit:
        raise ApiError(
            413,
            f"the body is {int(content_length)} bytes; at most {limit} bytes are taken",
        )

    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ApiError(
                413, f"the body is over {limit} bytes; at most {limit} bytes are taken"
            )
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
