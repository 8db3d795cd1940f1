"""``SqlBookingStore``: the booking engine's store port on PostgreSQL and SQLite.

One :meth:`SqlBookingStore.unit_of_work` is one database transaction (``BEGIN IMMEDIATE``
on SQLite, READ COMMITTED on PostgreSQL). Slots are serialised with ``SELECT … FOR UPDATE``
in id order on PostgreSQL (SQLite has one writer at a time anyway); capacity is taken by the
conditional counter update in :mod:`.booking_ledger`; idempotency records go in under the
primary key ``(scope, key)`` in the booking's own transaction. Lost races — a duplicate
idempotency key, a deadlock, a serialisation failure, a busy SQLite — surface as
:class:`~tourlink.booking.ConcurrentUpdateError`, which the service retries.

Durability: a booking is acknowledged only after its transaction commits. PostgreSQL
commits with ``fsync`` (``synchronous_commit`` at its default ``on``); SQLite connections
used by this store run ``synchronous = FULL`` in WAL mode, so a commit survives power loss.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Table, event, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from tourlink.booking import (
    Allocation,
    Allotment,
    AuditEntry,
    Booking,
    CapacityKey,
    ConcurrentUpdateError,
    IdempotencyRecord,
    LedgerSnapshot,
    Package,
    Product,
    Resource,
    Slot,
    WaitlistEntry,
)
from tourlink.booking.waitlist import queue_order

from . import booking_ledger as ledger
from .booking_codec import from_document, from_document_memo, to_document
from .booking_one_call import OneCallBookings
from .booking_pg import DOCUMENT, PgStatements
from .booking_tables import (
    BookingAllotmentRow,
    BookingAuditRow,
    BookingPackageRow,
    BookingProductRow,
    BookingResourceRow,
    BookingRow,
    BookingSlotRow,
    BookingWaitlistRow,
    IdempotencyRow,
    OccupancyRow,
)
from .database import Database

T = TypeVar("T")

Resources: Table = BookingResourceRow.__table__  # type: ignore[assignment]
Products: Table = BookingProductRow.__table__  # type: ignore[assignment]
Slots: Table = BookingSlotRow.__table__  # type: ignore[assignment]
Bookings: Table = BookingRow.__table__  # type: ignore[assignment]
Packages: Table = BookingPackageRow.__table__  # type: ignore[assignment]
Allotments: Table = BookingAllotmentRow.__table__  # type: ignore[assignment]
Waitlist: Table = BookingWaitlistRow.__table__  # type: ignore[assignment]
Idempotency: Table = IdempotencyRow.__table__  # type: ignore[assignment]
Audit: Table = BookingAuditRow.__table__  # type: ignore[assignment]
Occupancy: Table = OccupancyRow.__table__  # type: ignore[assignment]

_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}
"""Serialisation failure, deadlock, lock not available: the service retries these."""


def _retryable(error: DBAPIError) -> bool:
    state = getattr(error.orig, "sqlstate", None)
    if state in _RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


class SqlUnitOfWork:
    """One booking transaction (see :class:`tourlink.booking.ports.UnitOfWork`)."""

    def __init__(self, session: Connection, *, postgres: bool, unsafe: bool) -> None:
        self._s = session
        self._postgres = postgres
        self._unsafe = unsafe
        # PostgreSQL: the hot path's statements go to the driver (see ``booking_pg``).
        self._pg = PgStatements(session) if postgres else None
        # Reads remembered for the rest of this transaction (see ``lock_slots``): the
        # rows of locked slots, their products and resources as read while locking, and
        # the waiting lists of slots this transaction holds locked. Saving through this
        # unit of work updates or forgets them.
        self._locked: set[str] = set()
        self._slots: dict[str, Slot | None] = {}
        self._products: dict[str, Product | None] = {}
        self._resources: dict[str, Resource] = {}
        self._waitlists: dict[str, list[WaitlistEntry]] = {}

    # --- helpers -----------------------------------------------------------------------
    def _upsert(self, table: Table, keys: Sequence[str], **values: Any) -> None:
        stmt = ledger.dialect_insert(self._s)(table).values(**values)
        changed = {k: v for k, v in values.items() if k not in keys}
        self._s.execute(stmt.on_conflict_do_update(index_elements=keys, set_=changed))

    def _document(self, table: Table, cls: type[T], row_id: str) -> T | None:
        if self._pg is not None and table.name in DOCUMENT:
            data = self._pg.document(table.name, row_id)
            return None if data is None else from_document(cls, data)
        data = self._s.scalar(select(table.c.data).where(table.c.id == row_id))
        return None if data is None else from_document(cls, data)

    def lock_slots(self, slot_ids: Sequence[str]) -> None:
        """Lock the slots' rows in id order (PostgreSQL); SQLite writers are serial.

        On PostgreSQL the same statement reads each slot's document, its product and the
        resources the product's units use, so that the booking that follows needs no
        further round trip for reference data: the slot row is locked (nobody else can
        change it before this transaction ends) and the product and resources are read
        in this transaction exactly as a later ``SELECT`` would have read them.
        """
        if self._pg is None or self._unsafe or not slot_ids:
            if not self._postgres:  # one writer at a time: nothing changes under us
                self._locked.update(slot_ids)
            return
        rows = self._pg.lock_and_read(sorted(set(slot_ids)))
        for slot_id, slot, product_id, product, resources in rows:
            self._locked.add(slot_id)
            self._slots[slot_id] = from_document_memo(Slot, slot_id, slot)
            self._products[product_id] = (
                None
                if product is None
                else from_document_memo(Product, product_id, product)
            )
            for resource_id, data in (resources or {}).items():
                self._resources[resource_id] = from_document_memo(
                    Resource, resource_id, data
                )

    # --- reference data ----------------------------------------------------------------
    def get_resource(self, resource_id: str) -> Resource | None:
        found = self._resources.get(resource_id)
        if found is not None:
            return found
        return self._document(Resources, Resource, resource_id)

    def save_resource(self, resource: Resource) -> None:
        self._resources.pop(resource.id, None)
        self._upsert(Resources, ["id"], id=resource.id, data=to_document(resource))

    def get_product(self, product_id: str) -> Product | None:
        if product_id in self._products:
            return self._products[product_id]
        return self._document(Products, Product, product_id)

    def save_product(self, product: Product) -> None:
        self._products.pop(product.id, None)
        self._upsert(
            Products,
            ["id"],
            id=product.id,
            experience_id=product.experience_id,
            data=to_document(product),
        )

    def get_slot(self, slot_id: str) -> Slot | None:
        if slot_id in self._slots:
            return self._slots[slot_id]
        return self._document(Slots, Slot, slot_id)

    def save_slot(self, slot: Slot) -> None:
        self._slots.pop(slot.id, None)
        self._upsert(
            Slots,
            ["id"],
            id=slot.id,
            product_id=slot.product_id,
            start=slot.start,
            data=to_document(slot),
        )

    # --- bookings and friends ----------------------------------------------------------
    def get_booking(self, booking_id: str) -> Booking | None:
        return self._document(Bookings, Booking, booking_id)

    def save_booking(self, booking: Booking) -> None:
        if self._pg is not None:
            self._pg.save_booking(
                booking.id,
                booking.slot_id,
                booking.status.value,
                booking.created_at,
                to_document(booking),
            )
            return
        self._upsert(
            Bookings,
            ["id"],
            id=booking.id,
            slot_id=booking.slot_id,
            status=booking.status.value,
            created_at=booking.created_at,
            data=to_document(booking),
        )

    def save_booking_audited(self, booking: Booking, entry: AuditEntry) -> None:
        if self._pg is None:
            self.save_booking(booking)
            self.record_audit(entry)
            return
        self._pg.save_booking_audited(
            (
                booking.id,
                booking.slot_id,
                booking.status.value,
                booking.created_at,
                to_document(booking),
            ),
            (
                entry.at,
                entry.actor,
                entry.action,
                entry.subject_id,
                dict(entry.details),
            ),
        )

    def bookings_for_slot(self, slot_id: str) -> list[Booking]:
        rows = self._s.scalars(
            select(Bookings.c.data)
            .where(Bookings.c.slot_id == slot_id)
            .order_by(Bookings.c.created_at, Bookings.c.seq)
        )
        return [from_document(Booking, data) for data in rows]

    def get_package(self, package_id: str) -> Package | None:
        return self._document(Packages, Package, package_id)

    def save_package(self, package: Package) -> None:
        self._upsert(Packages, ["id"], id=package.id, data=to_document(package))

    def get_allotment(self, allotment_id: str) -> Allotment | None:
        return self._document(Allotments, Allotment, allotment_id)

    def save_allotment(self, allotment: Allotment) -> None:
        self._upsert(
            Allotments,
            ["id"],
            id=allotment.id,
            slot_id=allotment.slot_id,
            data=to_document(allotment),
        )

    def get_waitlist_entry(self, entry_id: str) -> WaitlistEntry | None:
        return self._document(Waitlist, WaitlistEntry, entry_id)

    def save_waitlist_entry(self, entry: WaitlistEntry) -> None:
        self._waitlists.clear()
        self._upsert(
            Waitlist,
            ["id"],
            id=entry.id,
            slot_id=entry.slot_id,
            position=entry.position,
            data=to_document(entry),
        )

    def waitlist_for_slot(self, slot_id: str) -> list[WaitlistEntry]:
        known = self._waitlists.get(slot_id)
        if known is not None:
            return list(known)
        rows = (
            self._pg.waitlist(slot_id)
            if self._pg is not None
            else self._s.scalars(
                select(Waitlist.c.data)
                .where(Waitlist.c.slot_id == slot_id)
                .order_by(Waitlist.c.position)
            )
        )
        entries = queue_order(from_document(WaitlistEntry, data) for data in rows)
        if slot_id in self._locked:  # entries of a locked slot change only through us
            self._waitlists[slot_id] = entries
        return list(entries)

    # --- the capacity ledger -----------------------------------------------------------
    def usage(
        self, keys: Sequence[CapacityKey], now: datetime
    ) -> dict[CapacityKey, int]:
        return ledger.usage(self._s, keys, now)

    def allocation(self, owner_id: str, now: datetime) -> Allocation | None:
        return ledger.allocation(self._s, owner_id, now)

    def allocate(self, allocation: Allocation, now: datetime) -> dict[CapacityKey, int]:
        return ledger.allocate(
            self._s,
            allocation,
            now,
            unsafe=self._unsafe,
            take_and_store=None if self._pg is None else self._pg.take_and_store,
        )

    def release(self, owner_id: str) -> Allocation | None:
        return ledger.release(self._s, owner_id)

    def set_expiry(self, owner_id: str, expires_at: datetime | None) -> None:
        ledger.set_expiry(self._s, owner_id, expires_at)

    # --- idempotency, audit, occupancy -------------------------------------------------
    def get_idempotency(self, scope: str, key: str) -> IdempotencyRecord | None:
        if self._pg is not None:
            found = self._pg.get_idempotency(scope, key)
            return None if found is None else IdempotencyRecord(scope, key, *found)
        row = self._s.execute(
            select(Idempotency).where(
                Idempotency.c.scope == scope, Idempotency.c.key == key
            )
        ).first()
        if row is None:
            return None
        return IdempotencyRecord(
            row.scope, row.key, row.fingerprint, row.result_id, row.created_at
        )

    def save_idempotency(self, record: IdempotencyRecord) -> None:
        try:
            if self._pg is not None:
                self._pg.save_idempotency(
                    record.scope,
                    record.key,
                    record.fingerprint,
                    record.result_id,
                    record.created_at,
                )
                return
            self._s.execute(
                Idempotency.insert().values(
                    scope=record.scope,
                    key=record.key,
                    fingerprint=record.fingerprint,
                    result_id=record.result_id,
                    created_at=record.created_at,
                )
            )
        except IntegrityError:
            raise ConcurrentUpdateError(
                f"idempotency key {record.key!r} was stored concurrently; retry"
            ) from None

    def record_audit(self, entry: AuditEntry) -> None:
        if self._pg is not None:
            self._pg.record_audit(
                entry.at,
                entry.actor,
                entry.action,
                entry.subject_id,
                dict(entry.details),
            )
            return
        self._s.execute(
            Audit.insert().values(
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                subject_id=entry.subject_id,
                details=dict(entry.details),
            )
        )

    def audit_log(self, subject_id: str | None = None) -> list[AuditEntry]:
        stmt = select(Audit).order_by(Audit.c.seq)
        if subject_id is not None:
            stmt = stmt.where(Audit.c.subject_id == subject_id)
        return [
            AuditEntry(r.at, r.actor, r.action, r.subject_id, dict(r.details))
            for r in self._s.execute(stmt)
        ]

    def adjust_occupancy(self, resource_id: str, delta: int, limit: int) -> int | None:
        insert = ledger.dialect_insert(self._s)(Occupancy).values(
            resource_id=resource_id, value=0
        )
        self._s.execute(insert.on_conflict_do_nothing())
        new = Occupancy.c.value + delta
        value = self._s.scalar(
            update(Occupancy)
            .where(Occupancy.c.resource_id == resource_id, new >= 0, new <= limit)
            .values(value=new)
            .returning(Occupancy.c.value)
        )
        return None if value is None else int(value)

    def occupancy(self, resource_id: str) -> int:
        value = self._s.scalar(
            select(Occupancy.c.value).where(Occupancy.c.resource_id == resource_id)
        )
        return int(value or 0)


class SqlSharedTransaction:
    """A transaction shared by several operations, each in a savepoint of its own (see
    :class:`tourlink.booking.ports.SharedTransaction`).

    Every step gets a fresh :class:`SqlUnitOfWork`, so nothing one step read or wrote is
    remembered into the next (a step that is rolled back leaves no stale reads behind).
    Slots a step locks stay locked by the shared transaction until it ends.
    """

    def __init__(self, connection: Connection, *, postgres: bool, unsafe: bool) -> None:
        self._c = connection
        self._postgres = postgres
        self._unsafe = unsafe

    @contextmanager
    def step(self) -> Iterator[SqlUnitOfWork]:
        """A savepoint: released when the block ends, rolled back alone if it raises."""
        savepoint = self._c.begin_nested()
        try:
            yield SqlUnitOfWork(self._c, postgres=self._postgres, unsafe=self._unsafe)
        except DBAPIError as error:
            savepoint.rollback()
            if _retryable(error):
                raise ConcurrentUpdateError(
                    "the booking lost a race with another transaction; retry"
                ) from error
            raise
        except BaseException:
            savepoint.rollback()
            raise
        savepoint.commit()


def _full_sync_on_checkout(dbapi_connection: Any, *_args: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


class SqlBookingStore:
    """A :class:`tourlink.booking.BookingStore` over SQLAlchemy (PostgreSQL or SQLite).

    Parameters
    ----------
    database
        The database, migrated to head. On SQLite its connections are switched to
        ``synchronous = FULL`` so that every acknowledged booking is on disk.
    """

    def __init__(self, database: Database) -> None:
        self._db = database
        self._postgres = database.dialect == "postgresql"
        self._unsafe = ledger.unsafe_guard_enabled()
        self.one_call: OneCallBookings | None = (
            OneCallBookings(database) if self._postgres and not self._unsafe else None
        )
        """New bookings in one round trip (PostgreSQL; not with the guard off)."""
        engine = database.engine
        if not self._postgres and not event.contains(
            engine, "checkout", _full_sync_on_checkout
        ):
            event.listen(engine, "checkout", _full_sync_on_checkout)

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlUnitOfWork]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        try:
            # The store uses Core only (and the driver, see ``booking_pg``): a plain
            # connection, no ORM session around it.
            with self._db.write_connection() as connection:
                yield SqlUnitOfWork(
                    connection, postgres=self._postgres, unsafe=self._unsafe
                )
        except DBAPIError as error:
            if _retryable(error):
                raise ConcurrentUpdateError(
                    "the booking lost a race with another transaction; retry"
                ) from error
            raise

    @contextmanager
    def shared_transaction(self) -> Iterator[SqlSharedTransaction]:
        """One transaction for several steps (group commit): committed when the block
        ends, rolled back with every step if it raises or the commit fails."""
        try:
            with self._db.write_connection() as connection:
                yield SqlSharedTransaction(
                    connection, postgres=self._postgres, unsafe=self._unsafe
                )
        except DBAPIError as error:
            if _retryable(error):
                raise ConcurrentUpdateError(
                    "the shared booking transaction lost a race; retry"
                ) from error
            raise

    def snapshot(self) -> LedgerSnapshot:
        """The capacity ledger, for :func:`tourlink.booking.reconcile`: counters, claim
        rows and allocations read in one snapshot (REPEATABLE READ on PostgreSQL; a
        SQLite read transaction is one already), so that bookings committed meanwhile
        cannot show up as a mismatch."""
        options = {"isolation_level": "REPEATABLE READ"} if self._postgres else {}
        with self._db.read() as session:
            return ledger.snapshot(session.connection(execution_options=options))

    def all_bookings(self) -> list[Booking]:
        """Every booking, oldest first (reports and tests; a full read)."""
        with self._db.read() as session:
            rows = session.scalars(
                select(Bookings.c.data).order_by(Bookings.c.created_at, Bookings.c.id)
            )
            return [from_document(Booking, data) for data in rows]
