"""``tourlink_place_booking`` finds a key short of room by taking it, not beforehand.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24

The function checked that every capacity key had room (one look-up per key) before
taking the keys with the conditional upsert, which checks the same thing again under
the counters' locks; a key taken between the two raised ``40001``. The first check only
let the function answer ``short`` without an error. Now the upsert alone decides: if
any key is short (sold out, or expired holds to reclaim) or was taken concurrently, the
function raises SQLSTATE ``TL001`` and the statement is rolled back whole, which the
caller reads as the answer ``short`` (the ordinary path then decides, as before). A
booking that fits, the common case, no longer pays for the look-ups (PostgreSQL's CPU
per call: docs/benchmarks/booking.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREVIOUS = import_module(
    "tourlink.storage.migrations.versions.0008_claims_in_the_allocation_row"
)

SHORT_OF_ROOM = "TL001"
"""The SQLSTATE the function raises when a key has no room (nothing is written)."""

FUNCTION = (
    PREVIOUS.FUNCTION.replace(
        """    -- Then, in one statement: the product and resources the caller decided on are
    -- unchanged; nobody is on the waiting list (newcomers never jump it); every key has
    -- room (a key short of room, or with expired holds to reclaim, is the ordinary
    -- path's work). The counters are read without a lock here: the conditional update
    -- below decides under their locks. Every row is looked up by primary key in a
    -- correlated subquery (never a join: a plan joining the JSON's estimated 100 rows
    -- could scan the whole table).""",
        """    -- Then, in one statement: the product and resources the caller decided on are
    -- unchanged, and nobody is on the waiting list (newcomers never jump it). Every row
    -- is looked up by primary key in a correlated subquery (never a join: a plan
    -- joining the JSON's estimated 100 rows could scan the whole table). Room on the
    -- keys is decided by taking them, below.""",
    )
    .replace(
        """        WHEN EXISTS (SELECT 1 FROM booking_waitlist WHERE slot_id = p_slot_id)
             THEN 'queue'
        WHEN EXISTS (
            SELECT 1 FROM jsonb_to_recordset(p_claims)
                   AS w(resource_id varchar, period varchar, places int, capacity int)
             WHERE (SELECT c.used FROM booking_capacity_counters c
                     WHERE c.resource_id = w.resource_id AND c.period = w.period)
                   + w.places > w.capacity) THEN 'short'
    END INTO refused;""",
        """        WHEN EXISTS (SELECT 1 FROM booking_waitlist WHERE slot_id = p_slot_id)
             THEN 'queue'
    END INTO refused;""",
    )
    .replace(
        """    IF taken <> keys THEN
        -- Another transaction took the room since the check: undo this statement
        -- (the caller sees the error and takes the ordinary path).
        RAISE EXCEPTION 'tourlink_place_booking: capacity taken concurrently'
              USING ERRCODE = '40001';
    END IF;""",
        f"""    IF taken <> keys THEN
        -- A key is short of room (sold out, expired holds to reclaim, or taken by
        -- another transaction): undo this statement; the caller reads the code as
        -- 'short' and takes the ordinary path.
        RAISE EXCEPTION 'tourlink_place_booking: a key is short of room'
              USING ERRCODE = '{SHORT_OF_ROOM}';
    END IF;""",
    )
)
assert "THEN 'short'" not in FUNCTION, FUNCTION
assert SHORT_OF_ROOM in FUNCTION
assert "is decided by taking them" in FUNCTION


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PREVIOUS.FUNCTION)
