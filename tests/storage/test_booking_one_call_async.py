"""The one-call path from an event loop (``BookingService.place_async``, the HTTP fast
path's): a remembered slot is decided in the caller and only the call is awaited; it
answers as the blocking path, never waits on the loop for what threads hold, and never
puts a connection back in the pool while a call is running on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import psycopg
import pytest
from psycopg import pq
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

from tests.booking.conftest import SECRET, T0, cave_show, request, show_slot
from tests.web.conftest import NOW as WEB_NOW
from tests.web.octo.conftest import TestClient as Client  # type: ignore[attr-defined]
from tests.web.octo.seed import CAPACITY
from tests.web.octo.seed import cave_show as web_cave_show
from tests.web.octo.seed import show as web_show
from tests.web.test_booking_fast import World, _answer, _requests
from tourlink.booking import (
    Booking,
    BookingService,
    BookingStatus,
    Resource,
    SlotClosedError,
    SlotSoldOutError,
    reconcile,
)
from tourlink.core.clock import FixedClock
from tourlink.settings import Settings
from tourlink.storage import Database, SqlBookingStore
from tourlink.storage import database as database_module
from tourlink.storage.booking_one_call import OneCallUnitOfWork

from .backends import truncate
from .test_booking_one_call import Recording

pytestmark = pytest.mark.postgres

T = TypeVar("T")


class AsyncRecording(Recording):
    """:class:`Recording` for the loop too, remembering each call's connection."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.connections: list[psycopg.Connection[Any]] = []

    @asynccontextmanager
    async def unit_of_work_async(self) -> AsyncIterator[OneCallUnitOfWork]:
        seen: OneCallUnitOfWork | None = None
        try:
            async with super().unit_of_work_async() as tx:
                seen = tx
                self.connections.append(tx._c)
                yield tx
        finally:
            self.outcomes.append(None if seen is None else seen.outcome)


class Blocking:
    """The ``blocking`` runner of ``place_async``: a worker thread, counted."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, function: Callable[[], Booking]) -> Booking:
        self.calls += 1
        return await asyncio.to_thread(function)


@pytest.fixture
def database(postgres_database: Database) -> Iterator[Database]:
    truncate(postgres_database)
    postgres_database.dispose()  # every test starts with an empty pool
    yield postgres_database
    postgres_database.dispose()


@pytest.fixture
def one_call(database: Database) -> AsyncRecording:
    return AsyncRecording(database)


@pytest.fixture
def service(database: Database, one_call: AsyncRecording) -> BookingService:
    """The cave show (20 places), both one-call paths on."""
    service = BookingService(
        SqlBookingStore(database),
        FixedClock(T0),
        ticket_secret=SECRET,
        optimistic=one_call,
        optimistic_async=one_call,
    )
    service.register_resource(Resource("cave", "Cave interior", capacity=20))
    service.register_product(cave_show())
    service.register_slot(show_slot())
    return service


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def _ledger_is_sound(service: BookingService, database: Database) -> None:
    report = reconcile(SqlBookingStore(database).snapshot(), service.clock.now())
    assert report.ok, report


def _remaining(service: BookingService) -> int:
    return service.availability("show-1900", "standard").remaining


@asynccontextmanager
async def _slot_locked(database: Database) -> AsyncIterator[Callable[[], Any]]:
    """The show's slot row locked by another session, so that a call waits inside
    PostgreSQL; yields an awaitable-maker giving the waiting call's backend pid."""
    locker = psycopg.connect(_url(database))
    try:
        locker.execute("SELECT 1 FROM booking_slots WHERE id = 'show-1900' FOR UPDATE")

        async def waiting_pid() -> int:
            for _ in range(500):
                row = locker.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database()"
                    " AND query LIKE '%tourlink_place_booking%'"
                ).fetchone()
                if row is not None:
                    return int(row[0])
                await asyncio.sleep(0.01)
            raise AssertionError("the call never waited for the slot's lock")

        yield waiting_pid
    finally:
        locker.rollback()
        locker.close()


def test_a_remembered_slot_is_booked_on_the_loop_with_only_the_call_awaited(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    blocking = Blocking()
    # Nothing remembered yet: reading would block, so the thread books (and reads).
    first = run(service.place_async(request(), confirm=True, blocking=blocking))
    assert (blocking.calls, one_call.outcomes) == (1, [None, "ok"])
    booking = run(
        service.place_async(request({"adult": 2}), confirm=True, blocking=blocking)
    )
    hold = run(
        service.place_async(request({"adult": 3}), confirm=False, blocking=blocking)
    )
    assert blocking.calls == 1  # both decided on the loop, one call each
    assert one_call.outcomes[2:] == ["ok", "ok"]
    assert first.status is booking.status is BookingStatus.CONFIRMED
    assert booking.price_vnd == 2 * 450_000
    assert hold.status is BookingStatus.ON_HOLD
    assert hold.expires_at is not None
    with SqlBookingStore(database).unit_of_work() as tx:
        assert tx.get_booking(booking.id) == booking
        assert tx.get_booking(hold.id) == hold
        assert [e.action for e in tx.audit_log(booking.id)] == ["booking.confirmed"]
    assert _remaining(service) == 14
    assert _pool(database).checkedout() == 0
    _ledger_is_sound(service, database)


def test_a_refused_call_goes_to_the_ordinary_path_without_a_second_call(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    """``stale``, ``short``: the blocking path runs the ordinary path at once (the
    optimistic one would only send the same call again) and gives its answer."""
    blocking = Blocking()
    service.book(request({"group": 1, "adult": 8}))  # remembered; 2 places left
    with pytest.raises(SlotSoldOutError):
        run(service.place_async(request({"adult": 3}), confirm=True, blocking=blocking))
    assert one_call.outcomes == ["ok", "short"]
    service.close_slot("show-1900", reason="flooded")
    with pytest.raises(SlotClosedError):
        run(service.place_async(request(), confirm=True, blocking=blocking))
    assert one_call.outcomes == ["ok", "short", "stale"]
    assert blocking.calls == 2
    _ledger_is_sound(service, database)


def test_a_connection_lost_during_the_call_is_an_error_and_is_discarded(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    """Outcome unknown: the driver's error (503 on the API), no second attempt, and
    the connection never goes back to the pool."""
    service.book(request())  # remembered
    blocking = Blocking()

    async def main() -> None:
        async with _slot_locked(database) as waiting_pid:
            task = asyncio.create_task(
                service.place_async(request(), confirm=True, blocking=blocking)
            )
            pid = await waiting_pid()
            killer = psycopg.connect(_url(database), autocommit=True)
            killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
            killer.close()
            with pytest.raises(OperationalError) as raised:
                await task
            assert raised.value.connection_invalidated

    run(main())
    assert blocking.calls == 0
    assert one_call.outcomes == ["ok", None]
    assert one_call.connections[-1].closed
    assert _pool(database).checkedout() == 0
    assert _remaining(service) == 19  # terminated while waiting: nothing written
    run(service.place_async(request(), confirm=True, blocking=blocking))  # recovers
    assert _remaining(service) == 18
    _ledger_is_sound(service, database)


def test_a_request_cancelled_during_the_call_leaves_no_connection_mid_call(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    """A client that goes away while its call runs: the connection, still busy with
    the call, is closed instead of returned; the pool stays usable."""
    service.book(request())
    blocking = Blocking()

    async def main() -> None:
        async with _slot_locked(database) as waiting_pid:
            task = asyncio.create_task(
                service.place_async(request(), confirm=True, blocking=blocking)
            )
            await waiting_pid()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            connection = one_call.connections[-1]
            assert connection.closed
            assert _pool(database).checkedout() == 0

    run(main())
    assert blocking.calls == 0
    booked = run(service.place_async(request(), confirm=True, blocking=blocking))
    assert booked.status is BookingStatus.CONFIRMED
    assert _pool(database).checkedout() == 0
    # Whether the cancelled call committed is unknown to its caller; either way the
    # ledger is consistent.
    assert _remaining(service) in (17, 18)
    _ledger_is_sound(service, database)


def test_the_loop_never_waits_for_connections_only_threads_hold(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    """Every pooled connection lent to someone else: the booking goes to the
    blocking path at once (which may wait), instead of blocking the event loop."""
    service.book(request())
    pool = _pool(database)
    held = [database.engine.raw_connection() for _ in range(pool.size())]
    try:
        assert pool.checkedin() == 0

        async def fake_blocking(_function: Callable[[], Booking]) -> Booking:
            raise LookupError("went to the blocking path")

        with pytest.raises(LookupError):
            run(service.place_async(request(), confirm=True, blocking=fake_blocking))
        assert one_call.outcomes == ["ok", None]
    finally:
        for pooled in held:
            pooled.close()


def test_coroutines_wait_on_the_loop_for_a_connection_another_returns(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    service.book(request())
    pool = _pool(database)
    held = [database.engine.raw_connection() for _ in range(pool.size())]
    held.pop().close()  # the pool is full: one connection idle, none to open
    blocking = Blocking()
    try:

        async def main() -> list[Booking]:
            return await asyncio.gather(
                *(
                    service.place_async(request(), confirm=True, blocking=blocking)
                    for _ in range(6)
                )
            )

        booked = run(main())
    finally:
        for pooled in held:
            pooled.close()
    assert blocking.calls == 0
    assert len({b.id for b in booked}) == 6
    assert one_call.outcomes == ["ok"] * 7
    assert len({id(c) for c in one_call.connections}) == 1  # the one left idle
    assert _remaining(service) == 13
    _ledger_is_sound(service, database)


def test_an_idle_connection_is_pinged_without_blocking_and_a_dead_one_not_used(
    service: BookingService,
    one_call: AsyncRecording,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service.book(request())  # remembered; the pool holds one connection
    monkeypatch.setattr(database_module, "IDLE_PING_SECONDS", 0.0)
    blocking = Blocking()
    run(service.place_async(request(), confirm=True, blocking=blocking))
    assert (blocking.calls, one_call.outcomes[-1]) == (0, "ok")  # pinged, then used
    (connection,) = set(one_call.connections)
    killer = psycopg.connect(_url(database), autocommit=True)
    killer.execute("SELECT pg_terminate_backend(%s)", (connection.info.backend_pid,))
    killer.close()
    run(service.place_async(request(), confirm=True, blocking=blocking))
    assert connection.closed  # the ping found it dead: discarded, never called on
    assert one_call.outcomes[-2:] == [None, "ok"]  # the thread's path booked
    assert blocking.calls == 1
    assert _remaining(service) == 17
    _ledger_is_sound(service, database)


def test_a_connection_is_returned_idle_after_each_call(
    service: BookingService, one_call: AsyncRecording, database: Database
) -> None:
    service.book(request())
    blocking = Blocking()
    for _ in range(3):
        run(service.place_async(request(), confirm=True, blocking=blocking))
    for connection in one_call.connections:
        assert connection.pgconn.transaction_status == pq.TransactionStatus.IDLE
        assert not connection.closed
    assert _pool(database).checkedout() == 0


def _url(database: Database) -> str:
    return database.engine.url.set(drivername="postgresql").render_as_string(
        hide_password=False
    )


def test_the_fast_path_on_postgresql_answers_as_the_route(
    postgres_database: Database,
) -> None:
    """The HTTP fast path, booking on the loop, gives the route's answers (bodies but
    the random ids, problems, status codes) for the same requests on a fresh ledger."""
    settings = Settings(environment="test", secret_key="test-secret-key-for-web-tests")
    answers: dict[bool, list[Any]] = {}
    for fast in (True, False):
        truncate(postgres_database)
        postgres_database.dispose()
        one_call = AsyncRecording(postgres_database)
        world = World(settings, fast=fast)
        booking = BookingService(
            SqlBookingStore(postgres_database),
            FixedClock(WEB_NOW),
            ticket_secret=SECRET,
            optimistic=one_call,
            optimistic_async=one_call,
        )
        booking.register_resource(Resource("cave", "Cave interior", capacity=CAPACITY))
        booking.register_product(web_cave_show())
        booking.register_slot(web_show(5, 19, 0))
        object.__setattr__(world.services, "booking", booking)
        world.booking = booking
        with Client(world.app) as client:
            answers[fast] = [
                _answer(client.post("/api/v1/bookings", **arguments))
                for arguments in _requests(world)
            ]
        if fast:
            assert one_call.connections  # some were booked on the loop
            assert "ok" in one_call.outcomes
        assert _pool(postgres_database).checkedout() == 0
    assert answers[True] == answers[False]
    postgres_database.dispose()


def _pool(database: Database) -> QueuePool:
    pool = database.engine.pool
    assert isinstance(pool, QueuePool)
    return pool
