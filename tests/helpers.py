"""Factories for small, real-looking catalogue entries used across test suites."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tourlink.catalog import AnyEntryT, parse_entry

SIX = ("vi", "en", "ja", "ko", "zh", "hi")
WIKI = [{"title": "Wikipedia", "url": "https://en.wikipedia.org/wiki/Ha_Long_Bay"}]


def place(entry_id: str, **fields: Any) -> AnyEntryT:
    """A place entry with sensible defaults; override any field."""
    body: dict[str, Any] = {
        "type": "place",
        "id": entry_id,
        "kind": "cave",
        "name": {"vi": entry_id, "en": entry_id},
        "sources": WIKI,
    }
    body.update(fields)
    return parse_entry(body)


def sample_entries() -> list[AnyEntryT]:
    """A handful of entries from around the region."""
    return [
        place(
            "ha-long-bay",
            kind="bay",
            name={
                "vi": "Vịnh Hạ Long",
                "en": "Ha Long Bay",
                "ja": "ハロン湾",
                "zh": "下龙湾",
                "ko": "하롱베이",
                "hi": "हा लॉन्ग बे",
            },
            description={
                "vi": "Di sản thiên nhiên thế giới.",
                "en": "A World Heritage bay.",
            },
            province="quang-ninh",
            location={"lat": 20.91, "lon": 107.18},
            tags=["unesco_world_heritage", "nature"],
            popularity=1.0,
        ),
        place(
            "sung-sot-cave",
            name={"vi": "Hang Sửng Sốt", "en": "Sung Sot Cave", "ja": "スンソット洞窟"},
            description={
                "en": "A large cave in Ha Long Bay.",
                "vi": "Hang lớn trên vịnh.",
            },
            province="quang-ninh",
            location={"lat": 20.8437, "lon": 107.0906},
            tags=["caves", "nature"],
            opening_hours="Mo-Su 07:30-16:30",
            parent_id="ha-long-bay",
        ),
        place(
            "do-son-beach",
            kind="beach",
            name={"vi": "Bãi biển Đồ Sơn", "en": "Do Son Beach"},
            description={
                "en": "A beach south of Hai Phong.",
                "vi": "Bãi biển ở Hải Phòng.",
            },
            province="hai-phong",
            location={"lat": 20.7113, "lon": 106.7900},
            tags=["beaches"],
        ),
        place(
            "chu-dau-village",
            kind="craft_village",
            name={
                "vi": "Làng gốm Chu Đậu",
                "en": "Chu Dau Pottery Village",
                "zh": "朱豆陶瓷村",
            },
            description={"en": "Blue-and-white ceramics.", "vi": "Gốm hoa lam."},
            province="hai-phong",
            location={"lat": 20.8186, "lon": 106.4262},
            tags=["crafts", "heritage"],
            sample=False,
        ),
        place(
            "sample-cat-ba-hotel-viewpoint",
            kind="viewpoint",
            name={"vi": "Điểm ngắm cảnh mẫu", "en": "Sample Viewpoint"},
            province="hai-phong",
            location={"lat": 20.72, "lon": 107.05},
            sample=True,
            sources=[],
        ),
    ]


def warm_planner() -> None:
    """Load (or, on a fresh checkout, compile) the planner's search kernels with a tiny
    solve, so that timed tests and pages waiting on a plan measure search, not Numba."""
    import numpy as np

    from tourlink.planner import Node, Problem, Tour, solve

    problem = Problem(
        nodes=(Node(), Node(score=1, duration=1), Node(score=2, duration=1)),
        travel=np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]),
        tours=(Tour(0, (0,), 0, 100), Tour(None, 0, 0, 100)),
    )
    solve(problem, max_iterations=20, seed=0)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve_in_thread(app: Any, *, timeout: float = 20.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free localhost port in a thread; yield its base URL.

    The server stops (and the thread is joined) when the block ends.
    """
    import time

    import pytest
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_together(work: Callable[[int], None], count: int) -> None:
    """Call ``work(0)`` … ``work(count - 1)`` on ``count`` threads released at the same
    instant by a barrier, and wait for all of them (races in store tests)."""
    start = threading.Barrier(count)

    def go(i: int) -> None:
        start.wait()
        work(i)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
