"""Bookings of many slots in one PostgreSQL transaction, with set-based statements.

Group commit across slots (:mod:`tourlink.booking.group_commit`) hands a batch of
bookings and holds — on any slots — to :meth:`SqlBatch.run`, which runs, in the batch's
one transaction:

1. every slot of the batch locked and read in id order (``LOCK_AND_READ``), then their
   waiting lists in one statement (after the locks, as the lone path reads them);
2. each operation's unchanged service code on a :class:`DeferringUnitOfWork` that reads
   through the transaction and buffers the booking, audit entry and idempotency record;
   a first pass only collects the capacity keys the operations claim;
3. every touched counter locked in sorted key order by one upsert (a missing row is
   created empty), returning ``used``;
4. a second pass in arrival order: an operation's allocation is admitted if on every
   key ``used`` + the places admitted before it in the batch + its places fit the
   key's capacity; an operation that does not fit, or that needs anything else than a
   plain booking (a queue, an allotment, reclaiming expired holds, a key already used
   in the batch), **leaves** the batch and runs alone after the commit, through the
   ordinary path that gives its exact answer;
5. one guarded ``UPDATE … FROM unnest(…) … WHERE used + n <= capacity`` over the summed
   places of every admitted key — the database checks the condition under the row
   locks held since step 3; fewer rows than keys means the check of step 4 was wrong,
   and the whole batch is rolled back (every operation then runs alone);
6. multi-row inserts: allocations, claims, bookings with their audit entries (one
   statement) and idempotency records (a key inserted concurrently elsewhere fails the
   whole batch, whose operations then run alone and replay).

The caller commits when the block of ``SqlBookingStore.batch_transaction`` ends and
answers nobody before that. SQLite does not batch across slots (one writer at a time:
nothing to gain); it keeps the per-slot groups.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, LiteralString

from psycopg.types.json import Jsonb
from sqlalchemy.engine import Connection

from tourlink.booking import (
    Allocation,
    Allotment,
    AuditEntry,
    Booking,
    CapacityKey,
    ConcurrentUpdateError,
    IdempotencyRecord,
    Package,
    Product,
    Resource,
    Slot,
    WaitlistEntry,
)
from tourlink.booking.ports import BatchOutcome, UnitOfWork
from tourlink.booking.waitlist import queue_order

from .booking_codec import from_document, to_document
from .booking_pg import PgStatements
from .booking_store import SqlUnitOfWork

WAITLISTS: LiteralString = """
    SELECT slot_id, data FROM booking_waitlist
     WHERE slot_id = ANY(%s::varchar[]) ORDER BY slot_id, position
"""

LOCK_COUNTERS: LiteralString = """
    INSERT INTO booking_capacity_counters AS c (resource_id, period, capacity, used)
    SELECT r, p, cap, 0
      FROM unnest(%s::varchar[], %s::varchar[], %s::integer[])
           WITH ORDINALITY AS w(r, p, cap, n)
     ORDER BY n
    ON CONFLICT (resource_id, period) DO UPDATE SET used = c.used
    RETURNING c.resource_id, c.period, c.used
"""
"""Lock every key in the given (sorted) order, creating missing rows with nothing used;
``used`` as of the lock."""

TAKE: LiteralString = """
    UPDATE booking_capacity_counters c
       SET used = c.used + w.n, capacity = w.cap
      FROM unnest(%s::varchar[], %s::varchar[], %s::integer[], %s::integer[])
           AS w(r, p, n, cap)
     WHERE c.resource_id = w.r AND c.period = w.p AND c.used + w.n <= w.cap
    RETURNING 1
"""
"""The capacity guard over every admitted key at once (checked under each row's lock)."""

STORE_ALLOCATIONS: LiteralString = """
    WITH owners AS (
        INSERT INTO booking_allocations (owner_id, slot_id, expires_at)
        SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::timestamptz[])
        RETURNING 1
    )
    INSERT INTO booking_allocation_claims
           (owner_id, resource_id, period, places, capacity, expires_at)
    SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::integer[],
                         %s::integer[], %s::timestamptz[])
"""

SAVE_BOOKINGS_AUDITED: LiteralString = """
    WITH saved AS (
        INSERT INTO bookings (id, slot_id, status, created_at, data)
        SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[],
                             %s::timestamptz[], %s::jsonb[])
        RETURNING 1
    )
    INSERT INTO booking_audit (at, actor, action, subject_id, details)
    SELECT at, actor, action, subject_id, details
      FROM unnest(%s::timestamptz[], %s::varchar[], %s::varchar[], %s::varchar[],
                  %s::jsonb[]) WITH ORDINALITY AS w(at, actor, action, subject_id,
                                                    details, n)
     ORDER BY n
"""

SAVE_IDEMPOTENCY: LiteralString = """
    INSERT INTO booking_idempotency (scope, key, fingerprint, result_id, created_at)
    SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[],
                         %s::timestamptz[])
"""


class LeaveBatchError(Exception):
    """The operation needs more than a batch offers; it runs alone after the commit."""


class _Probe(Exception):  # noqa: N818 - a control-flow signal, not an error
    """First pass: the operation reached ``allocate`` with these claims."""

    def __init__(self, allocation: Allocation) -> None:
        super().__init__(allocation.owner_id)
        self.allocation = allocation


class _Writes:
    """What one operation would write (flushed only if it is admitted)."""

    def __init__(self) -> None:
        self.allocation: Allocation | None = None
        self.booking: tuple[Booking, AuditEntry] | None = None
        self.records: list[IdempotencyRecord] = []


class DeferringUnitOfWork:
    """A unit of work for one operation of a batch: reads go to the transaction, the
    booking's writes are buffered (see the module docstring)."""

    def __init__(self, batch: SqlBatch, *, probe: bool) -> None:
        self._batch = batch
        self._base = batch.reader
        self._probe = probe
        self.writes = _Writes()

    # --- reads (the transaction's own; nothing of the batch is written yet) ------------
    def lock_slots(self, slot_ids: Sequence[str]) -> None:
        if not set(slot_ids) <= self._batch.slots:
            raise LeaveBatchError("a slot outside the batch")

    def get_resource(self, resource_id: str) -> Resource | None:
        return self._base.get_resource(resource_id)

    def get_product(self, product_id: str) -> Product | None:
        return self._base.get_product(product_id)

    def get_slot(self, slot_id: str) -> Slot | None:
        return self._base.get_slot(slot_id)

    def get_booking(self, booking_id: str) -> Booking | None:
        return self._base.get_booking(booking_id)

    def bookings_for_slot(self, slot_id: str) -> list[Booking]:
        return self._base.bookings_for_slot(slot_id)

    def get_package(self, package_id: str) -> Package | None:
        return self._base.get_package(package_id)

    def get_allotment(self, allotment_id: str) -> Allotment | None:
        return self._base.get_allotment(allotment_id)

    def get_waitlist_entry(self, entry_id: str) -> WaitlistEntry | None:
        return self._base.get_waitlist_entry(entry_id)

    def waitlist_for_slot(self, slot_id: str) -> list[WaitlistEntry]:
        if slot_id not in self._batch.waitlists:
            raise LeaveBatchError("a waiting list outside the batch")
        return list(self._batch.waitlists[slot_id])

    def usage(
        self,
        keys: Sequence[CapacityKey],  # noqa: ARG002 - the port's signature
        now: datetime,  # noqa: ARG002
    ) -> dict[CapacityKey, int]:
        raise LeaveBatchError("usage is read only when a queue is served")

    def allocation(self, owner_id: str, now: datetime) -> Allocation | None:
        return self._base.allocation(owner_id, now)

    def get_idempotency(self, scope: str, key: str) -> IdempotencyRecord | None:
        return self._base.get_idempotency(scope, key)

    def audit_log(self, subject_id: str | None = None) -> list[AuditEntry]:
        return self._base.audit_log(subject_id)

    def occupancy(self, resource_id: str) -> int:
        return self._base.occupancy(resource_id)

    # --- the writes a plain booking makes: buffered --------------------------------------
    def allocate(
        self,
        allocation: Allocation,
        now: datetime,  # noqa: ARG002 - expired holds are reclaimed only alone
    ) -> dict[CapacityKey, int]:
        if self.writes.allocation is not None:
            raise LeaveBatchError("a second allocation")
        if self._probe:
            raise _Probe(allocation)
        self._batch.admit(allocation)  # or LeaveBatchError: it runs alone
        self.writes.allocation = allocation
        return {}

    def save_booking_audited(self, booking: Booking, entry: AuditEntry) -> None:
        if self.writes.booking is not None:
            raise LeaveBatchError("a second booking write")
        self.writes.booking = (booking, entry)

    def save_idempotency(self, record: IdempotencyRecord) -> None:
        self.writes.records.append(record)

    # --- anything else: not a plain booking, so not batched ------------------------------
    def _leave(self, *_args: object) -> Any:
        raise LeaveBatchError("an operation the batch does not write")

    save_resource = save_product = save_slot = save_booking = _leave
    save_package = save_allotment = save_waitlist_entry = record_audit = _leave
    release = set_expiry = adjust_occupancy = _leave


class SqlBatch:
    """One batch transaction on PostgreSQL (see the module docstring).

    Parameters
    ----------
    connection
        A SQLAlchemy connection to PostgreSQL inside the batch's transaction.
    """

    def __init__(self, connection: Connection) -> None:
        self._pg = PgStatements(connection)
        self.reader = SqlUnitOfWork(connection, postgres=True, unsafe=False)
        self.slots: set[str] = set()
        self.waitlists: dict[str, list[WaitlistEntry]] = {}
        self._used: dict[CapacityKey, int] = {}
        self._taken: dict[CapacityKey, int] = {}
        self._capacity: dict[CapacityKey, int] = {}
        self._keys_in_batch: set[tuple[str, str]] = set()

    def run(
        self, operations: Sequence[tuple[str, Callable[[UnitOfWork], object]]]
    ) -> list[BatchOutcome]:
        """One outcome per ``(slot id, operation)``, in order; the batch's rows are
        written (not yet committed) when this returns."""
        self._lock_slots(sorted({slot for slot, _ in operations}))
        claimed: dict[CapacityKey, int] = {}
        for _slot, operation in operations:  # first pass: which keys?
            try:
                operation(DeferringUnitOfWork(self, probe=True))
            except _Probe as probe:
                for claim in probe.allocation.claims:
                    claimed.setdefault(claim.key, claim.capacity)
            except Exception:  # decided again in the second pass
                continue
        self._lock_counters(claimed)
        outcomes: list[BatchOutcome] = []
        admitted: list[_Writes] = []
        for _slot, operation in operations:  # second pass, in arrival order
            tx = DeferringUnitOfWork(self, probe=False)
            try:
                result = operation(tx)
                self._claim_keys(tx.writes)
            except (LeaveBatchError, ConcurrentUpdateError):
                self._give_back(tx.writes)
                outcomes.append(BatchOutcome(alone=True))
                continue
            except Exception as error:  # its own refusal; nothing of it is written
                self._give_back(tx.writes)
                outcomes.append(BatchOutcome(error=error))
                continue
            admitted.append(tx.writes)
            outcomes.append(BatchOutcome(result=result))
        self._write(admitted)
        return outcomes

    # --- reads under the locks -------------------------------------------------------------
    def _lock_slots(self, slot_ids: list[str]) -> None:
        self.reader.lock_slots(slot_ids)
        self.slots = set(slot_ids)
        found: dict[str, list[WaitlistEntry]] = {slot: [] for slot in slot_ids}
        for slot_id, data in self._pg.execute(WAITLISTS, (slot_ids,)):
            found[slot_id].append(from_document(WaitlistEntry, data))
        self.waitlists = {slot: queue_order(e) for slot, e in found.items()}

    def _lock_counters(self, claimed: dict[CapacityKey, int]) -> None:
        keys = sorted(claimed)
        if not keys:
            return
        rows = self._pg.execute(
            LOCK_COUNTERS,
            (
                [k.resource_id for k in keys],
                [k.period for k in keys],
                [claimed[k] for k in keys],
            ),
        )
        self._used = {CapacityKey(r, p): used for r, p, used in rows}

    # --- the per-operation check -------------------------------------------------------------
    def admit(self, allocation: Allocation) -> None:
        """Count ``allocation`` against the locked counters and the places the batch
        already admitted, or raise :class:`LeaveBatchError` (it runs alone)."""
        claims = allocation.claims
        if not claims or len({c.key for c in claims}) != len(claims):
            raise LeaveBatchError("claims the batch does not take")
        for claim in claims:
            used = self._used.get(claim.key)
            if used is None or not 0 < claim.places <= claim.capacity:
                raise LeaveBatchError("a key the batch did not lock")
            if used + self._taken.get(claim.key, 0) + claim.places > claim.capacity:
                raise LeaveBatchError("short of places: the key-by-key path decides")
        for claim in claims:
            self._taken[claim.key] = self._taken.get(claim.key, 0) + claim.places
            known = self._capacity.get(claim.key, claim.capacity)
            self._capacity[claim.key] = min(known, claim.capacity)

    def _give_back(self, writes: _Writes) -> None:
        if writes.allocation is None:
            return
        for claim in writes.allocation.claims:
            self._taken[claim.key] -= claim.places
        writes.allocation = None

    def _claim_keys(self, writes: _Writes) -> None:
        """Idempotency keys already used in this batch make the later operation go
        alone (after the commit it replays the stored result)."""
        keys = {(r.scope, r.key) for r in writes.records}
        if keys & self._keys_in_batch or len(keys) != len(writes.records):
            raise ConcurrentUpdateError("idempotency key used twice in one batch")
        partial = writes.allocation is None or writes.booking is None
        if partial and (writes.allocation is not None or writes.records):
            raise LeaveBatchError("a write without its booking")
        self._keys_in_batch |= keys

    # --- the set-based writes ------------------------------------------------------------------
    def _write(self, admitted: list[_Writes]) -> None:
        taken = sorted(k for k, n in self._taken.items() if n > 0)
        if taken:
            rows = self._pg.execute(
                TAKE,
                (
                    [k.resource_id for k in taken],
                    [k.period for k in taken],
                    [self._taken[k] for k in taken],
                    [self._capacity[k] for k in taken],
                ),
            )
            if len(rows) != len(taken):
                raise RuntimeError(
                    "the capacity guard refused a batch the check admitted; "
                    "every operation runs alone"
                )
        allocations = [w.allocation for w in admitted if w.allocation is not None]
        if allocations:
            claims = [(a, c) for a in allocations for c in sorted(a.claims)]
            self._pg.execute(
                STORE_ALLOCATIONS,
                (
                    [a.owner_id for a in allocations],
                    [a.slot_id for a in allocations],
                    [a.expires_at for a in allocations],
                    [a.owner_id for a, _ in claims],
                    [c.key.resource_id for _, c in claims],
                    [c.key.period for _, c in claims],
                    [c.places for _, c in claims],
                    [c.capacity for _, c in claims],
                    [a.expires_at for a, _ in claims],
                ),
            )
        saved = [w.booking for w in admitted if w.booking is not None]
        if saved:
            self._pg.execute(
                SAVE_BOOKINGS_AUDITED,
                (
                    [b.id for b, _ in saved],
                    [b.slot_id for b, _ in saved],
                    [b.status.value for b, _ in saved],
                    [b.created_at for b, _ in saved],
                    [Jsonb(to_document(b)) for b, _ in saved],
                    [e.at for _, e in saved],
                    [e.actor for _, e in saved],
                    [e.action for _, e in saved],
                    [e.subject_id for _, e in saved],
                    [Jsonb(dict(e.details)) for _, e in saved],
                ),
            )
        records = [r for w in admitted for r in w.records]
        if records:
            self._pg.execute(
                SAVE_IDEMPOTENCY,
                (
                    [r.scope for r in records],
                    [r.key for r in records],
                    [r.fingerprint for r in records],
                    [r.result_id for r in records],
                    [r.created_at for r in records],
                ),
            )
