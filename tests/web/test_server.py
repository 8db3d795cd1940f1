"""The served HTTP protocol sends the writes of one event-loop turn as one write, in
order, and loses nothing when the connection closes."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import uvicorn

from tourlink.web.server import PROTOCOL, CoalescingTransport

T = TypeVar("T")


class Recorder(asyncio.Transport):
    """A transport that records what reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False
        self.paused = False

    def write(self, data: Any) -> None:
        assert not self.closed
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = self.closed = True

    def pause_reading(self) -> None:
        self.paused = True


async def _turn() -> None:
    await asyncio.sleep(0)


def _run(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(scenario())`` on a thread of its own: the test process's main
    thread may already be running an event loop (the browser tests' driver)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(scenario())).result()


def test_writes_of_one_turn_leave_as_one_write_in_order() -> None:
    async def scenario() -> list[bytes]:
        inner = Recorder()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 201 Created\r\n\r\n")
        transport.write(b'{"id": 1}')
        assert inner.writes == []  # nothing sent before the turn ends
        await _turn()
        transport.write(b"next")
        await _turn()
        return inner.writes

    assert _run(scenario) == [
        b'HTTP/1.1 201 Created\r\n\r\n{"id": 1}',
        b"next",
    ]


def test_close_sends_what_was_written_first() -> None:
    async def scenario() -> Recorder:
        inner = Recorder()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"bye")
        transport.close()
        await _turn()  # the scheduled flush finds nothing left to send
        return inner

    inner = _run(scenario)
    assert inner.writes == [b"bye"]
    assert inner.closed


def test_abort_discards_what_was_not_sent() -> None:
    async def scenario() -> Recorder:
        inner = Recorder()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"half")
        transport.abort()
        await _turn()
        return inner

    inner = _run(scenario)
    assert inner.writes == []
    assert inner.aborted


def test_other_calls_reach_the_wrapped_transport() -> None:
    async def scenario() -> Recorder:
        inner = Recorder()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.pause_reading()
        assert transport.is_closing() is False
        return inner

    assert _run(scenario).paused


def test_served_protocol_answers_keep_alive_requests() -> None:
    """A real uvicorn server on the protocol answers several requests on one
    connection, each whole."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused_tcp_port = probe.getsockname()[1]

    async def app(scope: dict[str, Any], _receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = json.dumps({"path": scope["path"]}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    config = uvicorn.Config(
        app, host="127.0.0.1", port=unused_tcp_port, http=PROTOCOL, log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", unused_tcp_port)
        for n in range(3):
            connection.request("GET", f"/r{n}")
            response = connection.getresponse()
            assert response.status == 200
            assert json.loads(response.read()) == {"path": f"/r{n}"}
        connection.close()
    finally:
        server.should_exit = True
        thread.join(10)


def test_serve_runs_this_protocol() -> None:
    from tourlink.cli.main import HTTP_PROTOCOL

    assert HTTP_PROTOCOL == PROTOCOL
