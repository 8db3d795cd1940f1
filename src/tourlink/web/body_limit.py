"""A cap on the size of request bodies, for every route of the application.

Without it a client could make a worker read and parse a body of any size: Starlette and
the booking fast path both read the whole body into memory before validating it. The
cap (``TOURLINK_MAX_BODY_BYTES``, 1 MiB by default) is far above anything tourlink's
forms and JSON bodies need: the largest, a catalogue entry in six languages, is a few
kilobytes.

* A request whose ``Content-Length`` exceeds the cap is answered before anything reads it:
  413 ``content_too_large`` as a problem, or an OCTo ``BAD_REQUEST`` body (status 400,
  as OCTo answers every client error) on ``/octo``.
* A body sent without ``Content-Length`` (``Transfer-Encoding: chunked``) is read here
  first, up to the cap, and refused the same way if it crosses it; a body within the cap
  is then handed on whole.

A request with a ``Content-Length`` within the cap passes through untouched (the server
stops a body at its ``Content-Length``), so the common request costs one header scan.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .octo.errors import BAD_REQUEST, octo_response
from .problems import problem_response

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
OCTO_PREFIX = "/octo"


def too_large_message(limit: int) -> str:
    return f"the request body is larger than the {limit} bytes this server accepts"


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands out an already-read body once, then defers to the
    server's (for ``http.disconnect``)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _body_headers(scope: Scope) -> tuple[int | None, bool]:
    """The request's ``Content-Length`` (``None`` if absent or unreadable) and whether it
    has a ``Transfer-Encoding``."""
    length: int | None = None
    encoded = False
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"transfer-encoding":
            encoded = True
    return length, encoded


class BodySizeLimit:
    """Pure ASGI middleware; see the module's description."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length, encoded = _body_headers(scope)
        if length is not None and length > self.max_bytes:
            await self._refuse(scope, receive, send)
        elif length is None and encoded:
            await self._buffered(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _buffered(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its whole body
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = too_large_message(self.max_bytes)
        # The client may still be sending: close the connection rather than read on.
        headers = {"Connection": "close"}
        if scope["path"] == OCTO_PREFIX or scope["path"].startswith(OCTO_PREFIX + "/"):
            response = octo_response(BAD_REQUEST, message)
            response.headers.update(headers)
        else:
            response = problem_response(
                Request(scope, receive),
                status=413,
                code="content_too_large",
                detail=message,
                headers=headers,
            )
        await response(scope, receive, send)
