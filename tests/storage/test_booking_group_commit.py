"""Group commit on SQLite and PostgreSQL: bookings that arrive together share one
transaction, yet each gets the answer it would have got alone, only after the commit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import pytest

from tests.booking.conftest import SECRET, cave_show, request, show_slot
from tourlink.booking import (
    Booking,
    BookingService,
    BookingStatus,
    Contact,
    IdempotencyConflictError,
    LedgerSnapshot,
    MemoryNotifier,
    Resource,
    SlotSoldOutError,
    WaitlistStatus,
    reconcile,
)
from tourlink.booking.ports import UnitOfWork
from tourlink.core.clock import FixedClock
from tourlink.storage import Database, SqlBookingStore
from tourlink.storage.booking_store import SqlSharedTransaction

MAI = Contact("Lê Mai", email="mai@example.vn")


class GatedStore:
    """The SQL store, with the first plain unit of work held at a gate so that the
    callers behind it queue up and form one group; optionally failing shared commits."""

    def __init__(self, store: SqlBookingStore, *, fail_shared: bool = False) -> None:
        self.inner = store
        self.gate = threading.Event()
        self.fail_shared = fail_shared
        self.shared = 0
        self._first = True

    def hold_next(self) -> None:
        """Hold the next plain unit of work at the gate."""
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
        self.shared += 1
        with self.inner.shared_transaction() as shared:
            yield shared
            if self.fail_shared:  # as if COMMIT failed: everything is rolled back
                raise RuntimeError("commit failed")

    def snapshot(self) -> LedgerSnapshot:
        return self.inner.snapshot()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(show_slot().start - timedelta(hours=9))


def make_service(
    database: Database, clock: FixedClock, *, fail_shared: bool = False
) -> tuple[BookingService, GatedStore, MemoryNotifier]:
    store = GatedStore(SqlBookingStore(database), fail_shared=fail_shared)
    notifier = MemoryNotifier()
    service = BookingService(
        store,
        clock,
        ticket_secret=SECRET,
        notifier=notifier,
        group_commit=True,
    )
    store.gate.set()  # setting up runs freely
    service.register_resource(Resource("cave", "Cave interior", capacity=20))
    service.register_product(cave_show())
    service.register_slot(show_slot())
    store.hold_next()
    return service, store, notifier


def in_one_group(
    service: BookingService, store: GatedStore, calls: Sequence[Callable[[], Booking]]
) -> list[Future[Booking]]:
    """Run ``calls[0]`` alone (held at the gate) while the others queue, then release:
    the others run as one group."""
    assert service.group_commit is not None
    pool = ThreadPoolExecutor(len(calls))
    futures = [pool.submit(calls[0])]
    while not service.group_commit.leading:
        time.sleep(0.005)
    futures += [pool.submit(call) for call in calls[1:]]
    deadline = time.monotonic() + 30
    while service.group_commit.waiting < len(calls) - 1:
        assert time.monotonic() < deadline, "callers did not queue"
        time.sleep(0.005)
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


def test_concurrent_bookings_share_one_commit_and_none_oversells(
    database: Database, clock: FixedClock
) -> None:
    """25 parties of one for 20 places, 24 of them in one group: exactly 20 confirmed."""
    service, store, _ = make_service(database, clock)
    calls = [
        (lambda n=n: service.book(request({"adult": 1}), actor=f"agent-{n}"))
        for n in range(25)
    ]
    futures = in_one_group(service, store, calls)
    outcomes = [outcome(f) for f in futures]
    assert outcomes.count("confirmed") == 20
    assert outcomes.count("sold_out") == 5
    assert service.group_commit is not None
    assert (service.group_commit.groups, service.group_commit.grouped) == (1, 24)
    assert store.shared == 1
    confirmed = [f.result() for f in futures if outcome(f) == "confirmed"]
    assert len({b.id for b in confirmed}) == 20
    for booking in confirmed:
        assert service.get_booking(booking.id).status is BookingStatus.CONFIRMED
        actions = [e.action for e in service.audit_log(booking.id)]
        assert actions == ["booking.confirmed"]
    assert reconcile(store.snapshot(), clock.now()).ok


def test_one_idempotency_key_twice_in_a_group_books_once(
    database: Database, clock: FixedClock
) -> None:
    service, store, _ = make_service(database, clock)
    same = request({"adult": 2})
    other = request({"adult": 3})
    calls = [
        lambda: service.book(request({"adult": 1})),
        lambda: service.book(same, idempotency_key="k1"),
        lambda: service.book(same, idempotency_key="k1"),
        lambda: service.book(other, idempotency_key="k1"),
    ]
    futures = in_one_group(service, store, calls)
    first, second = futures[1].result(), futures[2].result()
    assert first.id == second.id
    assert outcome(futures[3]) == "conflict"
    assert service.availability("show-1900", "standard").remaining == 17
    assert reconcile(store.snapshot(), clock.now()).ok


def test_a_failed_shared_commit_runs_every_member_alone(
    database: Database, clock: FixedClock
) -> None:
    """Nothing of a failed group is kept; each member is then booked exactly once."""
    service, store, _ = make_service(database, clock, fail_shared=True)
    calls = [
        (lambda n=n: service.book(request({"adult": 2}), actor=f"agent-{n}"))
        for n in range(4)
    ]
    futures = in_one_group(service, store, calls)
    assert [outcome(f) for f in futures] == ["confirmed"] * 4
    assert store.shared == 1
    assert service.group_commit is not None
    assert service.group_commit.groups == 0
    assert service.availability("show-1900", "standard").remaining == 20 - 4 * 2
    assert reconcile(store.snapshot(), clock.now()).ok


def test_a_newcomer_in_a_group_does_not_jump_the_waiting_list(
    database: Database, clock: FixedClock
) -> None:
    """Places freed for a waiting party are offered to it, not sold to the group."""
    service, store, _ = make_service(database, clock)
    store.gate.set()
    a = service.book(request({"adult": 10})).id
    service.book(request({"adult": 10}))
    entry = service.join_waitlist("show-1900", "standard", {"adult": 2}, MAI)
    service.modify(a, units={"adult": 8})  # two places free up, offered to Mai
    store.hold_next()
    calls = [lambda: service.book(request({"adult": 1})) for _ in range(4)]
    futures = in_one_group(service, store, calls)
    assert [outcome(f) for f in futures] == ["sold_out"] * 4
    assert service.group_commit is not None
    assert service.group_commit.groups == 1
    assert service.waitlist_entry(entry.id).status is WaitlistStatus.OFFERED
    assert reconcile(store.snapshot(), clock.now()).ok
