"""The HTTP protocol ``tourlink serve`` runs: uvicorn's httptools protocol, with the
writes of one turn of the event loop sent together.

uvicorn writes a response in two calls, the status line and headers when the
application starts the response, the body when it sends it; each call is a ``send``
system call on the connection's socket. For a small JSON answer (a booking) the two
leave one after the other in the same turn of the event loop, so sending them as one
costs the server one system call (and the client one wake-up) less per request.
:class:`CoalescingTransport` keeps what is written during a turn and sends it at the
end of the turn (``loop.call_soon``), or at once when the connection is closed; order
is kept and nothing is held across turns.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "tourlink.web.server:HttpProtocol"
"""The import string of the protocol class (uvicorn's ``http`` setting; ``tourlink
serve`` names it too)."""


class CoalescingTransport:
    """A transport whose writes of one event-loop turn leave as one write.

    Everything but ``write``, ``writelines``, ``close`` and ``abort`` is the wrapped
    transport's own.
    """

    def __init__(
        self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop
    ) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def writelines(self, chunks: Any) -> None:
        for data in chunks:
            self.write(data)

    def flush(self) -> None:
        """Send what was written (nothing if the connection is already closing)."""
        pending = self._pending
        if not pending:
            return
        self._pending = []
        if not self._transport.is_closing():
            self._transport.write(
                pending[0] if len(pending) == 1 else b"".join(pending)
            )

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._pending = []
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol on a :class:`CoalescingTransport`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        coalescing = CoalescingTransport(transport, self.loop)
        super().connection_made(coalescing)  # type: ignore[arg-type]
