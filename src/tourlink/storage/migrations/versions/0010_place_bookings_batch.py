"""``tourlink_place_bookings``: several new bookings, of any slots, in one call.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24

A server process that is busy sends the one-call bookings that queued meanwhile in one
call and one transaction (``docs/dev/booking-concurrency.md``, "Batches across slots").
The function takes the arguments of ``tourlink_place_booking`` as arrays, one element
per booking, and answers one outcome per booking (``ok``, ``stale``, ``queue``,
``short``), all committed together.

Locks are taken in one global order, so a batch cannot deadlock with another batch or
with a single call: first every slot of the batch, in ascending id order; then every
capacity counter the batch touches, in ascending key order (missing counters are created
with nothing used). A single call takes one slot, then its counters in key order, which
is the same order. Only then does each booking run ``tourlink_place_booking`` (whose
locks are all held already), in a block of its own: a booking short of room is undone
alone (its ``TL001``) and answered ``short``; the others go on.

Parameters are text arrays (one array literal each; the elements are cast where used).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE OR REPLACE FUNCTION tourlink_place_bookings(
    p_slot_id text[], p_slot_xmin text[],
    p_product_id text[], p_product_xmin text[],
    p_resources text[], p_claims text[],
    p_owner_id text[], p_expires_at text[],
    p_booking_status text[], p_created_at text[], p_booking text[],
    p_audit_at text[], p_actor text[], p_action text[], p_details text[]
) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    n integer := cardinality(p_slot_id);
    outcomes text[] := array_fill(NULL::text, ARRAY[n]);
BEGIN
    -- Every slot of the batch, in ascending id order.
    PERFORM 1 FROM booking_slots WHERE id = ANY (p_slot_id::varchar[])
     ORDER BY id FOR UPDATE;
    -- Every counter the batch touches, in ascending key order: created with nothing
    -- used if missing, locked if present (an ON CONFLICT update whose condition is
    -- false locks the row and writes nothing).
    INSERT INTO booking_capacity_counters AS c (resource_id, period, capacity, used)
    SELECT DISTINCT ON (w.resource_id, w.period) w.resource_id, w.period, w.capacity, 0
      FROM unnest(p_claims) AS a(claims),
           jsonb_to_recordset(a.claims::jsonb)
           AS w(resource_id varchar, period varchar, places int, capacity int)
     WHERE w.places BETWEEN 1 AND w.capacity
     ORDER BY w.resource_id, w.period
    ON CONFLICT (resource_id, period) DO UPDATE SET used = c.used WHERE false;
    FOR i IN 1 .. n LOOP
        BEGIN
            outcomes[i] := tourlink_place_booking(
                p_slot_id[i], p_slot_xmin[i], p_product_id[i], p_product_xmin[i],
                p_resources[i]::jsonb, p_claims[i]::jsonb,
                p_owner_id[i], p_expires_at[i]::timestamptz,
                p_booking_status[i], p_created_at[i]::timestamptz,
                p_booking[i]::jsonb, p_audit_at[i]::timestamptz,
                p_actor[i], p_action[i], p_details[i]::jsonb);
        EXCEPTION WHEN SQLSTATE 'TL001' THEN
            outcomes[i] := 'short';
        END;
    END LOOP;
    RETURN outcomes;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS tourlink_place_bookings("
            + ", ".join(["text[]"] * 15)
            + ")"
        )
