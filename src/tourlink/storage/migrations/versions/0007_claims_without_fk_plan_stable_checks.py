"""Claims without a foreign key; ``tourlink_place_booking``'s checks by index only.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

Measured with pgbench calling the function (no Python), PostgreSQL spent most of its CPU
per booking on two things that are not the booking's writes:

* **The foreign key from ``booking_allocation_claims`` to ``booking_allocations``.**
  Each claim row (three per booking on a 45-minute session) fires the key's check
  trigger, a query of its own that locks the allocation row (``FOR KEY SHARE``). A
  backend plans that query once and keeps the plan; on a database whose allocations
  table was small when the plan was made (a new deployment, the benchmark), the plan is a
  sequential scan, so every claim read the whole table and the time per booking grew
  with the number of bookings. With index plans it still cost three queries and three
  row locks per booking. The ledger inserts claims only in the statement or transaction
  that inserts their allocation and deletes them before it (``release``), so the key's
  cascade was never used; reconciliation counts claims without an allocation (see
  ``booking_ledger.snapshot``).
* **The checks joined a JSON argument to a table.** PostgreSQL estimates 100 rows for
  ``jsonb_to_recordset`` / ``jsonb_each_text``, so the plans of "is every key free" and
  "is every resource unchanged" could hash-join a sequential scan of every counter or
  resource. Each claim and resource is now looked up by primary key in a correlated
  subquery, whose plan cannot depend on the table's size.

Nothing else changes: the same locks in the same order, the same conditional upsert,
the same rows. SQLite has no function; there the key is dropped too (the table is
recreated, as SQLite cannot drop a constraint).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIMS_FK = "fk_booking_allocation_claims_owner_id_booking_allocations"

SIGNATURE = (
    "tourlink_place_booking(varchar, text, varchar, text, jsonb, jsonb, varchar, "
    "timestamptz, varchar, timestamptz, jsonb, timestamptz, varchar, varchar, jsonb)"
)

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
    -- below decides under their locks. Every row is looked up by primary key in a
    -- correlated subquery (never a join: a plan joining the JSON's estimated 100 rows
    -- could scan the whole table).
    SELECT CASE
        WHEN found_xmin IS DISTINCT FROM p_slot_xmin THEN 'stale'
        WHEN (SELECT xmin::text FROM booking_products WHERE id = p_product_id)
             IS DISTINCT FROM p_product_xmin THEN 'stale'
        WHEN EXISTS (
            SELECT 1 FROM jsonb_each_text(p_resources) AS w(id, x)
             WHERE (SELECT r.xmin::text FROM booking_resources r WHERE r.id = w.id)
                   IS DISTINCT FROM w.x) THEN 'stale'
        WHEN EXISTS (SELECT 1 FROM booking_waitlist WHERE slot_id = p_slot_id)
             THEN 'queue'
        WHEN EXISTS (
            SELECT 1 FROM jsonb_to_recordset(p_claims)
                   AS w(resource_id varchar, period varchar, places int, capacity int)
             WHERE (SELECT c.used FROM booking_capacity_counters c
                     WHERE c.resource_id = w.resource_id AND c.period = w.period)
                   + w.places > w.capacity) THEN 'short'
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
    with op.batch_alter_table("booking_allocation_claims") as batch:
        batch.drop_constraint(CLAIMS_FK, type_="foreignkey")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from importlib import import_module

        previous = import_module(
            "tourlink.storage.migrations.versions.0005_place_booking_function"
        )
        op.execute(previous.FUNCTION)
    # A claim without an allocation (none while the ledger is sound; reconciliation
    # reports one) makes this fail rather than be deleted here.
    with op.batch_alter_table("booking_allocation_claims") as batch:
        batch.create_foreign_key(
            CLAIMS_FK,
            "booking_allocations",
            ["owner_id"],
            ["owner_id"],
            ondelete="CASCADE",
        )
