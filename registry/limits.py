"""How much of a request body the registry reads: a bounded amount, before anything else.

Without a bound, any client — with no token at all, since bodies are read before the
token is checked — could make the registry hold a body of gigabytes in memory. The
limit is applied as the body arrives: a declared ``Content-Length`` over it is answered
413 at once, unread; a chunked body is cut off as soon as it goes past it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from registry.blobs import MAX_BLOB_SIZE
from registry.errors import TooLarge

# A batch of 500 documents at the schema's limits (30 household members, 100 scans, …)
# is about 20 MB of JSON; the sync client sends 100 at a time, a few hundred kilobytes.
MAX_REQUEST_BYTES = 32 * 1024 * 1024
# One PUT may carry a whole attachment (the client sends 256 KiB chunks).
MAX_BLOB_REQUEST_BYTES = MAX_BLOB_SIZE
_BLOB_PATH = "/v1/blobs/"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(TooLarge):
    """The body went past the limit while it was being read."""

    default_code = "request.too_large"


def body_limit(scope: Scope) -> int:
    """The most bytes a request to this path may send."""
    if scope.get("method") == "PUT" and str(scope.get("path", "")).startswith(_BLOB_PATH):
        return MAX_BLOB_REQUEST_BYTES
    return MAX_REQUEST_BYTES


def _too_large(limit: int) -> BodyTooLarge:
    return BodyTooLarge(f"The request body is larger than {limit} bytes", limit=limit)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _answer(send: Send, error: BodyTooLarge) -> None:
    body = orjson.dumps(error.to_dict())
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: a request body over :func:`body_limit` is refused with 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope)
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _answer(send, _too_large(limit))  # before a byte of it is read
            return
        received = 0
        cut_off: BodyTooLarge | None = None
        started = False

        async def limited_receive() -> Message:
            nonlocal received, cut_off
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut_off = _too_large(limit)
                    raise cut_off
            return message

        async def checked_send(message: Message) -> None:
            # However the route reacted to the cut-off body (FastAPI calls a body it
            # could not read a 400), the answer is the 413.
            nonlocal started
            if cut_off is None:
                started = started or message["type"] == "http.response.start"
                await send(message)
            elif not started and message["type"] == "http.response.start":
                started = True
                await _answer(send, cut_off)

        await self.app(scope, limited_receive, checked_send)
