"""New bookings in one call on PostgreSQL decide exactly as the ordinary path: reference
data that changed after it was remembered, a waiting list, a key short of room or an
idempotency key send the booking to the ordinary path, which writes it or refuses it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import pq
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.booking.conftest import LAN, SECRET, T0, cave_show, request, show_slot
from tourlink.booking import (
    BookingService,
    BookingStatus,
    ProductNotFoundError,
    Resource,
    SlotClosedError,
    SlotSoldOutError,
)
from tourlink.booking.ports import OptimisticMiss
from tourlink.core.clock import FixedClock
from tourlink.storage import Database, SqlBookingStore
from tourlink.storage.booking_one_call import (
    MEMO_SECONDS,
    OneCallBookings,
    OneCallUnitOfWork,
    _Driver,
    _text,
)

from .backends import assert_ledger_is_sound, truncate

pytestmark = pytest.mark.postgres


class Recording(OneCallBookings):
    """The one-call path, remembering what each call answered (``None``: no call)."""

    def __init__(self, database: Database) -> None:
        self.seconds = 0.0
        super().__init__(database, clock=lambda: self.seconds)
        self.outcomes: list[str | None] = []

    @contextmanager
    def unit_of_work(self) -> Iterator[OneCallUnitOfWork]:
        seen: OneCallUnitOfWork | None = None
        try:
            with super().unit_of_work() as tx:
                seen = tx
                yield tx
        finally:
            self.outcomes.append(None if seen is None else seen.outcome)


@pytest.fixture
def database(postgres_database: Database) -> Database:
    truncate(postgres_database)
    return postgres_database


@pytest.fixture
def one_call(database: Database) -> Recording:
    return Recording(database)


@pytest.fixture
def service(database: Database, one_call: Recording) -> BookingService:
    """The cave show (20 places) on PostgreSQL with the one-call path."""
    store = SqlBookingStore(database)
    service = BookingService(
        store, FixedClock(T0), ticket_secret=SECRET, optimistic=one_call
    )
    service.register_resource(Resource("cave", "Cave interior", capacity=20))
    service.register_product(cave_show())
    service.register_slot(show_slot())
    return service


def test_a_booking_is_written_in_one_call_with_its_allocation_and_audit_entry(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    booking = service.book(request({"adult": 2, "child": 1}))
    assert one_call.outcomes == ["ok"]
    assert booking.status is BookingStatus.CONFIRMED
    assert booking.price_vnd == 2 * 450_000 + 250_000
    with SqlBookingStore(database).unit_of_work() as tx:
        assert tx.get_booking(booking.id) == booking
        assert [e.action for e in tx.audit_log(booking.id)] == ["booking.confirmed"]
        assert tx.allocation(booking.id, T0) is not None
    assert service.availability("show-1900", "standard").remaining == 17
    assert_ledger_is_sound(service, database)


def test_a_hold_in_one_call_expires_like_any_hold(
    service: BookingService, one_call: Recording
) -> None:
    hold = service.hold(request({"adult": 3}))
    assert one_call.outcomes == ["ok"]
    assert hold.status is BookingStatus.ON_HOLD
    assert hold.expires_at is not None
    assert service.availability("show-1900", "standard").remaining == 17
    confirmed = service.confirm(hold.id, contact=LAN)
    assert confirmed.status is BookingStatus.CONFIRMED


def test_a_slot_closed_after_it_was_remembered_is_refused(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    service.book(request())
    service.close_slot("show-1900", reason="flooded")
    with pytest.raises(SlotClosedError):
        service.book(request())
    assert one_call.outcomes == ["ok", "stale"]
    assert "show-1900" not in one_call.memo.slots  # forgotten, read afresh next
    service.reopen_slot("show-1900")
    service.book(request())
    assert one_call.outcomes[-1] == "ok"
    assert_ledger_is_sound(service, database)


def test_a_price_change_after_the_product_was_remembered_is_charged(
    service: BookingService, one_call: Recording
) -> None:
    service.book(request())
    product = cave_show()
    option = product.options[0]
    dearer = dataclasses.replace(
        option, units=(dataclasses.replace(option.units[0], price_vnd=500_000),)
    )
    service.register_product(dataclasses.replace(product, options=(dearer,)))
    booking = service.book(request({"adult": 2}))
    assert booking.price_vnd == 1_000_000
    assert one_call.outcomes == ["ok", "stale"]


def test_a_smaller_cave_after_it_was_remembered_is_not_oversold(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    service.book(request({"adult": 4}))
    service.register_resource(Resource("cave", "Cave interior", capacity=5))
    with pytest.raises(SlotSoldOutError):
        service.book(request({"adult": 2}))
    assert one_call.outcomes == ["ok", "stale"]
    service.book(request({"adult": 1}))
    assert service.availability("show-1900", "standard").remaining == 0
    assert_ledger_is_sound(service, database)


def test_a_party_that_does_not_fit_gets_the_ordinary_refusal(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    service.book(request({"group": 1, "adult": 8}))
    with pytest.raises(SlotSoldOutError):
        service.book(request({"adult": 3}))
    assert one_call.outcomes == ["ok", "short"]
    assert service.availability("show-1900", "standard").remaining == 2
    assert_ledger_is_sound(service, database)


def test_a_short_key_undoes_the_keys_already_taken_in_the_call(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    """The session's keys have room but the day's carrying capacity does not: the call
    takes the session's keys, finds the day short, and writes nothing at all."""
    service.register_resource(
        Resource("cave", "Cave interior", capacity=20, daily_cap=6)
    )
    service.book(request({"adult": 5}))
    with pytest.raises(SlotSoldOutError):
        service.book(request({"adult": 2}))
    assert one_call.outcomes == ["ok", "short"]
    assert service.availability("show-1900", "standard").remaining == 1
    with database.read() as c:
        used = c.execute(
            text("SELECT resource_id, period, used FROM booking_capacity_counters")
        ).all()
    assert used
    assert all(row.used == 5 for row in used), used
    assert_ledger_is_sound(service, database)


def test_nobody_jumps_the_waiting_list(
    service: BookingService, one_call: Recording
) -> None:
    service.book(request({"group": 1, "adult": 9}))
    service.join_waitlist("show-1900", "standard", {"adult": 2}, LAN)
    with pytest.raises(SlotSoldOutError):
        service.book(request({"adult": 1}))  # one place is free, but a party waits
    assert one_call.outcomes == ["ok", "queue"]


def test_an_idempotent_booking_takes_the_ordinary_path(
    service: BookingService, one_call: Recording
) -> None:
    first = service.book(request(), idempotency_key="k-1")
    again = service.book(request(), idempotency_key="k-1")
    assert first == again
    assert one_call.outcomes == []


def test_an_unknown_product_is_reported_by_the_ordinary_path(
    service: BookingService, one_call: Recording
) -> None:
    with pytest.raises(ProductNotFoundError):
        service.book(request(product_id="no-such-show"))
    assert one_call.outcomes == [None]  # decided before any call: nothing written


def test_without_the_function_every_booking_takes_the_ordinary_path(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    """A database not yet migrated to the function still books (the call fails
    cleanly, nothing is written, the ordinary path runs)."""
    with database.engine.begin() as connection:
        connection.execute(
            text("ALTER FUNCTION tourlink_place_booking RENAME TO renamed_away")
        )
    try:
        booking = service.book(request({"adult": 2}))
        assert one_call.outcomes == [None]
        assert service.availability("show-1900", "standard").remaining == 18
        assert booking.status is BookingStatus.CONFIRMED
    finally:
        with database.engine.begin() as connection:
            connection.execute(
                text("ALTER FUNCTION renamed_away RENAME TO tourlink_place_booking")
            )
    assert_ledger_is_sound(service, database)


def test_a_remembered_slot_is_read_again_after_five_minutes(
    service: BookingService, one_call: Recording
) -> None:
    """Within MEMO_SECONDS the remembered slot is used; after it, it counts as absent
    and the next booking reads and remembers it again."""
    service.book(request())
    remembered = one_call.memo.get(one_call.memo.slots, "show-1900")
    one_call.seconds += MEMO_SECONDS / 2
    assert one_call.memo.get(one_call.memo.slots, "show-1900") == remembered
    one_call.seconds += MEMO_SECONDS
    assert one_call.memo.get(one_call.memo.slots, "show-1900") is None
    service.book(request())
    assert one_call.outcomes == ["ok", "ok"]
    assert one_call.memo.get(one_call.memo.slots, "show-1900") is not None


def test_the_function_never_creates_a_counter_over_its_capacity(
    service: BookingService, database: Database
) -> None:
    """Called directly with a claim larger than the key's capacity on a key nobody has
    taken yet, the function writes nothing (it raises, and the call is undone)."""
    service.book(request())  # the slot, product and resource rows exist
    with database.engine.connect() as connection:
        xmins = connection.execute(
            text(
                "SELECT (SELECT xmin::text FROM booking_slots WHERE id = 'show-1900'),"
                " (SELECT xmin::text FROM booking_products WHERE id = 'cave-show'),"
                " (SELECT xmin::text FROM booking_resources WHERE id = 'cave')"
            )
        ).one()
        call = text(
            "SELECT tourlink_place_booking('show-1900', :slot, 'cave-show', :product,"
            " CAST(:resources AS jsonb), CAST(:claims AS jsonb), 'bk_big', NULL,"
            " 'CONFIRMED', now(), '{}'::jsonb, now(), 'test', 'booking.confirmed',"
            " '{}'::jsonb)"
        )
        params = {
            "slot": xmins[0],
            "product": xmins[1],
            "resources": f'{{"cave": "{xmins[2]}"}}',
            "claims": '[{"resource_id": "cave", "period": "2031-01-01T00:00Z",'
            ' "places": 25, "capacity": 20}]',
        }
        with pytest.raises(DBAPIError):
            connection.execute(call, params)
        connection.rollback()
        counters = connection.execute(
            text(
                "SELECT count(*) FROM booking_capacity_counters"
                " WHERE period = '2031-01-01T00:00Z'"
            )
        ).scalar_one()
    assert counters == 0
    assert_ledger_is_sound(service, database)


def test_a_call_deallocated_on_the_connection_is_prepared_again(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    """psycopg deallocates every prepared statement of a connection after a rolled-back
    transaction, the call's too: the next booking on that connection prepares it again
    and is still placed in one call."""
    database.dispose()  # from here on the pool holds the one connection the call uses
    service.book(request())
    (connection,) = list(one_call._prepared)
    connection.pgconn.exec_params(b"DEALLOCATE ALL", [])
    service.book(request())
    assert one_call.outcomes == ["ok", "ok"]
    assert service.availability("show-1900", "standard").remaining == 18
    assert_ledger_is_sound(service, database)


def test_a_call_already_prepared_on_the_connection_is_used(
    service: BookingService, one_call: Recording, database: Database
) -> None:
    """If the statement exists on a connection the path did not know about (PostgreSQL
    refuses to prepare the name twice), the existing one is used."""
    database.dispose()
    service.book(request())
    one_call._prepared.clear()
    service.book(request())
    assert one_call.outcomes == ["ok", "ok"]
    assert len(one_call._prepared) == 1


def test_the_call_is_never_made_inside_an_open_transaction(
    database: Database, one_call: Recording
) -> None:
    """The call must commit on its own: on a connection inside a transaction (where
    it would not commit) it is not sent, and the booking takes the ordinary path."""
    pooled = database.engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert isinstance(connection, psycopg.Connection)
        connection.execute("SELECT 1")  # not in autocommit mode: a transaction opens
        assert connection.pgconn.transaction_status == pq.TransactionStatus.INTRANS
        tx = OneCallUnitOfWork(_Driver(connection), one_call.memo)
        with pytest.raises(OptimisticMiss, match="inside a transaction"):
            tx._call([None] * 15)
        assert len(tx._prepared) == 0  # nothing was sent, not even the statement
    finally:
        pooled.close()


def test_text_parameters_with_nul_take_the_ordinary_path() -> None:
    """libpq would cut a text parameter at NUL; such a value is never sent."""
    assert _text("web:anonymous") == b"web:anonymous"
    with pytest.raises(OptimisticMiss):
        _text("web:anon\x00ymous")


def test_operations_it_does_not_offer_are_misses_and_other_names_errors(
    database: Database, one_call: Recording
) -> None:
    """An ordinary-path operation sends the booking there; a name that is no
    unit-of-work operation is a programming error, never a silent miss."""
    pooled = database.engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert isinstance(connection, psycopg.Connection)
        tx = OneCallUnitOfWork(_Driver(connection), one_call.memo)
        with pytest.raises(OptimisticMiss, match="not offered"):
            getattr(tx, "save_allotment")  # noqa: B009 - the lookup is the test
        with pytest.raises(AttributeError):
            getattr(tx, "save_alotment")  # noqa: B009
    finally:
        pooled.close()
