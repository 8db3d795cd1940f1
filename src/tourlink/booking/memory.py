"""The in-memory booking store: the reference implementation of the store port.

Thread-safe: a unit of work holds the store's lock from start to end, so transactions are
fully serialised (stronger than the port requires). Writes are applied at once and undone
in reverse order if the unit of work raises. The capacity ledger keeps per-key counters
exactly like the recommended database design (conditional increments, lazy reclamation of
expired holds), so its behaviour is the one a SQL store must reproduce.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from .allotments import Allotment
from .audit import AuditEntry
from .bookings import Booking
from .errors import ConcurrentUpdateError
from .ledger import Allocation, LedgerSnapshot
from .packages import Package
from .ports import IdempotencyRecord
from .products import Product
from .resources import CapacityKey, Resource
from .slots import Slot
from .waitlist import WaitlistEntry, queue_order

_MISSING: Any = object()


class _State:
    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.products: dict[str, Product] = {}
        self.slots: dict[str, Slot] = {}
        self.bookings: dict[str, Booking] = {}
        self.packages: dict[str, Package] = {}
        self.allotments: dict[str, Allotment] = {}
        self.waitlist: dict[str, WaitlistEntry] = {}
        self.allocations: dict[str, Allocation] = {}
        self.counters: dict[CapacityKey, int] = {}
        self.capacities: dict[CapacityKey, int] = {}
        self.idempotency: dict[tuple[str, str], IdempotencyRecord] = {}
        self.audit: list[AuditEntry] = []
        self.occupancy: dict[str, int] = {}


class MemoryUnitOfWork:
    """A transaction on :class:`InMemoryBookingStore` (see :class:`~.ports.UnitOfWork`)."""

    def __init__(self, state: _State) -> None:
        self._s = state
        self._undo: list[Callable[[], None]] = []

    # --- journal ---------------------------------------------------------------------------
    def _put(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        old = table.get(key, _MISSING)
        self._undo.append(lambda: self._restore(table, key, old))
        if value is _MISSING:
            table.pop(key, None)
        else:
            table[key] = value

    @staticmethod
    def _restore(table: dict[Any, Any], key: Any, old: Any) -> None:
        if old is _MISSING:
            table.pop(key, None)
        else:
            table[key] = old

    def rollback(self) -> None:
        """Undo every write of this unit of work, newest first."""
        while self._undo:
            self._undo.pop()()

    def lock_slots(self, slot_ids: Sequence[str]) -> None:
        """No-op: the whole store is locked for the unit of work."""
        del slot_ids

    # --- reference data ------------------------------------------------------------------
    def get_resource(self, resource_id: str) -> Resource | None:
        return self._s.resources.get(resource_id)

    def save_resource(self, resource: Resource) -> None:
        self._put(self._s.resources, resource.id, resource)

    def get_product(self, product_id: str) -> Product | None:
        return self._s.products.get(product_id)

    def save_product(self, product: Product) -> None:
        self._put(self._s.products, product.id, product)

    def get_slot(self, slot_id: str) -> Slot | None:
        return self._s.slots.get(slot_id)

    def save_slot(self, slot: Slot) -> None:
        self._put(self._s.slots, slot.id, slot)

    # --- bookings and friends --------------------------------------------------------------
    def get_booking(self, booking_id: str) -> Booking | None:
        return self._s.bookings.get(booking_id)

    def save_booking(self, booking: Booking) -> None:
        self._put(self._s.bookings, booking.id, booking)

    def save_booking_audited(self, booking: Booking, entry: AuditEntry) -> None:
        self.save_booking(booking)
        self.record_audit(entry)

    def bookings_for_slot(self, slot_id: str) -> list[Booking]:
        found = [b for b in self._s.bookings.values() if b.slot_id == slot_id]
        return sorted(found, key=lambda b: b.created_at)

    def get_package(self, package_id: str) -> Package | None:
        return self._s.packages.get(package_id)

    def save_package(self, package: Package) -> None:
        self._put(self._s.packages, package.id, package)

    def get_allotment(self, allotment_id: str) -> Allotment | None:
        return self._s.allotments.get(allotment_id)

    def save_allotment(self, allotment: Allotment) -> None:
        self._put(self._s.allotments, allotment.id, allotment)

    def get_waitlist_entry(self, entry_id: str) -> WaitlistEntry | None:
        return self._s.waitlist.get(entry_id)

    def save_waitlist_entry(self, entry: WaitlistEntry) -> None:
        self._put(self._s.waitlist, entry.id, entry)

    def waitlist_for_slot(self, slot_id: str) -> list[WaitlistEntry]:
        return queue_order(e for e in self._s.waitlist.values() if e.slot_id == slot_id)

    # --- the capacity ledger -------------------------------------------------------------
    def _expired_places(self, key: CapacityKey, now: datetime) -> int:
        return sum(
            a.places().get(key, 0)
            for a in self._s.allocations.values()
            if not a.is_live(now)
        )

    def usage(
        self, keys: Sequence[CapacityKey], now: datetime
    ) -> dict[CapacityKey, int]:
        return {
            k: self._s.counters.get(k, 0) - self._expired_places(k, now) for k in keys
        }

    def allocation(self, owner_id: str, now: datetime) -> Allocation | None:
        found = self._s.allocations.get(owner_id)
        return found if found is not None and found.is_live(now) else None

    def _reclaim(self, keys: set[CapacityKey], now: datetime) -> None:
        expired = [
            a
            for a in self._s.allocations.values()
            if not a.is_live(now) and keys.intersection(a.places())
        ]
        for allocation in expired:
            self.release(allocation.owner_id)

    def allocate(self, allocation: Allocation, now: datetime) -> dict[CapacityKey, int]:
        current = self._s.allocations.get(allocation.owner_id)
        if current is not None:
            if current.is_live(now):
                msg = f"owner {allocation.owner_id!r} already holds a live allocation"
                raise ValueError(msg)
            self.release(allocation.owner_id)
        self._reclaim({c.key for c in allocation.claims}, now)
        short: dict[CapacityKey, int] = {}
        for claim in allocation.claims:
            used = self._s.counters.get(claim.key, 0)
            if used + claim.places > claim.capacity:
                short[claim.key] = max(0, claim.capacity - used)
        if short:
            return short
        for claim in allocation.claims:
            self._put(
                self._s.counters,
                claim.key,
                self._s.counters.get(claim.key, 0) + claim.places,
            )
            self._put(self._s.capacities, claim.key, claim.capacity)
        self._put(self._s.allocations, allocation.owner_id, allocation)
        return {}

    def release(self, owner_id: str) -> Allocation | None:
        allocation = self._s.allocations.get(owner_id)
        if allocation is None:
            return None
        for claim in allocation.claims:
            self._put(
                self._s.counters, claim.key, self._s.counters[claim.key] - claim.places
            )
        self._put(self._s.allocations, owner_id, _MISSING)
        return allocation

    def set_expiry(self, owner_id: str, expires_at: datetime | None) -> None:
        allocation = self._s.allocations[owner_id]
        self._put(
            self._s.allocations,
            owner_id,
            Allocation(
                allocation.owner_id, allocation.slot_id, allocation.claims, expires_at
            ),
        )

    # --- idempotency, audit, occupancy ---------------------------------------------------
    def get_idempotency(self, scope: str, key: str) -> IdempotencyRecord | None:
        return self._s.idempotency.get((scope, key))

    def save_idempotency(self, record: IdempotencyRecord) -> None:
        if (record.scope, record.key) in self._s.idempotency:
            raise ConcurrentUpdateError(
                f"idempotency key {record.key!r} was stored concurrently; retry"
            )
        self._put(self._s.idempotency, (record.scope, record.key), record)

    def record_audit(self, entry: AuditEntry) -> None:
        self._s.audit.append(entry)
        self._undo.append(lambda: self._s.audit.remove(entry))

    def audit_log(self, subject_id: str | None = None) -> list[AuditEntry]:
        return [
            e for e in self._s.audit if subject_id is None or e.subject_id == subject_id
        ]

    def adjust_occupancy(self, resource_id: str, delta: int, limit: int) -> int | None:
        new = self._s.occupancy.get(resource_id, 0) + delta
        if not 0 <= new <= limit:
            return None
        self._put(self._s.occupancy, resource_id, new)
        return new

    def occupancy(self, resource_id: str) -> int:
        return self._s.occupancy.get(resource_id, 0)


class InMemoryBookingStore:
    """A thread-safe in-memory :class:`~.ports.BookingStore`.

    The test double for the booking service, and the executable reference for a database
    store's contract tests: a SQL store for the Lan Ha Bay boats must behave the same.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._state = _State()

    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryUnitOfWork]:
        """A transaction holding the store lock; rolled back if the block raises."""
        with self._lock:
            uow = MemoryUnitOfWork(self._state)
            try:
                yield uow
            except BaseException:
                uow.rollback()
                raise

    def snapshot(self) -> LedgerSnapshot:
        """A copy of the capacity ledger, for :func:`~.ledger.reconcile`."""
        with self._lock:
            return LedgerSnapshot(
                counters=dict(self._state.counters),
                capacities=dict(self._state.capacities),
                allocations=list(self._state.allocations.values()),
            )

    def all_bookings(self) -> list[Booking]:
        """Every booking, oldest first (for tests and reports)."""
        with self._lock:
            return sorted(
                self._state.bookings.values(), key=lambda b: (b.created_at, b.id)
            )
