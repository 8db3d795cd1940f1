"""An allocation's claims in its own row; claim rows only for holds.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

A confirmed booking on a 45-minute session took three claim rows (one per 15-minute
bucket), each with a primary-key entry, next to its allocation row. The rows are needed
only to find *expired* holds of a key by index (reclaiming them, subtracting them from
the key's usage), and a confirmed booking never expires. Now the allocation row carries
its claims (``claims``, a JSON list) and ``booking_allocation_claims`` holds the claims of
allocations that can expire, with their expiry, as before; confirming a hold deletes
its rows, and releasing deletes the allocation row first (``RETURNING`` its claims, so
two transactions reclaiming one hold still return its places once), then the rows.

A confirmed booking writes six rows instead of nine. ``tourlink_place_booking`` stores
its claims argument in the allocation row and writes claim rows only for a hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREVIOUS = import_module(
    "tourlink.storage.migrations.versions.0007_claims_without_fk_plan_stable_checks"
)

FUNCTION = PREVIOUS.FUNCTION.replace(
    """    -- The allocation, its claims, the booking and its audit entry.
    WITH allocation AS (
        INSERT INTO booking_allocations (owner_id, slot_id, expires_at)
        VALUES (p_owner_id, p_slot_id, p_expires_at)
    ), claims AS (
        INSERT INTO booking_allocation_claims
               (owner_id, resource_id, period, places, capacity, expires_at)
        SELECT p_owner_id, w.resource_id, w.period, w.places, w.capacity, p_expires_at
          FROM jsonb_to_recordset(p_claims)
               AS w(resource_id varchar, period varchar, places int, capacity int)
    ), booking AS (""",
    """    -- The allocation with its claims, a hold's claims as rows with its expiry (found
    -- by key once expired), the booking and its audit entry.
    WITH allocation AS (
        INSERT INTO booking_allocations (owner_id, slot_id, expires_at, claims)
        VALUES (p_owner_id, p_slot_id, p_expires_at, p_claims)
    ), claims AS (
        INSERT INTO booking_allocation_claims
               (owner_id, resource_id, period, places, capacity, expires_at)
        SELECT p_owner_id, w.resource_id, w.period, w.places, w.capacity, p_expires_at
          FROM jsonb_to_recordset(p_claims)
               AS w(resource_id varchar, period varchar, places int, capacity int)
         WHERE p_expires_at IS NOT NULL
    ), booking AS (""",
)
assert FUNCTION != PREVIOUS.FUNCTION

CLAIMS_DOCUMENT = {
    "postgresql": """
        UPDATE booking_allocations a SET claims = COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                       'resource_id', c.resource_id, 'period', c.period,
                       'places', c.places, 'capacity', c.capacity)
                   ORDER BY c.resource_id, c.period)
              FROM booking_allocation_claims c WHERE c.owner_id = a.owner_id), '[]')
    """,
    "sqlite": """
        UPDATE booking_allocations SET claims = COALESCE((
            SELECT json_group_array(json_object(
                       'resource_id', c.resource_id, 'period', c.period,
                       'places', c.places, 'capacity', c.capacity))
              FROM booking_allocation_claims c
             WHERE c.owner_id = booking_allocations.owner_id), '[]')
    """,
}

CLAIM_ROWS = {
    "postgresql": """
        INSERT INTO booking_allocation_claims
               (owner_id, resource_id, period, places, capacity, expires_at)
        SELECT a.owner_id, w.resource_id, w.period, w.places, w.capacity, NULL
          FROM booking_allocations a,
               jsonb_to_recordset(a.claims)
               AS w(resource_id varchar, period varchar, places int, capacity int)
         WHERE a.expires_at IS NULL
    """,
    "sqlite": """
        INSERT INTO booking_allocation_claims
               (owner_id, resource_id, period, places, capacity, expires_at)
        SELECT a.owner_id, json_extract(w.value, '$.resource_id'),
               json_extract(w.value, '$.period'), json_extract(w.value, '$.places'),
               json_extract(w.value, '$.capacity'), NULL
          FROM booking_allocations a, json_each(a.claims) w
         WHERE a.expires_at IS NULL
    """,
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.add_column("booking_allocations", sa.Column("claims", document, nullable=True))
    op.execute(CLAIMS_DOCUMENT[dialect])
    op.execute("DELETE FROM booking_allocation_claims WHERE expires_at IS NULL")
    with op.batch_alter_table("booking_allocations") as batch:
        batch.alter_column("claims", existing_type=document, nullable=False)
    if dialect == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PREVIOUS.FUNCTION)
    op.execute(CLAIM_ROWS[dialect])
    with op.batch_alter_table("booking_allocations") as batch:
        batch.drop_column("claims")
