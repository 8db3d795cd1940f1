"""The capacity ledger in SQL: conditional counter updates and lazy reclamation.

Functions over an open :class:`~sqlalchemy.engine.Connection` inside a booking transaction; used
by :class:`~tourlink.storage.booking_store.SqlUnitOfWork`. The invariant ``used <= capacity``
is enforced by one statement per key::

    UPDATE booking_capacity_counters SET used = used + :n, capacity = :capacity
     WHERE resource_id = :r AND period = :p AND used + :n <= :capacity

which the database evaluates under the row's lock, so no interleaving of transactions,
processes or servers can oversell. Keys are taken in sorted order (claims are sorted), so
transactions wanting overlapping keys queue instead of deadlocking. Why, and what else was
considered, is written down in ``docs/dev/booking-concurrency.md``.

An allocation's claims are stored in its row (``booking_allocations.claims``, a JSON
list). A hold's claims are also written as rows of ``booking_allocation_claims`` with the
hold's expiry, indexed by key, so that expired holds of a key are found (and subtracted
from its usage) by index; a confirmed allocation has no such rows (migration 0008).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from tourlink.booking import Allocation, CapacityKey, Claim, LedgerSnapshot

from .booking_tables import AllocationClaimRow, AllocationRow, CapacityCounterRow

Counters: Table = CapacityCounterRow.__table__  # type: ignore[assignment]
Allocations: Table = AllocationRow.__table__  # type: ignore[assignment]
Claims: Table = AllocationClaimRow.__table__  # type: ignore[assignment]

UNSAFE_SWITCH = "TOURLINK_UNSAFE_NO_CAPACITY_GUARD"
"""Test-only: with ``TOURLINK_ENVIRONMENT=test`` and this set to ``1``, capacity is checked
by read-then-write in application code with a pause in between and slots are not locked —
the broken design, kept so the race tests can show that they detect an oversell."""


def unsafe_guard_enabled() -> bool:
    """Whether the test-only unsafe capacity check is switched on (never outside tests)."""
    return (
        os.environ.get("TOURLINK_ENVIRONMENT") == "test"
        and os.environ.get(UNSAFE_SWITCH) == "1"
    )


def dialect_insert(
    session: Connection,
) -> type[postgresql.Insert] | type[sqlite.Insert]:
    """The ``INSERT`` construct with ``ON CONFLICT`` for the session's database."""
    dialect = session.dialect.name
    return postgresql.Insert if dialect == "postgresql" else sqlite.Insert


def _key_is(table: Table, key: CapacityKey) -> ColumnElement[bool]:
    return and_(table.c.resource_id == key.resource_id, table.c.period == key.period)


def _take(session: Connection, claim: Claim) -> bool:
    result = session.execute(
        update(Counters)
        .where(
            Counters.c.resource_id == claim.key.resource_id,
            Counters.c.period == claim.key.period,
            Counters.c.used + claim.places <= claim.capacity,
        )
        .values(used=Counters.c.used + claim.places, capacity=claim.capacity)
    )
    return bool(result.rowcount)


def _ensure_counter(session: Connection, claim: Claim) -> None:
    stmt = dialect_insert(session)(Counters).values(
        resource_id=claim.key.resource_id,
        period=claim.key.period,
        capacity=claim.capacity,
        used=0,
    )
    session.execute(stmt.on_conflict_do_nothing())


def _unsafe_allocate(session: Connection, new: Allocation) -> dict[CapacityKey, int]:
    """The broken design (tests only): read every counter, check, pause, then write."""
    for claim in new.claims:
        _ensure_counter(session, claim)
    used = {c.key: used_on(session, c.key) for c in new.claims}
    short = {
        c.key: max(0, c.capacity - used[c.key])
        for c in new.claims
        if used[c.key] + c.places > c.capacity
    }
    if short:
        return short
    time.sleep(0.01)  # widen the window between the check and the write
    for claim in new.claims:
        _add(session, claim.key, claim.places)
    _store(session, new)
    return {}


def _add(session: Connection, key: CapacityKey, places: int) -> None:
    session.execute(
        update(Counters)
        .where(_key_is(Counters, key))
        .values(used=Counters.c.used + places)
    )


def used_on(session: Connection, key: CapacityKey) -> int:
    """The counter of ``key`` (0 if it has none)."""
    value = session.scalar(select(Counters.c.used).where(_key_is(Counters, key)))
    return int(value or 0)


def claims_document(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The ``claims`` column of an allocation row (sorted by key; the same objects as
    the one-call function's claims argument)."""
    return [
        {
            "resource_id": c.key.resource_id,
            "period": c.key.period,
            "places": c.places,
            "capacity": c.capacity,
        }
        for c in sorted(claims)
    ]


def claims_from(document: Sequence[Any]) -> tuple[Claim, ...]:
    """The claims of an allocation row's ``claims`` column, sorted by key."""
    return tuple(
        sorted(
            Claim(
                CapacityKey(c["resource_id"], c["period"]), c["places"], c["capacity"]
            )
            for c in document
        )
    )


def reclaim(session: Connection, key: CapacityKey, now: datetime) -> None:
    """Release every allocation on ``key`` that has expired at ``now`` (by index)."""
    owners = session.scalars(
        select(Claims.c.owner_id)
        .where(
            _key_is(Claims, key),
            Claims.c.expires_at.is_not(None),
            Claims.c.expires_at <= now,
        )
        .order_by(Claims.c.owner_id)
    ).all()
    for owner_id in owners:
        release(session, owner_id)


def release(session: Connection, owner_id: str) -> Allocation | None:
    """Delete the owner's allocation and give its places back; None if it has none.

    The allocation row is deleted first (``RETURNING`` its claims): of two transactions
    reclaiming the same expired hold, the second waits on the row and then deletes
    nothing, so places are returned exactly once. Then the hold's expiring claim rows go.
    """
    row = session.execute(
        delete(Allocations)
        .where(Allocations.c.owner_id == owner_id)
        .returning(
            Allocations.c.slot_id, Allocations.c.expires_at, Allocations.c.claims
        )
    ).first()
    session.execute(delete(Claims).where(Claims.c.owner_id == owner_id))
    if row is None:
        return None
    claims = claims_from(row.claims)
    for claim in claims:
        _add(session, claim.key, -claim.places)
    return Allocation(owner_id, row.slot_id, claims, row.expires_at)


def allocation(session: Connection, owner_id: str, now: datetime) -> Allocation | None:
    """The owner's allocation if it is live at ``now``."""
    row = session.execute(
        select(Allocations).where(Allocations.c.owner_id == owner_id)
    ).first()
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return None
    return Allocation(owner_id, row.slot_id, claims_from(row.claims), row.expires_at)


def usage(
    session: Connection, keys: Sequence[CapacityKey], now: datetime
) -> dict[CapacityKey, int]:
    """Live usage per key: the counter minus expired, not yet reclaimed places."""
    found = dict.fromkeys(keys, 0)
    if not keys:
        return found
    counters = session.execute(
        select(Counters.c.resource_id, Counters.c.period, Counters.c.used).where(
            or_(*(_key_is(Counters, k) for k in keys))
        )
    )
    for r in counters:
        found[CapacityKey(r.resource_id, r.period)] = r.used
    expired = session.execute(
        select(Claims.c.resource_id, Claims.c.period, Claims.c.places).where(
            or_(*(_key_is(Claims, k) for k in keys)),
            Claims.c.expires_at.is_not(None),
            Claims.c.expires_at <= now,
        )
    )
    for r in expired:
        key = CapacityKey(r.resource_id, r.period)
        found[key] -= r.places
    return found


TakeAndStore = Callable[[Allocation], tuple[Sequence[Sequence[Any]], int]]
"""One statement that takes every key of an allocation and stores it (PostgreSQL:
``booking_pg.PgStatements.take_and_store``); returns ``(resource_id, period, stored)``
per key taken and the number of keys."""


def allocate(
    session: Connection,
    new: Allocation,
    now: datetime,
    *,
    unsafe: bool = False,
    take_and_store: TakeAndStore | None = None,
) -> dict[CapacityKey, int]:
    """Take the allocation's places on every key, or nothing (see ``UnitOfWork.allocate``).

    The common case — a new owner, every key with room — is one statement on PostgreSQL
    (``take_and_store``, see :data:`tourlink.storage.booking_pg.TAKE_AND_STORE`) and
    three on SQLite: a conditional upsert of all counters, then the allocation and its
    claims. Anything else (a key short of room, expired holds to reclaim, an owner that
    already has an allocation) undoes the fast attempt and takes the general path, key by
    key, which gives the same result.
    """
    if not unsafe and _fast_path_applies(new.claims):
        if take_and_store is not None:
            if _took_all(session, new, *take_and_store(new)):
                return {}
        elif _take_and_store(session, new):
            return {}
    return _allocate_general(session, new, now, unsafe=unsafe)


def _took_all(
    session: Connection, new: Allocation, rows: Sequence[Sequence[Any]], keys: int
) -> bool:
    """Whether the one-statement attempt took every key and stored the allocation (the
    third column: allocations stored, 1 or 0); if not, give back what it took."""
    if len(rows) == keys and rows[0][2] == 1:
        return True
    taken = {CapacityKey(r[0], r[1]) for r in rows}
    _undo(session, [c for c in sorted(new.claims) if c.key in taken])
    return False


def _fast_path_applies(claims: Sequence[Claim]) -> bool:
    """Claims on distinct keys, each asking for 1..capacity places."""
    return (
        bool(claims)
        and len({c.key for c in claims}) == len(claims)
        and all(0 < c.places <= c.capacity for c in claims)
    )


def _undo(session: Connection, applied: Sequence[Claim]) -> None:
    for claim in applied:
        _add(session, claim.key, -claim.places)


def _take_and_store(session: Connection, new: Allocation) -> bool:
    """The fast path in portable SQL (SQLite): the same upsert, then the rows."""
    ordered = sorted(new.claims)
    insert = dialect_insert(session)(Counters).values(
        [
            {
                "resource_id": c.key.resource_id,
                "period": c.key.period,
                "capacity": c.capacity,
                "used": c.places,
            }
            for c in ordered
        ]
    )
    wanted = Counters.c.used + insert.excluded.used
    stmt = insert.on_conflict_do_update(
        index_elements=[Counters.c.resource_id, Counters.c.period],
        set_={"used": wanted, "capacity": insert.excluded.capacity},
        where=wanted <= insert.excluded.capacity,
    ).returning(Counters.c.resource_id, Counters.c.period)
    taken = {CapacityKey(r.resource_id, r.period) for r in session.execute(stmt)}
    if len(taken) == len(ordered):
        inserted = session.execute(
            dialect_insert(session)(Allocations)
            .values(
                owner_id=new.owner_id,
                slot_id=new.slot_id,
                expires_at=new.expires_at,
                claims=claims_document(new.claims),
            )
            .on_conflict_do_nothing()
            .returning(Allocations.c.owner_id)
        ).first()
        if inserted is not None:
            _insert_expiring_claims(session, new.owner_id, new.claims, new.expires_at)
            return True
    _undo(session, [c for c in ordered if c.key in taken])
    return False


def _allocate_general(
    session: Connection, new: Allocation, now: datetime, *, unsafe: bool = False
) -> dict[CapacityKey, int]:
    """Key by key: create missing counters, reclaim expired holds when short."""
    current = session.execute(
        select(Allocations.c.expires_at).where(Allocations.c.owner_id == new.owner_id)
    ).first()
    if current is not None:
        if current.expires_at is None or current.expires_at > now:
            msg = f"owner {new.owner_id!r} already holds a live allocation"
            raise ValueError(msg)
        release(session, new.owner_id)
    if unsafe:
        return _unsafe_allocate(session, new)
    applied: list[Claim] = []
    for claim in sorted(new.claims):
        if not _take(session, claim):
            _ensure_counter(session, claim)
            if not _take(session, claim):
                reclaim(session, claim.key, now)
                if not _take(session, claim):
                    break
        applied.append(claim)
    else:
        _store(session, new)
        return {}
    for claim in applied:
        _add(session, claim.key, -claim.places)
    short: dict[CapacityKey, int] = {}
    for claim in sorted(new.claims):
        reclaim(session, claim.key, now)
        used = used_on(session, claim.key)
        if used + claim.places > claim.capacity:
            short[claim.key] = max(0, claim.capacity - used)
    return short


def _store(session: Connection, new: Allocation) -> None:
    session.execute(
        Allocations.insert().values(
            owner_id=new.owner_id,
            slot_id=new.slot_id,
            expires_at=new.expires_at,
            claims=claims_document(new.claims),
        )
    )
    _insert_expiring_claims(session, new.owner_id, new.claims, new.expires_at)


def _insert_expiring_claims(
    session: Connection,
    owner_id: str,
    claims: Sequence[Claim],
    expires_at: datetime | None,
) -> None:
    """A hold's claims as rows with its expiry (none for an allocation that cannot
    expire)."""
    if expires_at is None or not claims:
        return
    session.execute(
        Claims.insert(),
        [
            {
                "owner_id": owner_id,
                "resource_id": c.key.resource_id,
                "period": c.key.period,
                "places": c.places,
                "capacity": c.capacity,
                "expires_at": expires_at,
            }
            for c in claims
        ],
    )


def set_expiry(session: Connection, owner_id: str, expires_at: datetime | None) -> None:
    """Change the expiry of an allocation; its expiring claim rows follow: moved to
    the new expiry (a hold extended), deleted when it can no longer expire (a hold
    confirmed), written when it could not expire before."""
    row = session.execute(
        update(Allocations)
        .where(Allocations.c.owner_id == owner_id)
        .values(expires_at=expires_at)
        .returning(Allocations.c.claims)
    ).first()
    if row is None:
        raise KeyError(owner_id)
    if expires_at is None:
        session.execute(delete(Claims).where(Claims.c.owner_id == owner_id))
        return
    moved = session.execute(
        update(Claims)
        .where(Claims.c.owner_id == owner_id)
        .values(expires_at=expires_at)
    )
    if not moved.rowcount:
        _insert_expiring_claims(session, owner_id, claims_from(row.claims), expires_at)


def snapshot(session: Connection) -> LedgerSnapshot:
    """Every counter, capacity and allocation (for reconciliation; a full read)."""
    counters: dict[CapacityKey, int] = {}
    capacities: dict[CapacityKey, int] = {}
    for r in session.execute(select(Counters)):
        counters[CapacityKey(r.resource_id, r.period)] = r.used
        capacities[CapacityKey(r.resource_id, r.period)] = r.capacity
    expiring: dict[str, set[tuple[Claim, datetime | None]]] = {}
    for r in session.execute(select(Claims)):
        expiring.setdefault(r.owner_id, set()).add(
            (
                Claim(CapacityKey(r.resource_id, r.period), r.places, r.capacity),
                r.expires_at,
            )
        )
    allocations = [
        Allocation(r.owner_id, r.slot_id, claims_from(r.claims), r.expires_at)
        for r in session.execute(select(Allocations).order_by(Allocations.c.owner_id))
    ]
    # A hold's claim rows must be exactly its claims with its expiry, and nobody
    # else may have any (no foreign key keeps them so: migration 0007).
    stray = set(expiring)
    for a in allocations:
        wanted = (
            {(c, a.expires_at) for c in a.claims} if a.expires_at is not None else set()
        )
        if expiring.get(a.owner_id, set()) == wanted:
            stray.discard(a.owner_id)
        else:
            stray.add(a.owner_id)
    return LedgerSnapshot(counters, capacities, allocations, stray_claims=sorted(stray))
