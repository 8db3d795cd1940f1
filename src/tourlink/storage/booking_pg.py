"""The booking hot path on PostgreSQL, on the driver connection.

A confirmed booking runs the same five statements whether they go through SQLAlchemy or
not; going through it costs more Python time than PostgreSQL spends on them (building
and compiling constructs, cache keys, parameter processing, result wrapping: about a
third of a booking's CPU in the server process). :class:`PgStatements` runs the
statements of the hot path — lock and read, waiting list, take capacity, save booking,
audit entry, idempotency record — as constant SQL text on the psycopg connection under
the SQLAlchemy connection's transaction, each prepared server-side on first use.

Errors are translated exactly as SQLAlchemy would translate them (``IntegrityError``,
``OperationalError`` …, with the pool invalidated on a lost connection), so the store's
retry rules and the web layer's 503 answers are unchanged. The SQL of the general
(key-by-key) ledger path and of the rare operations stays in SQLAlchemy Core.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, LiteralString

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError

from tourlink.booking import Allocation

from .booking_ledger import claims_document

PRODUCT_RESOURCE_IDS: LiteralString = """
    SELECT jsonb_object_keys(u -> 'uses')
      FROM jsonb_array_elements(p.data -> 'options') o, jsonb_array_elements(o -> 'units') u
"""
"""The ids of the resources product ``p``'s units use (its ``options[].units[].uses``)."""

LOCK_AND_READ: LiteralString = (
    """
    SELECT s.id, s.data, s.product_id, p.data,
           (SELECT jsonb_object_agg(r.id, r.data)
              FROM booking_resources r
             WHERE r.id IN ("""
    + PRODUCT_RESOURCE_IDS
    + """))
      FROM booking_slots s
      LEFT JOIN booking_products p ON p.id = s.product_id
     WHERE s.id = ANY(%s::varchar[])
     ORDER BY s.id
       FOR UPDATE OF s
"""
)
"""Lock slots in id order and read each with its product and the product's resources.
Resources are found through the product document's ``options[].units[].uses`` keys;
any resource not found this way is read later by id."""

TAKE_AND_STORE: LiteralString = """
    WITH wanted AS (
        SELECT * FROM ROWS FROM (
            jsonb_to_recordset(%(claims)s::jsonb)
                AS (resource_id varchar, period varchar, places integer, capacity integer)
        ) WITH ORDINALITY AS w(resource_id, period, places, capacity, n)
    ), taken AS (
        INSERT INTO booking_capacity_counters AS c (resource_id, period, capacity, used)
        SELECT resource_id, period, capacity, places FROM wanted ORDER BY n
        ON CONFLICT (resource_id, period) DO UPDATE
           SET used = c.used + excluded.used, capacity = excluded.capacity
         WHERE c.used + excluded.used <= excluded.capacity
        RETURNING c.resource_id, c.period
    ), owner AS (
        INSERT INTO booking_allocations (owner_id, slot_id, expires_at, claims)
        SELECT %(owner_id)s, %(slot_id)s, %(expires_at)s, %(claims)s::jsonb
         WHERE (SELECT count(*) FROM taken) = %(keys)s
        ON CONFLICT DO NOTHING
        RETURNING owner_id, expires_at
    ), stored AS (
        INSERT INTO booking_allocation_claims
               (owner_id, resource_id, period, places, capacity, expires_at)
        SELECT owner.owner_id, w.resource_id, w.period, w.places, w.capacity,
               owner.expires_at
          FROM owner, wanted w
         WHERE owner.expires_at IS NOT NULL
    )
    SELECT resource_id, period, (SELECT count(*) FROM owner) FROM taken
"""
"""One round trip: take every key in sorted order with the conditional upsert
(``used + n <= capacity`` checked under each row's lock; a missing counter row is created
holding the places) and, only if every key was taken, insert the allocation with its
claims, and a hold's claims as rows with its expiry (nothing if the owner already has an
allocation). The claims travel as one JSON parameter (cheaper to send than four arrays)
and are stored as sent in the allocation's ``claims`` column."""

SAVE_BOOKING: LiteralString = """
    INSERT INTO bookings (id, slot_id, status, created_at, data)
    VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (id) DO UPDATE
       SET slot_id = excluded.slot_id, status = excluded.status,
           created_at = excluded.created_at, data = excluded.data
"""

SAVE_BOOKING_AUDITED: LiteralString = """
    WITH saved AS (
        INSERT INTO bookings (id, slot_id, status, created_at, data)
        VALUES (%s, %s, %s, %s, %s)
        ON CONFLICT (id) DO UPDATE
           SET slot_id = excluded.slot_id, status = excluded.status,
               created_at = excluded.created_at, data = excluded.data
        RETURNING 1
    )
    INSERT INTO booking_audit (at, actor, action, subject_id, details)
    VALUES (%s, %s, %s, %s, %s)
"""
""":data:`SAVE_BOOKING` and :data:`RECORD_AUDIT` in one round trip (a data-modifying
``WITH`` runs whether or not the outer statement reads it)."""

RECORD_AUDIT: LiteralString = """
    INSERT INTO booking_audit (at, actor, action, subject_id, details)
    VALUES (%s, %s, %s, %s, %s)
"""

WAITLIST: LiteralString = """
    SELECT data FROM booking_waitlist WHERE slot_id = %s ORDER BY position
"""

GET_IDEMPOTENCY: LiteralString = """
    SELECT fingerprint, result_id, created_at
      FROM booking_idempotency WHERE scope = %s AND key = %s
"""

SAVE_IDEMPOTENCY: LiteralString = """
    INSERT INTO booking_idempotency (scope, key, fingerprint, result_id, created_at)
    VALUES (%s, %s, %s, %s, %s)
"""

DOCUMENT: dict[str, LiteralString] = {
    "booking_resources": "SELECT data FROM booking_resources WHERE id = %s",
    "booking_products": "SELECT data FROM booking_products WHERE id = %s",
    "booking_slots": "SELECT data FROM booking_slots WHERE id = %s",
    "bookings": "SELECT data FROM bookings WHERE id = %s",
}
"""A document by id, for the tables the hot path reads."""

Row = tuple[Any, ...]


def translate(
    error: psycopg.Error,
    connection: psycopg.Connection[Any],
    dialect: Dialect,
    sql: str,
    params: Sequence[Any] | Mapping[str, Any] | None,
) -> DBAPIError:
    """``error`` as SQLAlchemy would raise it (``IntegrityError``, ``OperationalError``
    ...), marked as invalidating the connection when it was lost (as the dialect
    decides: closed or broken)."""
    translated = DBAPIError.instance(
        sql,
        params,
        error,
        psycopg.Error,
        connection_invalidated=connection.closed or connection.broken,
        dialect=dialect,
    )
    assert isinstance(translated, DBAPIError)  # a driver error is always one
    return translated


class PgStatements:
    """The hot path's statements on the psycopg connection behind ``connection``.

    Parameters
    ----------
    connection
        A SQLAlchemy connection to PostgreSQL (psycopg 3) inside a transaction; the
        statements run in that transaction.
    """

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        raw = connection.connection.driver_connection
        assert isinstance(raw, psycopg.Connection)
        self._raw: psycopg.Connection[Row] = raw
        self._cursor = raw.cursor()  # one per transaction; results are fetched at once

    def _execute(
        self, sql: LiteralString, params: Sequence[Any] | Mapping[str, Any]
    ) -> list[Row]:
        cursor = self._cursor
        try:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall() if cursor.description is not None else []
        except psycopg.Error as error:
            translated = translate(error, self._raw, self._c.dialect, sql, params)
            if translated.connection_invalidated:
                self._c.invalidate(error)
            raise translated from error

    def lock_and_read(self, slot_ids: Sequence[str]) -> list[Row]:
        """``(slot id, slot doc, product id, product doc, {resource id: doc})`` per slot,
        the slots locked in id order."""
        return self._execute(LOCK_AND_READ, (list(slot_ids),))

    def take_and_store(self, new: Allocation) -> tuple[list[Row], int]:
        """Run :data:`TAKE_AND_STORE` for ``new`` (claims sorted by key); return the
        ``(resource_id, period, allocations stored)`` rows and the number of keys."""
        document = claims_document(new.claims)  # sorted by key
        claims = json.dumps(document)
        rows = self._execute(
            TAKE_AND_STORE,
            {
                "claims": claims,
                "owner_id": new.owner_id,
                "slot_id": new.slot_id,
                "expires_at": new.expires_at,
                "keys": len(document),
            },
        )
        return rows, len(document)

    def save_booking(
        self,
        booking_id: str,
        slot_id: str,
        status: str,
        created_at: datetime,
        data: Any,
    ) -> None:
        """Insert or replace a booking row."""
        self._execute(
            SAVE_BOOKING, (booking_id, slot_id, status, created_at, Jsonb(data))
        )

    def save_booking_audited(
        self,
        booking: tuple[str, str, str, datetime, Any],
        audit: tuple[datetime, str, str, str, Any],
    ) -> None:
        """:meth:`save_booking` and :meth:`record_audit` as one statement."""
        booking_id, slot_id, status, created_at, data = booking
        at, actor, action, subject_id, details = audit
        self._execute(
            SAVE_BOOKING_AUDITED,
            (
                *(booking_id, slot_id, status, created_at, Jsonb(data)),
                *(at, actor, action, subject_id, Jsonb(details)),
            ),
        )

    def record_audit(
        self, at: datetime, actor: str, action: str, subject_id: str, details: Any
    ) -> None:
        """Append an audit entry."""
        self._execute(RECORD_AUDIT, (at, actor, action, subject_id, Jsonb(details)))

    def waitlist(self, slot_id: str) -> list[Any]:
        """The slot's waiting-list documents in ``position`` order."""
        return [row[0] for row in self._execute(WAITLIST, (slot_id,))]

    def get_idempotency(self, scope: str, key: str) -> tuple[str, str, datetime] | None:
        """``(fingerprint, result_id, created_at)`` of a remembered request, if any."""
        rows = self._execute(GET_IDEMPOTENCY, (scope, key))
        if not rows:
            return None
        fingerprint, result_id, created_at = rows[0]
        return fingerprint, result_id, created_at.astimezone(UTC)

    def save_idempotency(
        self,
        scope: str,
        key: str,
        fingerprint: str,
        result_id: str,
        created_at: datetime,
    ) -> None:
        """Insert a record (``IntegrityError`` if the key is taken)."""
        self._execute(
            SAVE_IDEMPOTENCY, (scope, key, fingerprint, result_id, created_at)
        )

    def document(self, table: str, row_id: str) -> Any | None:
        """The ``data`` document of a row by id, or ``None``."""
        rows = self._execute(DOCUMENT[table], (row_id,))
        return rows[0][0] if rows else None
