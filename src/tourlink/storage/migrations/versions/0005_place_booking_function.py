"""PostgreSQL: ``tourlink_place_booking``, a new booking's writes in one call.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

The function is the write half of the one-call booking path
(``tourlink.storage.booking_one_call``): the service decides the booking from reference
data read earlier without locks, and the function checks under the slot's lock that this
data is still what it was (each row's ``xmin``), that nobody is waiting for the slot, and
that every capacity key has room; only then does it take the places and store the
allocation, its claims, the booking and its audit entry. It answers ``ok`` or the reason it
wrote nothing (``stale``, ``queue``, ``short``), and the caller then takes the ordinary
path. SQLite has no such function; nothing changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE OR REPLACE FUNCTION tourlink_place_booking(
    p_slot_id varchar, p_slot_xmin text,
    p_product_id varchar, p_product_xmin text,
    p_resources jsonb, p_claims jsonb,
    p_owner_id varchar, p_expires_at timestamptz,
    p_booking_status varchar, p_created_at timestamptz, p_booking jsonb,
    p_audit_at timestamptz, p_actor varchar, p_action varchar, p_details jsonb
) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    found_xmin text;
    refused text;
    keys integer := jsonb_array_length(p_claims);
    taken integer;
BEGIN
    -- The slot's lock serialises this booking with every other operation on the slot,
    -- as the ordinary path's SELECT ... FOR UPDATE does.
    SELECT xmin::text INTO found_xmin FROM booking_slots
     WHERE id = p_slot_id FOR UPDATE;
    -- Then, in one statement: the product and resources the caller decided on are
    -- unchanged; nobody is on the waiting list (newcomers never jump it); every key has
    -- room (a key short of room, or with expired holds to reclaim, is the ordinary
    -- path's work). The counters are read without a lock here: the conditional update
    -- below decides under their locks.
    SELECT CASE
        WHEN found_xmin IS DISTINCT FROM p_slot_xmin THEN 'stale'
        WHEN (SELECT xmin::text FROM booking_products WHERE id = p_product_id)
             IS DISTINCT FROM p_product_xmin THEN 'stale'
        WHEN (SELECT count(*) FROM jsonb_each_text(p_resources) AS w(id, x)
                JOIN booking_resources r ON r.id = w.id AND r.xmin::text = w.x)
             <> (SELECT count(*) FROM jsonb_object_keys(p_resources)) THEN 'stale'
        WHEN EXISTS (SELECT 1 FROM booking_waitlist WHERE slot_id = p_slot_id)
             THEN 'queue'
        WHEN EXISTS (
            SELECT 1 FROM booking_capacity_counters c
              JOIN jsonb_to_recordset(p_claims)
                   AS w(resource_id varchar, period varchar, places int, capacity int)
                ON c.resource_id = w.resource_id AND c.period = w.period
             WHERE c.used + w.places > w.capacity) THEN 'short'
    END INTO refused;
    IF refused IS NOT NULL THEN
        RETURN refused;
    END IF;
    -- Take every key, locking the counters in key order (as every path takes them).
    WITH taken_keys AS (
        INSERT INTO booking_capacity_counters AS c (resource_id, period, capacity, used)
        SELECT w.resource_id, w.period, w.capacity, w.places
          FROM jsonb_to_recordset(p_claims)
               AS w(resource_id varchar, period varchar, places int, capacity int)
         WHERE w.places BETWEEN 1 AND w.capacity  -- a new counter row is checked too
         ORDER BY w.resource_id, w.period
        ON CONFLICT (resource_id, period) DO UPDATE
           SET used = c.used + excluded.used, capacity = excluded.capacity
         WHERE c.used + excluded.used <= excluded.capacity
        RETURNING 1
    )
    SELECT count(*) INTO taken FROM taken_keys;
    IF taken <> keys THEN
        -- Another transaction took the room since the check: undo this statement
        -- (the caller sees the error and takes the ordinary path).
        RAISE EXCEPTION 'tourlink_place_booking: capacity taken concurrently'
              USING ERRCODE = '40001';
    END IF;
    -- The allocation, its claims, the booking and its audit entry.
    WITH allocation AS (
        INSERT INTO booking_allocations (owner_id, slot_id, expires_at)
        VALUES (p_owner_id, p_slot_id, p_expires_at)
    ), claims AS (
        INSERT INTO booking_allocation_claims
               (owner_id, resource_id, period, places, capacity, expires_at)
        SELECT p_owner_id, w.resource_id, w.period, w.places, w.capacity, p_expires_at
          FROM jsonb_to_recordset(p_claims)
               AS w(resource_id varchar, period varchar, places int, capacity int)
    ), booking AS (
        INSERT INTO bookings (id, slot_id, status, created_at, data)
        VALUES (p_owner_id, p_slot_id, p_booking_status, p_created_at, p_booking)
    )
    INSERT INTO booking_audit (at, actor, action, subject_id, details)
    VALUES (p_audit_at, p_actor, p_action, p_owner_id, p_details);
    RETURN 'ok';
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS tourlink_place_booking("
            "varchar, text, varchar, text, jsonb, jsonb, varchar, timestamptz, varchar, "
            "timestamptz, jsonb, timestamptz, varchar, varchar, jsonb)"
        )
