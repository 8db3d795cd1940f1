"""Races and a crash against a real multi-worker server process on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests.storage import pg

from . import world
from .conftest import migrated_url
from .server import Server

pytestmark = pytest.mark.postgres


def body(slot: str = world.SLOT, product: str = world.SHOW) -> dict[str, object]:
    return {
        "product_id": product,
        "option_id": world.OPTION,
        "slot_id": slot,
        "units": {"adult": 1},
        "contact": {"name": "Racer", "email": "racer@example.vn"},
        "confirm": True,
    }


async def _post_all(
    base: str, bodies: list[dict[str, object]], keys: list[str | None]
) -> list[httpx.Response | BaseException]:
    limits = httpx.Limits(max_connections=len(bodies))
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one(b: dict[str, object], key: str | None) -> httpx.Response:
            headers = {"Idempotency-Key": key} if key else {}
            return await client.post("/api/v1/bookings", json=b, headers=headers)

        tasks = [one(b, k) for b, k in zip(bodies, keys, strict=True)]
        return await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture(scope="module")
def http_url(postgres_admin_url: str) -> Iterator[str]:
    """One migrated, seeded database for the module; each test books its own slots."""
    with pg.temporary_database(postgres_admin_url) as url:
        world.seed(migrated_url(url), capacity=50)
        yield url


@pytest.fixture(scope="module")
def server(http_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``tourlink serve --workers 4`` over :func:`http_url` (restarted by the crash test)."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    running = Server(http_url, workers=4, log=log)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_two_hundred_http_clients_for_fifty_places_get_fifty_seats_and_clean_409s(
    server: Server, http_url: str
) -> None:
    slot = world.add_show_slot(http_url, "race-slot", 1)
    answers = asyncio.run(_post_all(server.base, [body(slot)] * 200, [None] * 200))
    statuses = Counter(
        a.status_code if isinstance(a, httpx.Response) else repr(a) for a in answers
    )
    assert statuses == {201: 50, 409: 150}, statuses
    for answer in answers:
        assert isinstance(answer, httpx.Response)
        if answer.status_code == 409:
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["code"] == "slot_sold_out"
    snapshot, report, _ = world.ledger(http_url)
    assert report.ok
    race_keys = {a.slot_id for a in snapshot.allocations if a.slot_id == slot}
    assert race_keys == {slot}
    assert sum(1 for a in snapshot.allocations if a.slot_id == slot) == 50


def test_one_idempotency_key_over_http_gives_one_booking_and_identical_answers(
    server: Server, http_url: str
) -> None:
    slot = world.add_show_slot(http_url, "idempotency-slot", 2)
    answers = asyncio.run(_post_all(server.base, [body(slot)] * 50, ["same-key"] * 50))
    assert all(isinstance(a, httpx.Response) and a.status_code == 201 for a in answers)
    ids = {a.json()["id"] for a in answers if isinstance(a, httpx.Response)}
    assert len(ids) == 1
    other = dict(body(slot), units={"adult": 2})
    [conflict] = asyncio.run(_post_all(server.base, [other], ["same-key"]))
    assert isinstance(conflict, httpx.Response)
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "idempotency_conflict"
    snapshot = world.ledger(http_url)[0]
    assert sum(1 for a in snapshot.allocations if a.slot_id == slot) == 1


def test_bookings_confirmed_before_a_kill_9_survive_the_restart(
    server: Server, http_url: str
) -> None:
    confirmed: set[str] = set()

    async def load() -> None:
        limits = httpx.Limits(max_connections=40)
        async with httpx.AsyncClient(
            base_url=server.base, timeout=10, limits=limits
        ) as client:

            async def client_loop(n: int) -> None:
                for i in range(1000):  # bounded; the kill ends it much sooner
                    slot = world.SLOT if (n + i) % 2 else world.TOUR_SLOT
                    product = world.SHOW if slot == world.SLOT else world.TOUR
                    try:
                        answer = await client.post(
                            "/api/v1/bookings", json=body(slot, product)
                        )
                    except httpx.TransportError:
                        return
                    if answer.status_code == 201:
                        confirmed.add(answer.json()["id"])

            await asyncio.gather(*(client_loop(n) for n in range(40)))

    async def crash_during_load() -> None:
        task = asyncio.create_task(load())
        await asyncio.sleep(1.5)
        server.kill()
        await asyncio.wait_for(task, timeout=30)

    asyncio.run(crash_during_load())
    assert confirmed, "no booking was confirmed before the crash"
    server.start()
    for booking_id in sorted(confirmed):
        answer = httpx.get(f"{server.base}/api/v1/bookings/{booking_id}", timeout=10)
        assert answer.status_code == 200, booking_id
        assert answer.json()["status"] == "CONFIRMED"
    _, report, stored = world.ledger(http_url)
    assert confirmed <= set(stored)
    assert report.ok, report
