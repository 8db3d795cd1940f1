"""The OCTo ledger and the product/slot listings on memory, SQLite and PostgreSQL.

The same scenarios run against :class:`MemoryOctoLedger` (the reference) and
:class:`SqlOctoLedger` on both databases, and against the audit-log catalogue over the
in-memory booking store and :class:`SqlBookingCatalogue` over the SQL booking store.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.web.octo.seed import booking_service, show
from tourlink.booking import BookingService, InMemoryBookingStore, MemoryNotifier
from tourlink.booking.listing import AuditLogCatalogue, BookingCatalogue
from tourlink.booking.octo_ledger import (
    MemoryOctoLedger,
    OctoBookingRecord,
    OctoLedger,
    OctoOrder,
    OrderState,
)
from tourlink.core.clock import FixedClock
from tourlink.storage import (
    Database,
    SqlBookingCatalogue,
    SqlBookingStore,
    SqlOctoLedger,
)

from .backends import truncate
from .conftest import BACKENDS

T0 = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
A = "octo:key:1"
B = "octo:key:2"


def _database(request: pytest.FixtureRequest) -> Database:
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return database


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest) -> OctoLedger:
    """An empty OCTo ledger of each backend."""
    if request.param == "memory":
        return MemoryOctoLedger()
    return SqlOctoLedger(_database(request))


def rec(
    uuid: str, owner: str = A, minutes: int = 0, **fields: object
) -> OctoBookingRecord:
    values: dict[str, object] = {
        "owner": owner,
        "uuid": uuid,
        "booking_id": f"bk_{uuid}",
        "created_at": T0 + timedelta(minutes=minutes),
        "local_date": date(2026, 12, 5),
        **fields,
    }
    return OctoBookingRecord(**values)  # type: ignore[arg-type]


def test_a_record_round_trips_with_every_field(ledger: OctoLedger) -> None:
    record = rec(
        "u1",
        reseller_reference="LAN-1",
        notes="window seats",
        order_id="ord_1",
        contact={"fullName": "Nguyen Thi Lan", "locales": ["vi"]},
        unit_item_uuids=("i1", "i2"),
        updated_at=T0 + timedelta(minutes=3),
    )
    ledger.save_booking(record)
    assert ledger.booking(A, "u1") == record
    assert ledger.booking(A, "missing") is None


def test_owners_are_separate_even_for_the_same_uuid(ledger: OctoLedger) -> None:
    ledger.save_booking(rec("same", A, booking_id="bk_a"))
    ledger.save_booking(rec("same", B, booking_id="bk_b"))
    found_a = ledger.booking(A, "same")
    found_b = ledger.booking(B, "same")
    assert found_a is not None
    assert found_b is not None
    assert (found_a.booking_id, found_b.booking_id) == ("bk_a", "bk_b")
    assert [r.uuid for r in ledger.bookings(A)] == ["same"]


def test_saving_again_replaces_the_record_in_place(ledger: OctoLedger) -> None:
    ledger.save_booking(rec("u1", order_id="ord_1"))
    ledger.save_booking(rec("u2", minutes=1, order_id="ord_1"))
    ledger.save_order(OctoOrder(A, "ord_1", T0))
    ledger.save_booking(rec("u1", reseller_reference="LATER", order_id="ord_1"))
    found = ledger.booking(A, "u1")
    assert found is not None
    assert found.reseller_reference == "LATER"
    assert len(ledger.bookings(A)) == 2
    order = ledger.order(A, "ord_1")
    assert order is not None
    assert order.booking_uuids == ("u1", "u2")


def test_find_filters_by_reference_supplier_reference_and_local_dates(
    ledger: OctoLedger,
) -> None:
    ledger.save_booking(rec("u1", reseller_reference="R1"))
    ledger.save_booking(
        rec("u2", minutes=1, reseller_reference="R2", local_date=date(2026, 12, 6))
    )
    ledger.save_booking(rec("u3", minutes=2, local_date=None))
    ledger.save_booking(rec("other", B, reseller_reference="R1"))

    def uuids(**filters: object) -> list[str]:
        return [r.uuid for r in ledger.find_bookings(A, **filters)]  # type: ignore[arg-type]

    assert uuids() == ["u1", "u2", "u3"]
    assert uuids(reseller_reference="R1") == ["u1"]
    assert uuids(booking_id="bk_u2") == ["u2"]
    assert uuids(
        local_date_start=date(2026, 12, 5), local_date_end=date(2026, 12, 5)
    ) == ["u1"]
    assert uuids(
        local_date_start=date(2026, 12, 5), local_date_end=date(2026, 12, 6)
    ) == [
        "u1",
        "u2",
    ]
    assert uuids(local_date_start=date(2026, 12, 6)) == ["u2"]
    assert uuids(reseller_reference="R2", local_date_end=date(2026, 12, 5)) == []


def test_orders_round_trip_and_list_their_bookings_in_insertion_order(
    ledger: OctoLedger,
) -> None:
    order = OctoOrder(
        A, "ord_1", T0, expiration_minutes=30, contact={"fullName": "Lan"}
    )
    ledger.save_order(order)
    ledger.save_booking(rec("late-uuid-first", minutes=5, order_id="ord_1"))
    ledger.save_booking(rec("a-second", minutes=0, order_id="ord_1"))
    ledger.save_booking(rec("loose", minutes=1))
    found = ledger.order(A, "ord_1")
    assert found is not None
    assert found.booking_uuids == ("late-uuid-first", "a-second")
    assert found.expiration_minutes == 30
    assert found.contact == {"fullName": "Lan"}
    assert found.state is OrderState.OPEN
    assert ledger.order(B, "ord_1") is None

    done = T0 + timedelta(minutes=9)
    ledger.save_order(
        OctoOrder(A, "ord_1", T0, confirmed_at=done, updated_at=done, booking_uuids=())
    )
    again = ledger.order(A, "ord_1")
    assert again is not None
    assert again.confirmed_at == done
    assert again.state is OrderState.CONFIRMED
    assert again.booking_uuids == ("late-uuid-first", "a-second")


def test_concurrent_saves_of_one_cart_lose_no_booking(ledger: OctoLedger) -> None:
    ledger.save_order(OctoOrder(A, "ord_1", T0))
    errors: list[BaseException] = []

    def add(i: int) -> None:
        try:
            ledger.save_booking(rec(f"u{i:02d}", minutes=i, order_id="ord_1"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    order = ledger.order(A, "ord_1")
    assert order is not None
    assert sorted(order.booking_uuids) == [f"u{i:02d}" for i in range(8)]


# --- listings --------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def listing(request: pytest.FixtureRequest) -> tuple[BookingService, BookingCatalogue]:
    """The seeded cave show (slots at 19:00 and 20:30 on 5 and 6 December, local) and
    a catalogue of each backend over it."""
    clock = FixedClock(T0)
    if request.param == "memory":
        service = booking_service(clock)
        return service, AuditLogCatalogue(service)
    database = _database(request)
    seeded = booking_service(clock)
    service = BookingService(
        SqlBookingStore(database),
        clock,
        ticket_secret=b"test-secret-key-for-tickets-0123",
        notifier=MemoryNotifier(),
    )
    with seeded.store.unit_of_work() as tx:
        cave = tx.get_resource("cave")
        product = tx.get_product("cave-show")
    assert cave is not None
    assert product is not None
    service.register_resource(cave)
    service.register_product(product)
    for day in (5, 6):
        service.register_slot(show(day, 19, 0))
        service.register_slot(show(day, 20, 30))
    assert isinstance(seeded.store, InMemoryBookingStore)
    return service, SqlBookingCatalogue(database)


def test_products_are_listed_by_id(
    listing: tuple[BookingService, BookingCatalogue],
) -> None:
    service, catalogue = listing
    product = catalogue.products()[0]
    service.register_product(
        type(product)(
            id="a-boat-trip",
            experience_id="lan-ha-bay",
            title="Boat",
            options=product.options,
        )
    )
    assert [p.id for p in catalogue.products()] == ["a-boat-trip", "cave-show"]
    assert catalogue.products()[1] == product


def test_slots_are_listed_by_local_day_and_start(
    listing: tuple[BookingService, BookingCatalogue],
) -> None:
    _, catalogue = listing
    every = [s.id for s in catalogue.slots()]
    assert every == [
        "show-2026-12-05-1900",
        "show-2026-12-05-2030",
        "show-2026-12-06-1900",
        "show-2026-12-06-2030",
    ]
    assert [s.id for s in catalogue.slots("cave-show", date(2026, 12, 6))] == every[2:]
    assert [
        s.id for s in catalogue.slots("cave-show", date(2026, 12, 5), date(2026, 12, 5))
    ] == every[:2]
    assert catalogue.slots("cave-show", end=date(2026, 12, 4)) == []
    assert catalogue.slots("no-such-product") == []
    first = catalogue.slots(start=date(2026, 12, 5), end=date(2026, 12, 5))[0]
    assert first == show(5, 19, 0)


def test_a_slot_just_after_local_midnight_belongs_to_that_local_day(
    listing: tuple[BookingService, BookingCatalogue],
) -> None:
    service, catalogue = listing
    # 00:30 local on 7 December is 17:30 UTC on 6 December
    early = show(7, 7, 30)
    late = type(early)(
        "show-2026-12-07-0030",
        early.product_id,
        datetime(2026, 12, 6, 17, 30, tzinfo=UTC),
        datetime(2026, 12, 6, 18, 30, tzinfo=UTC),
    )
    service.register_slot(late)
    service.register_slot(early)
    assert [s.id for s in catalogue.slots(start=date(2026, 12, 7))] == [
        late.id,
        early.id,
    ]
    assert late.id not in [s.id for s in catalogue.slots(end=date(2026, 12, 6))]
