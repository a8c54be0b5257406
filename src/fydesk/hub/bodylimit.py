"""A cap on the size of request bodies, enforced while they arrive, not after.

A Content-Length over the cap is answered 413 before a byte of the body is read; a body sent
without one (chunked) is counted as it arrives and cut off at the cap. The desk halves a batch
on 413 (sync/engine.py), so a too-large batch becomes smaller ones instead of being read whole,
held in memory, and then failing.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fydesk.sync import protocol as p


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))
        self.limit = limit


def too_large_message(limit: int) -> str:
    return f"请求内容超过 {limit / (1024 * 1024):g} MB 的上限，未被处理；请分成较小的批次发送。"


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> tuple[Message, Message]:
    """The two ASGI messages of an ErrorBody answer."""
    body = p.ErrorBody(code=code, message=message).model_dump_json().encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    return ({"type": "http.response.start", "status": status, "headers": raw},
            {"type": "http.response.body", "body": body})


class BodyLimit:
    """Pure ASGI, so that nothing above it (FastAPI's body parsing) reads past the cap."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            # uvicorn reads and drops the rest of the body after the answer, keeping the
            # connection open meanwhile: closing it on unread data would make the kernel reset
            # it, and the client could lose the answer (and retry the batch as it is, for ever).
            for message in error_response(413, "payload_too_large", too_large_message(limit)):
                await send(message)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # An HTTPException: FastAPI's body parsing passes it on as it is, and the
                    # app's handler answers it with an ErrorBody.
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None

