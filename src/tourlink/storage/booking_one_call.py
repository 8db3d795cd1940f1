"""A new booking on PostgreSQL in one round trip: decide on remembered reference data,
write through ``tourlink_place_booking`` which checks that data under the slot's lock.

The ordinary path spends six round trips on a booking (``BEGIN``; lock the slot and read
it with its product and resources; read the waiting list; take capacity and store the
allocation; store the booking and its audit entry; ``COMMIT``), and measured on the
benchmark's machine both sides pay for each: PostgreSQL spent 1.8 ms of CPU per booking,
four times a bare pgbench transaction, and half of that went on the round trips
themselves. Here the booking is one statement in its own implicit transaction:

1. the slot, its product and its resources come from a per-process memo of documents,
   each remembered with its row's ``xmin`` (the transaction that last wrote it); a
   document not in the memo is read (without a lock) and remembered;
2. the booking service decides the booking on them exactly as on the ordinary path (same
   code, same errors) and hands its writes to this unit of work;
3. :meth:`OneCallUnitOfWork.commit` calls ``tourlink_place_booking`` (migration 0005),
   which locks the slot, checks every ``xmin``, the empty waiting list and room on every
   capacity key, and only then writes. Otherwise it writes nothing and says why.

What the service decides is therefore never decided on a stale memo: a changed slot,
product or resource (closed, re-priced, re-sized) makes the call answer ``stale`` (the
memo forgets those documents) and the ordinary path runs, as it does for a waiting list,
a key short of room (expired holds to reclaim, or sold out: the ordinary path gives the
precise answer) and anything this unit of work does not offer (allotments, idempotency
keys). A lost connection is not a miss: whether the call committed is unknown, so the
error goes to the caller as on the ordinary path's ``COMMIT``, never a second attempt.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, LiteralString, TypeVar, cast

import orjson
import psycopg
from psycopg import pq

from tourlink.booking import (
    Allocation,
    AuditEntry,
    Booking,
    CapacityKey,
    Product,
    Resource,
    Slot,
    WaitlistEntry,
)
from tourlink.booking.ports import OptimisticMiss, UnitOfWork

from .booking_codec import from_document, to_document
from .booking_ledger import claims_document
from .booking_pg import PRODUCT_RESOURCE_IDS, translate
from .database import Database

T = TypeVar("T")

SHORT_OF_ROOM = b"TL001"
"""The SQLSTATE of ``tourlink_place_booking`` for a key short of room (nothing written;
migration 0009)."""

UNIT_OF_WORK_OPERATIONS = frozenset(
    name for name in vars(UnitOfWork) if not name.startswith("_")
)
"""The operations of the booking unit of work; those the one-call path does not offer
are misses (the ordinary path's)."""

READ_SLOT: LiteralString = (
    """
    SELECT s.data, s.xmin::text, s.product_id, p.data, p.xmin::text,
           (SELECT jsonb_object_agg(r.id, jsonb_build_array(r.data, r.xmin::text))
              FROM booking_resources r
             WHERE r.id IN ("""
    + PRODUCT_RESOURCE_IDS
    + """))
      FROM booking_slots s
      LEFT JOIN booking_products p ON p.id = s.product_id
     WHERE s.id = %s
"""
)
"""A slot with its product and the resources the product's units use, each with its
row's ``xmin``, in one snapshot (no lock: the write checks them under the slot's)."""

READ_ONE: dict[str, LiteralString] = {
    "booking_products": "SELECT data, xmin::text FROM booking_products WHERE id = %s",
    "booking_resources": "SELECT data, xmin::text FROM booking_resources WHERE id = %s",
}

PLACE: LiteralString = """
    SELECT tourlink_place_booking(
        $1::varchar, $2::text, $3::varchar, $4::text, $5::jsonb, $6::jsonb,
        $7::varchar, $8::timestamptz, $9::varchar, $10::timestamptz, $11::jsonb,
        $12::timestamptz, $13::varchar, $14::varchar, $15::jsonb)
"""
"""The call, prepared once per connection under :data:`PLACE_NAME` and executed on the
driver's libpq connection (see :meth:`OneCallUnitOfWork.commit`)."""

PLACE_NAME = b"tourlink_place_booking"
"""The prepared statement's name (psycopg names its own ``_pg3_*``)."""

PLACE_ARGUMENTS = 15
"""The function's parameters (``tourlink_place_bookings`` takes each as an array)."""

MEMO_MAX = 20_000
"""Most documents remembered per kind; beyond it the kind's memo starts afresh."""

MEMO_SECONDS = 300.0
"""How long a remembered document is used before it is read again. The check does not
need it (a changed row has a new ``xmin``); it bounds how long an entry lives, so that
an ``xmin`` can never come round again (that takes 2^32 transactions) within it."""


class DocumentMemo:
    """Slots, products and resources as last read, with their rows' ``xmin``; shared
    by the threads of a process (single dictionary operations only).

    Parameters
    ----------
    clock
        Monotonic seconds (:func:`time.monotonic`; a test may pass its own).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.slots: dict[str, tuple[tuple[Slot, str, str], float]] = {}
        """slot id → ((slot, xmin, product id), when read)"""
        self.products: dict[str, tuple[tuple[Product, str], float]] = {}
        self.resources: dict[str, tuple[tuple[Resource, str], float]] = {}
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, memo: dict[str, tuple[T, float]], key: str) -> T | None:
        """The remembered value, or ``None`` if absent or older than MEMO_SECONDS."""
        found = memo.get(key)
        if found is None or self._clock() - found[1] > MEMO_SECONDS:
            return None
        return found[0]

    def remember(self, memo: dict[str, tuple[T, float]], key: str, value: T) -> None:
        with self._lock:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            memo[key] = (value, self._clock())

    def forget(
        self, slot_id: str, product_id: str | None, resource_ids: Sequence[str]
    ) -> None:
        with self._lock:
            self.slots.pop(slot_id, None)
            if product_id is not None:
                self.products.pop(product_id, None)
            for resource_id in resource_ids:
                self.resources.pop(resource_id, None)


class OneCallUnitOfWork:
    """The unit of work of one new booking (see the module); nothing is written before
    :meth:`commit`. Operations other than those of placing a booking raise
    :class:`~tourlink.booking.ports.OptimisticMiss`."""

    def __init__(
        self,
        driver: _Driver,
        memo: DocumentMemo,
        prepared: weakref.WeakSet[psycopg.Connection[Any]] | None = None,
    ) -> None:
        self._driver = driver
        self._memo = memo
        self._prepared: weakref.WeakSet[psycopg.Connection[Any]] = (
            weakref.WeakSet() if prepared is None else prepared
        )
        self._slots: dict[str, str] = {}  # slot id → xmin, as decided on
        self._products: dict[str, str] = {}
        self._resources: dict[str, str] = {}
        self._allocation: Allocation | None = None
        self._booking: tuple[Booking, AuditEntry] | None = None
        self.outcome: str | None = None
        """What the call answered (``ok``, ``stale``, ``queue``, ``short``), for tests."""

    # --- reads ---------------------------------------------------------------------------
    def _fetch(self, sql: LiteralString, key: str) -> tuple[Any, ...] | None:
        return self._driver.fetch(sql, key)

    def _read_slot(self, slot_id: str) -> tuple[Slot, str, str] | None:
        row = self._fetch(READ_SLOT, slot_id)
        if row is None:
            return None
        slot_data, slot_xmin, product_id, product_data, product_xmin, resources = row
        memo = self._memo
        found = (from_document(Slot, slot_data), slot_xmin, product_id)
        memo.remember(memo.slots, slot_id, found)
        if product_data is not None:
            product = from_document(Product, product_data)
            memo.remember(memo.products, product_id, (product, product_xmin))
        for resource_id, (data, xmin) in (resources or {}).items():
            resource = from_document(Resource, data)
            memo.remember(memo.resources, resource_id, (resource, xmin))
        return found

    def lock_slots(self, slot_ids: Sequence[str]) -> None:
        """Nothing to do now: the call locks the slot."""

    def get_slot(self, slot_id: str) -> Slot | None:
        memo = self._memo
        found = memo.get(memo.slots, slot_id) or self._read_slot(slot_id)
        if found is None:
            return None
        slot, xmin, _product_id = found
        self._slots[slot_id] = xmin
        return slot

    def get_product(self, product_id: str) -> Product | None:
        return self._reference(
            "booking_products", Product, self._memo.products, product_id, self._products
        )

    def get_resource(self, resource_id: str) -> Resource | None:
        return self._reference(
            "booking_resources",
            Resource,
            self._memo.resources,
            resource_id,
            self._resources,
        )

    def _reference(
        self,
        table: str,
        cls: type[T],
        memo: dict[str, tuple[tuple[T, str], float]],
        row_id: str,
        decided_on: dict[str, str],
    ) -> T | None:
        """A product or resource from the memo, or read and remembered; its ``xmin`` is
        noted in ``decided_on`` for the call to check."""
        found = self._memo.get(memo, row_id)
        if found is None:
            row = self._fetch(READ_ONE[table], row_id)
            if row is None:
                return None
            found = (from_document(cls, row[0]), row[1])
            self._memo.remember(memo, row_id, found)
        value, xmin = found
        decided_on[row_id] = xmin
        return value

    def waitlist_for_slot(self, slot_id: str) -> list[WaitlistEntry]:  # noqa: ARG002
        """Empty: the call checks that it is, and sends a queue to the ordinary path."""
        return []

    # --- writes --------------------------------------------------------------------------
    def allocate(
        self,
        allocation: Allocation,
        now: datetime,  # noqa: ARG002 - expired holds are the ordinary path's
    ) -> dict[CapacityKey, int]:
        """Remember the allocation; the call takes it or writes nothing."""
        if self._allocation is not None or not allocation.claims:
            raise OptimisticMiss("one allocation with claims per call")
        self._allocation = allocation
        return {}

    def save_booking_audited(self, booking: Booking, entry: AuditEntry) -> None:
        if self._booking is not None:
            raise OptimisticMiss("one booking per call")
        self._booking = (booking, entry)

    def __getattr__(self, name: str) -> Any:
        # Any other unit-of-work operation (allotments, idempotency records, usage...)
        # is the ordinary path's. Any other name is a mistake, not a miss: it must not
        # send every booking quietly down the ordinary path.
        if name in UNIT_OF_WORK_OPERATIONS:
            raise OptimisticMiss(f"{name} is not offered by the one-call path")
        raise AttributeError(name)

    # --- the call ------------------------------------------------------------------------
    def commit(self) -> None:
        """Write everything in one call, or raise :class:`OptimisticMiss` (nothing
        written); a lost connection raises the translated driver error."""
        self.settle(self._call(self.params()))

    def params(self) -> list[bytes | None]:
        """The call's arguments (text form), or :class:`OptimisticMiss` if this is not
        a single new booking on one slot."""
        allocation, saved = self._allocation, self._booking
        if allocation is None or saved is None:
            raise OptimisticMiss("nothing to place")
        booking, entry = saved
        if (
            booking.id != allocation.owner_id
            or entry.subject_id != booking.id
            or set(self._slots) != {allocation.slot_id}
            or len(self._products) != 1
            or len({c.key for c in allocation.claims}) != len(allocation.claims)
            or not all(0 < c.places <= c.capacity for c in allocation.claims)
        ):
            raise OptimisticMiss("not a single new booking on one slot")
        ((product_id, product_xmin),) = self._products.items()
        # Reference versions and claims travel as JSON text: cheaper to send than arrays.
        # The claims are stored as sent, as the allocation row's claims column.
        claims = orjson.dumps(claims_document(allocation.claims))
        return [
            _text(allocation.slot_id),
            _text(self._slots[allocation.slot_id]),
            _text(product_id),
            _text(product_xmin),
            orjson.dumps(self._resources),
            claims,
            _text(allocation.owner_id),
            _instant(allocation.expires_at),
            _text(booking.status.value),
            _instant(booking.created_at),
            orjson.dumps(to_document(booking)),
            _instant(entry.at),
            _text(entry.actor),
            _text(entry.action),
            orjson.dumps(dict(entry.details)),
        ]

    def settle(self, outcome: str) -> None:
        """Take the call's answer: forget stale documents; :class:`OptimisticMiss`
        unless it is ``ok``."""
        self.outcome = outcome
        if outcome == "stale":
            allocation = self._allocation
            assert allocation is not None
            self._memo.forget(
                allocation.slot_id,
                next(iter(self._products), None),
                list(self._resources),
            )
        if outcome != "ok":
            raise OptimisticMiss(f"the call answered {outcome}")

    def _call(self, params: list[bytes | None]) -> str:
        """Execute the prepared call (see :class:`_Driver`). The call must run in its
        own implicit transaction: the connection must be idle before, and is idle after
        a call that committed.

        Returns what the function answered (``short`` also for its short-of-room
        error); raises :class:`OptimisticMiss` if PostgreSQL refused the statement (it
        was rolled back whole) and a driver error if the connection was lost (the
        outcome is unknown: no second attempt)."""
        driver = self._driver
        result = driver.execute(PLACE_NAME, PLACE, self._prepared, params)
        if result.error_field(pq.DiagnosticField.SQLSTATE) == SHORT_OF_ROOM:
            # A key had no room (migration 0009): the statement was rolled back whole.
            return "short"
        value = driver.answer(result, "call")
        return "missing" if value is None else value.decode()


class _Driver:
    """A pooled connection as the one-call path uses it: reads in autocommit mode, and
    prepared calls executed on the driver's libpq connection, bypassing the cursor
    machinery (adapting fifteen parameters through a cursor cost about as much CPU as
    deciding the booking). The units of work of a batch share one."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection
        self._autocommit_set = False
        self.refused: str | None = None
        """The SQLSTATE of the last statement PostgreSQL refused (diagnostics)."""

    def fetch(self, sql: LiteralString, key: str) -> tuple[Any, ...] | None:
        connection = self.connection
        if not connection.autocommit:  # a read must not leave a transaction open
            connection.autocommit = True
            self._autocommit_set = True
        with connection.cursor() as cursor:
            cursor.execute(sql, (key,), prepare=True)
            return cursor.fetchone()

    def execute(
        self,
        name: bytes,
        sql: LiteralString,
        prepared: weakref.WeakSet[psycopg.Connection[Any]],
        params: Sequence[bytes | None],
    ) -> pq.abc.PGresult:
        """Execute statement ``name`` (prepared from ``sql`` first if ``prepared`` does
        not count this connection) in its own implicit transaction."""
        connection = self.connection
        pgconn = connection.pgconn
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            raise OptimisticMiss("the connection is inside a transaction")
        if connection not in prepared:
            self._prepare(name, sql, prepared)
        # None is NULL (libpq's contract; psycopg's annotation omits it).
        values = cast("Sequence[bytes]", params)
        result = pgconn.exec_prepared(name, values)
        if result.error_field(pq.DiagnosticField.SQLSTATE) == b"26000":
            # No such prepared statement: nothing ran. psycopg deallocates every
            # statement of a connection after a rolled-back transaction, ours too.
            self._prepare(name, sql, prepared)
            result = pgconn.exec_prepared(name, values)
        return result

    def answer(self, result: pq.abc.PGresult, what: str) -> bytes | None:
        """The single value a call that committed answered (``None``: no value);
        raises as :meth:`check` does for a failed ``result``, and
        :class:`OptimisticMiss` if the call left its transaction open."""
        self.check(result, what)
        if (
            self.connection.pgconn.transaction_status != pq.TransactionStatus.IDLE
        ):  # pragma: no cover
            # A single statement outside a transaction block commits or fails whole;
            # anything else would leave the booking uncommitted: never answer ok.
            raise OptimisticMiss(f"the {what} did not end its transaction")
        value = result.get_value(0, 0) if result.ntuples == 1 else None
        return None if value is None else bytes(value)

    def _prepare(
        self,
        name: bytes,
        sql: LiteralString,
        prepared: weakref.WeakSet[psycopg.Connection[Any]],
    ) -> None:
        connection = self.connection
        prepared.discard(connection)
        if connection.info.encoding != "utf-8":
            raise OptimisticMiss("the call sends UTF-8 text")
        result = connection.pgconn.prepare(name, sql.encode())
        if result.error_field(pq.DiagnosticField.SQLSTATE) != b"42P05":  # exists
            self.check(result, "prepare")
        prepared.add(connection)

    def check(self, result: pq.abc.PGresult, what: str) -> None:
        """Raise for a failed ``result``: :class:`OptimisticMiss` if PostgreSQL
        answered with an error (nothing was written), a driver error if the
        connection was lost."""
        if result.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
            return
        connection = self.connection
        sqlstate = result.error_field(pq.DiagnosticField.SQLSTATE)
        if connection.closed or connection.broken or sqlstate is None:
            message = (result.error_message or b"").decode(errors="replace").strip()
            raise psycopg.OperationalError(
                f"the connection was lost during the one-call {what}: {message}"
            )
        self.refused = sqlstate.decode()
        raise OptimisticMiss(f"the {what} failed: {self.refused}")

    def restore(self) -> None:
        """Put the connection back as the pool lent it (not in autocommit mode)."""
        connection = self.connection
        if self._autocommit_set and not (connection.closed or connection.broken):
            connection.autocommit = False


def _text(value: str) -> bytes:
    """A text parameter; NUL cannot be sent in text form (libpq would cut the value
    there), so such a value goes to the ordinary path, whose driver refuses it."""
    data = value.encode()
    if b"\x00" in data:
        raise OptimisticMiss("NUL in a text parameter")
    return data


def _instant(value: datetime | None) -> bytes | None:
    """A ``timestamptz`` parameter as ISO 8601 text with its offset."""
    if value is None:
        return None
    if value.utcoffset() is None:
        raise OptimisticMiss("a naive datetime")
    return value.isoformat().encode()


PLACE_MANY: LiteralString = """
    SELECT tourlink_place_bookings(
        $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
        $13::text[], $14::text[], $15::text[])
"""
"""Several bookings in one call (migration 0010), prepared once per connection."""

PLACE_MANY_NAME = b"tourlink_place_bookings"


def _array(values: list[bytes | None]) -> bytes:
    """A text array literal of ``values`` (``None`` is NULL)."""
    return (
        b"{"
        + b",".join(
            b"NULL"
            if v is None
            else b'"' + v.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'
            for v in values
        )
        + b"}"
    )


class OneCallBatch:
    """Several new bookings, of any slots, written by one call of
    ``tourlink_place_bookings`` (migration 0010) in one transaction.

    Each booking is decided on its own :meth:`unit_of_work` (all of them read on the
    batch's connection) and :meth:`stage`-d; :meth:`flush` sends every staged booking
    at once. The function locks the batch's slots, then its counters, each in one
    global order, and runs each booking's checks and writes on its own: each answers
    ``ok``, ``stale``, ``queue`` or ``short`` as a single call would, and those that
    are not ``ok`` wrote nothing."""

    def __init__(
        self,
        driver: _Driver,
        memo: DocumentMemo,
        prepared: weakref.WeakSet[psycopg.Connection[Any]],
        prepared_many: weakref.WeakSet[psycopg.Connection[Any]],
    ) -> None:
        self._driver = driver
        self._memo = memo
        self._prepared = prepared
        self._prepared_many = prepared_many
        self._staged: list[tuple[OneCallUnitOfWork, list[bytes | None]]] = []
        self.outcomes: list[str] = []
        """What the call answered for each staged booking, in order (tests)."""

    def unit_of_work(self) -> OneCallUnitOfWork:
        """A unit of work for one booking; :meth:`stage` it once decided."""
        return OneCallUnitOfWork(self._driver, self._memo, self._prepared)

    def stage(self, tx: object) -> None:
        """Add the booking decided on ``tx`` (:class:`OptimisticMiss` if ``tx`` holds
        no single new booking)."""
        assert isinstance(tx, OneCallUnitOfWork)
        self._staged.append((tx, tx.params()))

    def flush(self) -> list[bool]:
        """Send every staged booking in one call; for each, whether it was written
        (``False``: nothing written, the ordinary path's). Raises
        :class:`OptimisticMiss` if PostgreSQL refused the call (nothing written) and a
        driver error if the connection was lost (the outcome is unknown)."""
        staged = self._staged
        if not staged:
            return []
        driver = self._driver
        columns = [_array([p[k] for _, p in staged]) for k in range(PLACE_ARGUMENTS)]
        result = driver.execute(
            PLACE_MANY_NAME, PLACE_MANY, self._prepared_many, columns
        )
        value = driver.answer(result, "batch call")
        # One word per booking, so the array's text form needs no unquoting.
        self.outcomes = [] if value is None else value[1:-1].decode().split(",")
        if len(self.outcomes) != len(staged):  # pragma: no cover - the function's
            # contract; the call committed, so this must not be taken for a miss
            raise psycopg.InternalError("tourlink_place_bookings answered wrongly")
        written = []
        for (tx, _), outcome in zip(staged, self.outcomes, strict=True):
            try:
                tx.settle(outcome)
            except OptimisticMiss:
                written.append(False)
            else:
                written.append(True)
        return written


class OneCallBookings:
    """The one-call booking path of a PostgreSQL :class:`Database`."""

    def __init__(
        self, database: Database, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._db = database
        self.memo = DocumentMemo(clock)
        self._prepared: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
        """The connections on which the call is prepared (a hint, shared by the
        process's threads: a connection wrongly counted as prepared gets SQLSTATE 26000
        and prepares it, one wrongly counted as not prepared gets 42P05 and uses it)."""
        self._prepared_many: weakref.WeakSet[psycopg.Connection[Any]] = (
            weakref.WeakSet()
        )
        """The same for the batch call."""

    @contextmanager
    def unit_of_work(self) -> Iterator[OneCallUnitOfWork]:
        """A :class:`OneCallUnitOfWork` on a pooled connection; the call is made when
        the block ends without an error."""
        with self._driver(PLACE) as driver:
            tx = OneCallUnitOfWork(driver, self.memo, self._prepared)
            yield tx
            tx.commit()

    @contextmanager
    def batch(self) -> Iterator[OneCallBatch]:
        """A :class:`OneCallBatch` on a pooled connection; nothing is sent unless
        :meth:`OneCallBatch.flush` is called."""
        with self._driver(PLACE_MANY) as driver:
            yield OneCallBatch(driver, self.memo, self._prepared, self._prepared_many)

    @contextmanager
    def _driver(self, statement: str) -> Iterator[_Driver]:
        """A :class:`_Driver` on a connection lent by the pool and given back as lent
        (a closed or broken one never goes back); a driver error is translated as an
        error of ``statement``."""
        pooled = self._db.engine.raw_connection()
        connection = pooled.driver_connection
        assert isinstance(connection, psycopg.Connection)
        try:
            driver = _Driver(connection)
            try:
                yield driver
            finally:
                driver.restore()
        except psycopg.Error as error:
            dialect = self._db.engine.dialect
            raise translate(error, connection, dialect, statement, None) from error
        finally:
            if connection.closed or connection.broken:  # never back into the pool
                pooled.invalidate()
            pooled.close()
