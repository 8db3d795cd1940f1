"""Ports: what the booking service needs from storage and notification, as Protocols.

The service (``service.py``) is written only against these. ``memory.py`` is the reference
implementation of :class:`BookingStore`; a database-backed store must pass the same
contract tests. The guarantees each method must give are stated in its docstring and in
``docs/dev/booking.md``.

Every service operation runs inside one :class:`UnitOfWork` (a transaction): either every
write in it becomes visible, or none does. Clocks come from ``tourlink.core.clock``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from tourlink.core.clock import Clock as Clock

from .allotments import Allotment
from .audit import AuditEntry
from .bookings import Booking
from .ledger import Allocation
from .packages import Package
from .products import Product
from .resources import CapacityKey, Resource
from .slots import Slot
from .waitlist import WaitlistEntry


@dataclass(frozen=True)
class IdempotencyRecord:
    """The remembered outcome of a request made with an idempotency key.

    ``scope`` separates callers (an API client, a reseller); ``fingerprint`` is a hash of
    the operation and its request body; ``result_id`` the booking or package created.
    """

    scope: str
    key: str
    fingerprint: str
    result_id: str
    created_at: datetime


class UnitOfWork(Protocol):
    """One atomic, isolated transaction over the booking state.

    Guarantees the store must give:

    * **Atomicity** – if the ``with`` block raises, none of its writes persist.
    * **Slot serialisation** – after :meth:`lock_slots`, no other transaction that locks
      any of the same slots runs its reads and writes interleaved with this one (e.g.
      ``SELECT ... FOR UPDATE`` on the slot rows, taken in sorted id order).
    * **Conditional allocation** – :meth:`allocate` never lets a key's usage exceed its
      capacity, even against concurrent transactions on other slots sharing the key.
    """

    def lock_slots(self, slot_ids: Sequence[str]) -> None:
        """Serialise with other transactions on these slots (sorted order, no deadlock)."""
        ...

    # --- reference data ------------------------------------------------------------------
    def get_resource(self, resource_id: str) -> Resource | None: ...
    def save_resource(self, resource: Resource) -> None: ...
    def get_product(self, product_id: str) -> Product | None: ...
    def save_product(self, product: Product) -> None: ...
    def get_slot(self, slot_id: str) -> Slot | None: ...
    def save_slot(self, slot: Slot) -> None: ...

    # --- bookings and friends ------------------------------------------------------------
    def get_booking(self, booking_id: str) -> Booking | None: ...
    def save_booking(self, booking: Booking) -> None:
        """Insert or replace a booking (by id)."""
        ...

    def save_booking_audited(self, booking: Booking, entry: AuditEntry) -> None:
        """:meth:`save_booking` then :meth:`record_audit` (one statement where the
        store can: the booking hot path writes both for every booking)."""
        ...

    def bookings_for_slot(self, slot_id: str) -> list[Booking]:
        """Every booking of a slot in any status, oldest first (ties in insertion order)."""
        ...

    def get_package(self, package_id: str) -> Package | None: ...
    def save_package(self, package: Package) -> None: ...
    def get_allotment(self, allotment_id: str) -> Allotment | None: ...
    def save_allotment(self, allotment: Allotment) -> None: ...
    def get_waitlist_entry(self, entry_id: str) -> WaitlistEntry | None: ...
    def save_waitlist_entry(self, entry: WaitlistEntry) -> None: ...
    def waitlist_for_slot(self, slot_id: str) -> list[WaitlistEntry]:
        """Every waiting-list entry of a slot in any status, in queue order."""
        ...

    # --- the capacity ledger -------------------------------------------------------------
    def usage(
        self, keys: Sequence[CapacityKey], now: datetime
    ) -> dict[CapacityKey, int]:
        """Live usage per key: the places of allocations with ``expires_at`` None or
        ``> now``. Keys never used map to 0."""
        ...

    def allocation(self, owner_id: str, now: datetime) -> Allocation | None:
        """The owner's allocation if it is live at ``now``, else None."""
        ...

    def allocate(self, allocation: Allocation, now: datetime) -> dict[CapacityKey, int]:
        """Add an allocation if, on every key, ``live usage + places <= capacity``.

        All or nothing: on success returns ``{}``; otherwise changes nothing and returns
        the keys that lacked room, each with its free places. Expired allocations on the
        keys are reclaimed first (lazily). The owner must not already hold a live
        allocation. This is the store's only way to take capacity and must be a
        conditional update (``UPDATE ... SET used = used + n WHERE used + n <= capacity``)
        or equivalent under row locks.
        """
        ...

    def release(self, owner_id: str) -> Allocation | None:
        """Remove the owner's allocation (live or expired) and return it; None if none."""
        ...

    def set_expiry(self, owner_id: str, expires_at: datetime | None) -> None:
        """Change the expiry of the owner's allocation (confirm: None; extend: later)."""
        ...

    # --- idempotency, audit, occupancy --------------------------------------------------
    def get_idempotency(self, scope: str, key: str) -> IdempotencyRecord | None: ...
    def save_idempotency(self, record: IdempotencyRecord) -> None:
        """Insert a record; raise :class:`ConcurrentUpdateError` if ``(scope, key)``
        exists (a unique index: a concurrent insert waits for the first to commit)."""
        ...

    def record_audit(self, entry: AuditEntry) -> None:
        """Append to the audit log (never updated or deleted)."""
        ...

    def audit_log(self, subject_id: str | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first, optionally for one subject."""
        ...

    def adjust_occupancy(self, resource_id: str, delta: int, limit: int) -> int | None:
        """Move the live occupancy counter by ``delta`` if the result stays within
        ``0..limit``; return the new value, or None (unchanged) if it would not. A
        conditional update like :meth:`allocate`."""
        ...

    def occupancy(self, resource_id: str) -> int:
        """The live occupancy counter of a resource (0 if never moved)."""
        ...


class BookingStore(Protocol):
    """Opens units of work over the booking state."""

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """A new transaction: commit when the ``with`` block ends, roll back if it raises."""
        ...


class SharedTransaction(Protocol):
    """One transaction that several operations run in, each in a step of its own.

    Used by group commit (:mod:`tourlink.booking.group_commit`): the bookings that arrive
    together share one ``COMMIT``, yet each succeeds or fails on its own.
    """

    def step(self) -> AbstractContextManager[UnitOfWork]:
        """A nested unit of work (a savepoint): its writes join the shared transaction
        when the block ends and are undone, alone, if it raises. Lost races inside it
        raise :class:`~tourlink.booking.ConcurrentUpdateError` like a unit of work."""
        ...


class GroupCommitStore(BookingStore, Protocol):
    """A store that can run several operations in one transaction (group commit)."""

    def shared_transaction(self) -> AbstractContextManager[SharedTransaction]:
        """A transaction for steps (:meth:`SharedTransaction.step`): committed when the block
        ends, rolled back (every step with it) if it raises or the commit fails."""
        ...


class OptimisticMiss(Exception):  # noqa: N818 - a signal, not an error to report
    """An optimistic unit of work could not finish the operation and wrote nothing:
    something it decided on changed, the operation needs more than it offers, or the
    database refused the write. The ordinary path then runs the operation afresh."""


class OptimisticBookings(Protocol):
    """A store's optimistic path for placing one new booking.

    Its unit of work reads reference data (slots, products, resources) without locks,
    possibly as remembered from earlier reads, and offers only what placing a booking
    needs. Its writes happen when the ``with`` block ends, in one step that first checks
    under the slot's lock that everything read is unchanged; if anything differs it
    raises :class:`OptimisticMiss` having written nothing. Any other operation on it
    raises :class:`OptimisticMiss` too.
    """

    def unit_of_work(self) -> AbstractContextManager[object]:
        """The unit of work (a :class:`UnitOfWork` for the operations it offers)."""
        ...


@dataclass(frozen=True)
class Notification:
    """A message to a visitor or operator, rendered at the edge from ``kind`` and
    ``context`` (the subject/body here are English fallbacks)."""

    kind: str
    recipient: str
    subject: str
    body: str
    language: str = "en"
    context: Mapping[str, str | int | None] = field(default_factory=dict)


class Notifier(Protocol):
    """Delivers notifications (e-mail, SMS, a log). Called after the transaction commits;
    a failure to notify never undoes a booking."""

    def notify(self, notification: Notification) -> None: ...
