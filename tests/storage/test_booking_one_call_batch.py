"""New bookings of several slots written by one call on PostgreSQL
(``BookingService.place_many`` with the one-call path's batches): each booking of the
batch is decided and checked on its own, those that cannot be written in the batch go
the ordinary path, locks are taken in one global order (no deadlock with other batches
or single calls, no oversell), and nothing is answered before the shared commit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from tests.booking.conftest import (
    LAN,
    SECRET,
    SHOW_START,
    T0,
    cave_show,
    request,
    show_slot,
)
from tourlink.booking import (
    Booking,
    BookingService,
    BookingStatus,
    Resource,
    SlotClosedError,
    SlotSoldOutError,
)
from tourlink.booking.ports import OptimisticMiss
from tourlink.core.clock import FixedClock
from tourlink.storage import Database, SqlBookingStore, booking_one_call
from tourlink.storage.booking_one_call import OneCallBatch, OneCallBookings

from .backends import assert_ledger_is_sound, truncate

pytestmark = pytest.mark.postgres


class Recording(OneCallBookings):
    """The one-call path, remembering every batch it lent."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.batches: list[OneCallBatch] = []
        self.refused: list[str | None] = []
        """Per batch that was flushed: the SQLSTATE if PostgreSQL refused it."""

    @contextmanager
    def batch(self) -> Iterator[OneCallBatch]:
        with super().batch() as batch:
            self.batches.append(batch)
            flush = batch.flush

            def recorded() -> list[bool]:
                try:
                    written = flush()
                except Exception:
                    self.refused.append(batch._driver.refused)
                    raise
                self.refused.append(None)
                return written

            batch.flush = recorded  # type: ignore[method-assign]
            yield batch


@pytest.fixture
def database(postgres_database: Database) -> Database:
    truncate(postgres_database)
    return postgres_database


@pytest.fixture
def one_call(database: Database) -> Recording:
    return Recording(database)


def cave_service(
    database: Database, one_call: Recording, **cave: Any
) -> BookingService:
    service = BookingService(
        SqlBookingStore(database),
        FixedClock(T0),
        ticket_secret=SECRET,
        optimistic=one_call,
    )
    service.register_resource(Resource("cave", "Cave interior", **cave))
    service.register_product(cave_show())
    return service


def _slot(service: BookingService, slot_id: str, hours: float) -> str:
    service.register_slot(show_slot(slot_id, start=SHOW_START + timedelta(hours=hours)))
    return slot_id


def _one_each(
    service: BookingService, slots: list[str], units: dict[str, int] | None = None
) -> list[Booking | Exception]:
    """``place_many`` with one confirmed anonymous booking per slot."""
    return service.place_many(
        [(request(units, slot_id=s), "web:anonymous", True) for s in slots]
    )


def _each_left_with(
    service: BookingService, database: Database, slots: list[str], remaining: int
) -> None:
    """Every slot has ``remaining`` places left, and the ledger reconciles."""
    for slot_id in slots:
        assert service.availability(slot_id, "standard").remaining == remaining
    assert_ledger_is_sound(service, database)


def test_each_booking_of_a_batch_gets_its_own_answer(
    database: Database, one_call: Recording
) -> None:
    """One batch: a booking that fits (written by the batch), one short of room, one
    decided on a slot that changed since it was remembered, and one behind a waiting
    list. Only the first is written by the call; the others go the ordinary path and
    get what they would have got alone (sold out, booked afresh, sold out)."""
    service = cave_service(database, one_call, capacity=20)
    fits, short, changed, queued = (
        _slot(service, name, hours)
        for name, hours in (("fits", 0), ("short", 2), ("changed", 4), ("queued", 6))
    )
    for slot_id in (short, changed, queued):  # remembered by the one-call path
        service.book(request({"group": 1, "adult": 9}, slot_id=slot_id))
    service.close_slot(changed, reason="flooded")
    service.reopen_slot(changed)
    service.join_waitlist(queued, "standard", {"adult": 2}, LAN)

    answers = service.place_many(
        [
            (request({"adult": 2}, slot_id=fits), "key:reseller", True),
            (request({"adult": 2}, slot_id=short), "key:reseller", True),
            (request({"adult": 1}, slot_id=changed), "key:reseller", False),
            (request({"adult": 1}, slot_id=queued), "key:reseller", True),
        ]
    )

    (batch,) = one_call.batches
    assert batch.outcomes == ["ok", "short", "stale", "queue"]
    booked, sold_out, held, refused = answers
    assert isinstance(booked, Booking)
    assert booked.status is BookingStatus.CONFIRMED
    assert isinstance(sold_out, SlotSoldOutError)
    assert isinstance(held, Booking)  # the ordinary path, on the slot as it is now
    assert held.status is BookingStatus.ON_HOLD
    assert isinstance(refused, SlotSoldOutError)  # the waiting party comes first
    with SqlBookingStore(database).unit_of_work() as tx:
        for booking in (booked, held):
            assert tx.get_booking(booking.id) == booking
        assert [e.action for e in tx.audit_log(booked.id)] == ["booking.confirmed"]
        assert [e.actor for e in tx.audit_log(booked.id)] == ["key:reseller"]
    assert service.availability(fits, "standard").remaining == 18
    assert service.availability(short, "standard").remaining == 1
    assert service.availability(changed, "standard").remaining == 0
    assert_ledger_is_sound(service, database)


def test_a_refusal_decided_before_the_call_is_the_ordinary_paths(
    database: Database, one_call: Recording
) -> None:
    service = cave_service(database, one_call, capacity=20)
    open_slot, closed = _slot(service, "open", 0), _slot(service, "closed", 2)
    service.close_slot(closed)
    answers = service.place_many(
        [
            (request(slot_id=closed), "web:anonymous", True),
            (request(slot_id=open_slot), "web:anonymous", True),
        ]
    )
    assert isinstance(answers[0], SlotClosedError)
    assert isinstance(answers[1], Booking)
    assert one_call.batches[0].outcomes == ["ok"]


def test_a_refused_batch_call_sends_every_booking_the_ordinary_path(
    database: Database, one_call: Recording, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL refuses the call as a whole (here: division by zero): nothing of it
    is written, and every booking of the batch is placed alone."""
    arguments = ", ".join(f"${n}::text[]" for n in range(1, 16))
    monkeypatch.setattr(
        booking_one_call,
        "PLACE_MANY",
        f"SELECT 1 / 0 FROM (SELECT {arguments}) AS arguments",
    )
    monkeypatch.setattr(booking_one_call, "PLACE_MANY_NAME", b"tourlink_test_refused")
    service = cave_service(database, one_call, capacity=20)
    slots = [_slot(service, f"s{n}", 2 * n) for n in range(3)]
    answers = _one_each(service, slots, {"adult": 3})
    assert one_call.refused == ["22012"]
    assert all(isinstance(a, Booking) for a in answers), answers
    _each_left_with(service, database, slots, 17)


def test_a_lost_connection_is_every_members_error_and_is_not_retried(
    database: Database, one_call: Recording
) -> None:
    """The connection dies before the call: whether it committed is unknown, so every
    booking of the call gets the error (answered 503 over HTTP), none is placed
    again."""
    service = cave_service(database, one_call, capacity=20)
    slots = [_slot(service, f"s{n}", 2 * n) for n in range(2)]
    for slot_id in slots:  # remembered: the batch reads nothing before its call
        service.book(request(slot_id=slot_id))
    batch_context = one_call.batch

    @contextmanager
    def dying() -> Iterator[OneCallBatch]:
        with batch_context() as batch:
            pid = batch._driver.connection.info.backend_pid
            with database.engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:p, 5000)"), {"p": pid})
            yield batch

    one_call.batch = dying  # type: ignore[method-assign]
    answers = _one_each(service, slots)
    assert isinstance(answers[0], Exception)
    assert not isinstance(answers[0], OptimisticMiss)
    assert all(a is answers[0] for a in answers), answers
    _each_left_with(service, database, slots, 19)


def test_bookings_a_batch_could_not_reach_run_the_ordinary_path(
    database: Database, one_call: Recording
) -> None:
    """No connection for the batch (the pool is exhausted, say): nothing was sent, so
    every booking runs alone on the ordinary path and gets its own answer."""
    service = cave_service(database, one_call, capacity=20)
    slots = [_slot(service, f"s{n}", 2 * n) for n in range(3)]

    @contextmanager
    def no_connection() -> Iterator[OneCallBatch]:
        raise TimeoutError("no connection for the batch")
        yield  # pragma: no cover - a generator, for contextmanager

    one_call.batch = no_connection  # type: ignore[method-assign]
    answers = _one_each(service, slots)
    assert all(isinstance(a, Booking) for a in answers), answers
    _each_left_with(service, database, slots, 19)


def test_answers_come_after_the_commit(database: Database, one_call: Recording) -> None:
    """When ``place_many`` answers, another connection already sees every booking it
    placed: they were committed by the call."""
    service = cave_service(database, one_call, capacity=20)
    slots = [_slot(service, f"s{n}", 2 * n) for n in range(4)]
    answers = _one_each(service, slots)
    assert one_call.batches[0].outcomes == ["ok"] * 4
    ids = [a.id for a in answers if isinstance(a, Booking)]
    assert len(ids) == 4
    with psycopg.connect(_libpq_url(database), autocommit=True) as other:
        found = other.execute(
            "SELECT count(*) FROM bookings WHERE id = ANY(%s)", (ids,)
        ).fetchone()
    assert found == (4,)


def _libpq_url(database: Database) -> str:
    return database.engine.url.set(drivername="postgresql").render_as_string(
        hide_password=False
    )


def test_batches_and_single_calls_sharing_counters_never_deadlock_or_oversell(
    database: Database, one_call: Recording
) -> None:
    """Four sessions whose quarter-hour keys overlap (two at 19:00, two at 19:45) and a
    day's cap shared by all. Two threads send batches whose bookings come in opposite
    time order ([19:45, 19:00] and [19:00, 19:45], on different slots), two more book
    single places, until the day is sold out. Taking each booking's keys in turn would
    let the batches wait for each other's keys (a deadlock, which PostgreSQL breaks by
    refusing one call); the function takes every key of a batch first, in key order."""
    service = cave_service(database, one_call, capacity=1000, daily_cap=400)
    early = [_slot(service, f"early-{n}", 0) for n in range(2)]
    late = [_slot(service, f"late-{n}", 0.75) for n in range(2)]
    for slot_id in early + late:  # remembered, so every batch goes out at once
        service.book(request(slot_id=slot_id))
    start = threading.Barrier(4)
    placed: list[Booking] = []
    errors: list[BaseException] = []

    def batches(order: list[str]) -> None:
        start.wait()
        for _ in range(50):
            for answer in service.place_many(
                [
                    (request({"adult": 2}, slot_id=s), "web:anonymous", True)
                    for s in order
                ]
            ):
                if isinstance(answer, Booking):
                    placed.append(answer)
                elif not isinstance(answer, SlotSoldOutError):
                    errors.append(answer)

    def singles(slot_id: str) -> None:
        start.wait()
        for _ in range(1000):  # until the day is sold out
            try:
                placed.append(service.book(request(slot_id=slot_id)))
            except SlotSoldOutError:
                return
            except Exception as error:
                errors.append(error)

    threads = [
        threading.Thread(target=batches, args=([late[0], early[0]],)),
        threading.Thread(target=batches, args=([early[1], late[1]],)),
        threading.Thread(target=singles, args=(early[0],)),
        threading.Thread(target=singles, args=(late[1],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert one_call.refused, "no batch was sent"
    assert set(one_call.refused) == {None}, one_call.refused  # no deadlock broken
    sold = 4 + sum(sum(b.units.values()) for b in placed)
    assert sold == 400  # the day's cap, exactly
    day = service.availability(early[0], "standard")
    assert day.remaining == 0
    assert_ledger_is_sound(service, database)
