"""Group commit across slots: bookings of different slots that arrive together share one
set-based transaction on PostgreSQL, yet each gets its own answer, after the commit.
SQLite keeps per-slot groups; the same scenarios give the same outcomes there."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.booking.conftest import SECRET, cave_show, request, show_slot
from tourlink.booking import (
    Allocation,
    Booking,
    BookingService,
    IdempotencyConflictError,
    LedgerSnapshot,
    Resource,
    SlotSoldOutError,
    reconcile,
)
from tourlink.booking.ports import UnitOfWork
from tourlink.core.clock import FixedClock
from tourlink.storage import Database, SqlBookingStore
from tourlink.storage.booking_batch import SqlBatch
from tourlink.storage.booking_store import SqlSharedTransaction

CAVE, HALL, POOL_A, POOL_B = "cave", "hall", "pool-a", "pool-b"
PRODUCTS = {  # product -> (resource, capacity), one slot each
    "cave-show": (CAVE, 20),
    "hall-show": (HALL, 5),
    "a-show": (POOL_A, 10),
    "b-show": (POOL_B, 10),
}


def slot_of(product_id: str) -> str:
    return f"{product_id}-1900"


class GatedBatchStore:
    """The SQL store with the first plain unit of work held at a gate, so that the
    callers behind it queue up and form one batch (PostgreSQL) or groups (SQLite)."""

    def __init__(self, store: SqlBookingStore) -> None:
        self.inner = store
        self.gate = threading.Event()
        self.batched = 0
        self._first = False

    @property
    def batches(self) -> bool:
        return self.inner.batches

    def hold_next(self) -> None:
        self._first = True
        self.gate.clear()

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        if self._first:
            self._first = False
            assert self.gate.wait(30)
        with self.inner.unit_of_work() as tx:
            yield tx

    @contextmanager
    def shared_transaction(self) -> Iterator[SqlSharedTransaction]:
        with self.inner.shared_transaction() as shared:
            yield shared

    @contextmanager
    def batch_transaction(self) -> Iterator[SqlBatch]:
        self.batched += 1
        with self.inner.batch_transaction() as batch:
            yield batch

    def snapshot(self) -> LedgerSnapshot:
        return self.inner.snapshot()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(show_slot().start - timedelta(hours=9))


def make_service(
    database: Database, clock: FixedClock
) -> tuple[BookingService, GatedBatchStore]:
    store = GatedBatchStore(SqlBookingStore(database))
    service = BookingService(store, clock, ticket_secret=SECRET, group_commit=True)
    for product_id, (resource_id, capacity) in PRODUCTS.items():
        service.register_resource(Resource(resource_id, resource_id, capacity))
        service.register_product(cave_show(product_id, resource_id))
        service.register_slot(show_slot(slot_of(product_id), product_id))
    return service, store


def book(
    service: BookingService, product_id: str, adults: int, **kwargs: object
) -> Callable[[], Booking]:
    wanted = request({"adult": adults}, slot_of(product_id), product_id)
    return lambda: service.book(wanted, **kwargs)  # type: ignore[arg-type]


def together(
    service: BookingService,
    store: GatedBatchStore,
    calls: Sequence[Callable[[], Booking]],
) -> list[Future[Booking]]:
    """Run ``calls[0]`` alone (held at the gate) while the others queue behind it, then
    release them as one batch (PostgreSQL). Without batches (SQLite) the calls run one
    after another in the same order."""
    pool = ThreadPoolExecutor(len(calls))
    if not store.batches:
        futures = []
        for call in calls:
            futures.append(pool.submit(call))
            futures[-1].exception()
        pool.shutdown(wait=True)
        return futures
    group = service.group_commit
    assert group is not None
    assert group.cross_slot
    store.hold_next()
    futures = [pool.submit(calls[0])]
    while not group.leading:
        time.sleep(0.005)
    for call in calls[1:]:  # queued in this order
        waiting = group.waiting
        futures.append(pool.submit(call))
        deadline = time.monotonic() + 30
        while group.waiting == waiting:
            assert time.monotonic() < deadline, "caller did not queue"
            time.sleep(0.002)
    store.gate.set()
    pool.shutdown(wait=True)
    return futures


def outcome(future: Future[Booking]) -> str:
    try:
        return future.result().status.value.lower()
    except SlotSoldOutError:
        return "sold_out"
    except IdempotencyConflictError:
        return "conflict"
    except DBAPIError:
        return "database_error"


def remaining(service: BookingService, product_id: str) -> int:
    return service.availability(slot_of(product_id), "standard").remaining


def test_sqlite_keeps_per_slot_groups_and_postgres_batches(database: Database) -> None:
    store = SqlBookingStore(database)
    service = BookingService(store, FixedClock(show_slot().start), ticket_secret=SECRET)
    grouped = BookingService(
        store, FixedClock(show_slot().start), ticket_secret=SECRET, group_commit=True
    )
    assert service.group_commit is None
    assert grouped.group_commit is not None
    postgres = database.dialect == "postgresql"
    assert store.batches is postgres
    assert grouped.group_commit.cross_slot is postgres


def test_a_sold_out_item_fails_alone_and_the_rest_of_the_batch_commits(
    database: Database, clock: FixedClock
) -> None:
    """Bookings on two slots in one batch: the party of three for the last seat of the
    hall is refused, every other booking commits once, with its audit entry."""
    service, store = make_service(database, clock)
    book(service, "hall-show", 4)()
    calls = [
        book(service, "cave-show", 1),
        book(service, "cave-show", 2),
        book(service, "hall-show", 3),
        book(service, "hall-show", 1),
        book(service, "cave-show", 1),
    ]
    futures = together(service, store, calls)
    assert [outcome(f) for f in futures] == [
        "confirmed",
        "confirmed",
        "sold_out",
        "confirmed",
        "confirmed",
    ]
    if store.batches:
        assert service.group_commit is not None
        assert store.batched == 1
        assert (service.group_commit.groups, service.group_commit.grouped) == (1, 3)
    assert remaining(service, "cave-show") == 20 - 4
    assert remaining(service, "hall-show") == 0
    for future in futures:
        if outcome(future) == "confirmed":
            booking = future.result()
            assert service.get_booking(booking.id) == booking
            actions = [e.action for e in service.audit_log(booking.id)]
            assert actions == ["booking.confirmed"]
    assert reconcile(store.snapshot(), clock.now()).ok


def test_two_items_on_one_counter_only_the_first_that_fits_commits(
    database: Database, clock: FixedClock
) -> None:
    """The batch counts the places it already took: 4 then 3 on a 5-seat hall."""
    service, store = make_service(database, clock)
    calls = [
        book(service, "cave-show", 1),
        book(service, "hall-show", 4),
        book(service, "hall-show", 3),
        book(service, "cave-show", 2),
    ]
    futures = together(service, store, calls)
    assert [outcome(f) for f in futures] == [
        "confirmed",
        "confirmed",
        "sold_out",
        "confirmed",
    ]
    if store.batches:
        assert service.group_commit is not None
        assert store.batched == 1
        assert (service.group_commit.groups, service.group_commit.grouped) == (1, 2)
    assert remaining(service, "hall-show") == 1
    assert remaining(service, "cave-show") == 20 - 3
    assert reconcile(store.snapshot(), clock.now()).ok


def test_one_idempotency_key_twice_in_a_batch_books_once(
    database: Database, clock: FixedClock
) -> None:
    service, store = make_service(database, clock)
    calls = [
        book(service, "hall-show", 1),
        book(service, "cave-show", 2, idempotency_key="k1"),
        book(service, "hall-show", 1),
        book(service, "cave-show", 2, idempotency_key="k1"),
        book(service, "cave-show", 3, idempotency_key="k1"),
    ]
    futures = together(service, store, calls)
    assert futures[1].result().id == futures[3].result().id
    assert outcome(futures[4]) == "conflict"
    if store.batches:  # the repeated key went alone; the batch committed
        assert service.group_commit is not None
        assert service.group_commit.groups == 1
    assert remaining(service, "cave-show") == 20 - 2
    assert remaining(service, "hall-show") == 5 - 2
    assert reconcile(store.snapshot(), clock.now()).ok


@pytest.mark.postgres
def test_the_database_guard_catches_a_wrong_check_and_nothing_oversells(
    postgres_database: Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Negative control for the batch's own check: if it admitted every item, the
    guarded update refuses, the batch is rolled back and every item runs alone."""
    from tests.storage.backends import truncate

    truncate(postgres_database)

    def admit_everything(self: SqlBatch, allocation: Allocation) -> None:
        for claim in allocation.claims:
            self._taken[claim.key] = self._taken.get(claim.key, 0) + claim.places
            self._capacity[claim.key] = claim.capacity

    monkeypatch.setattr(SqlBatch, "admit", admit_everything)
    service, store = make_service(postgres_database, clock)
    calls = [
        book(service, "cave-show", 1),
        book(service, "hall-show", 4),
        book(service, "hall-show", 3),
    ]
    futures = together(service, store, calls)
    outcomes = [outcome(f) for f in futures]
    # Alone, the two hall parties race each other: either one may win.
    assert outcomes[0] == "confirmed"
    assert sorted(outcomes[1:]) == ["confirmed", "sold_out"]
    assert service.group_commit is not None
    assert (store.batched, service.group_commit.groups) == (1, 0)
    won = next(f.result() for f in futures[1:] if outcome(f) == "confirmed")
    assert remaining(service, "hall-show") == 5 - won.units["adult"]
    assert reconcile(store.snapshot(), clock.now()).ok


@pytest.fixture
def poisoned_audit(database: Database) -> Iterator[None]:
    """A trigger that fails any audit insert by the actor ``poison`` (a database error
    in the middle of a transaction's writes)."""
    if database.dialect == "postgresql":
        create = [
            "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.actor = 'poison' THEN RAISE EXCEPTION 'poisoned'; END IF; "
            "RETURN NEW; END $$",
            "CREATE TRIGGER poison BEFORE INSERT ON booking_audit "
            "FOR EACH ROW EXECUTE FUNCTION poison()",
        ]
        drop = ["DROP TRIGGER poison ON booking_audit", "DROP FUNCTION poison()"]
    else:
        create = [
            "CREATE TRIGGER poison BEFORE INSERT ON booking_audit "
            "WHEN NEW.actor = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END"
        ]
        drop = ["DROP TRIGGER poison"]
    with database.engine.begin() as c:
        for statement in create:
            c.execute(text(statement))
    yield
    with database.engine.begin() as c:
        for statement in drop:
            c.execute(text(statement))


@pytest.mark.usefixtures("poisoned_audit")
def test_a_database_error_rolls_the_whole_batch_back_and_leaves_nothing_half_written(
    database: Database, clock: FixedClock
) -> None:
    """The batch's audit insert fails: its counter update, allocations and bookings are
    undone with it; the members then run alone — the poisoned one fails again and
    leaves nothing, the others are booked exactly once."""
    service, store = make_service(database, clock)
    calls = [
        book(service, "hall-show", 1),
        book(service, "cave-show", 2),
        book(service, "cave-show", 4, actor="poison"),
        book(service, "hall-show", 2),
    ]
    futures = together(service, store, calls)
    assert [outcome(f) for f in futures] == [
        "confirmed",
        "confirmed",
        "database_error",
        "confirmed",
    ]
    if store.batches:
        assert service.group_commit is not None
        assert store.batched == 1
        assert service.group_commit.groups == 0  # the batch did not commit
    assert remaining(service, "cave-show") == 20 - 2
    assert remaining(service, "hall-show") == 5 - 3
    snapshot = store.snapshot()
    assert sorted(a.slot_id for a in snapshot.allocations) == sorted(
        [slot_of("hall-show"), slot_of("cave-show"), slot_of("hall-show")]
    )
    assert len(store.inner.all_bookings()) == 3
    assert [e.actor for e in service.audit_log() if e.actor == "poison"] == []
    assert reconcile(snapshot, clock.now()).ok


@pytest.mark.postgres
def test_the_batch_takes_counters_in_sorted_key_order(
    postgres_database: Database, clock: FixedClock
) -> None:
    """Another transaction holds ``pool-a`` and then wants ``pool-b``; the batch, whose
    items arrive as ``pool-b`` then ``pool-a``, waits for ``pool-a`` without holding
    ``pool-b`` (sorted order), so the other transaction is never deadlocked."""
    from tests.storage.backends import truncate

    truncate(postgres_database)
    service, store = make_service(postgres_database, clock)
    for product_id in ("a-show", "b-show"):  # the counters exist
        book(service, product_id, 1)()
    other = postgres_database.engine.connect()
    trans = other.begin()
    other.execute(text("SET LOCAL lock_timeout = '5s'"))
    other.execute(
        text(
            "SELECT used FROM booking_capacity_counters "
            "WHERE resource_id = 'pool-a' FOR UPDATE"
        )
    )
    calls = [
        book(service, "cave-show", 1),
        book(service, "b-show", 1),
        book(service, "a-show", 1),
    ]
    result: list[list[Future[Booking]]] = []
    runner = threading.Thread(
        target=lambda: result.append(together(service, store, calls))
    )
    runner.start()
    deadline = time.monotonic() + 30
    while not _someone_waits_for_a_row_lock(postgres_database):
        assert time.monotonic() < deadline, "the batch never reached pool-a"
        time.sleep(0.01)
    other.execute(
        text(
            "SELECT used FROM booking_capacity_counters "
            "WHERE resource_id = 'pool-b' FOR UPDATE"
        )
    )  # would deadlock (or time out) if the batch held pool-b
    trans.commit()
    other.close()
    runner.join(30)
    assert [outcome(f) for f in result[0]] == ["confirmed"] * 3
    assert service.group_commit is not None
    assert service.group_commit.groups == 1
    assert reconcile(store.snapshot(), clock.now()).ok


def _someone_waits_for_a_row_lock(database: Database) -> bool:
    with database.engine.connect() as c:
        waiting = c.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
    return bool(waiting)
