"""Booking engine: resources, products, slots, bookings, capacity ledger, idempotency, audit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "booking_allocations",
        sa.Column("owner_id", sa.String(length=80), nullable=False),
        sa.Column("slot_id", sa.String(length=160), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("owner_id", name="pk_booking_allocations"),
    )
    op.create_table(
        "booking_allotments",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("slot_id", sa.String(length=160), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_booking_allotments"),
    )
    op.create_index("ix_booking_allotments_slot_id", "booking_allotments", ["slot_id"])

    op.create_table(
        "booking_audit",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("subject_id", sa.String(length=160), nullable=False),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("seq", name="pk_booking_audit"),
    )
    op.create_index("ix_booking_audit_subject_id", "booking_audit", ["subject_id"])

    op.create_table(
        "booking_capacity_counters",
        sa.Column("resource_id", sa.String(length=120), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "resource_id", "period", name="pk_booking_capacity_counters"
        ),
    )
    op.create_table(
        "booking_idempotency",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("result_id", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name="pk_booking_idempotency"),
    )
    op.create_table(
        "booking_occupancy",
        sa.Column("resource_id", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("resource_id", name="pk_booking_occupancy"),
    )
    op.create_table(
        "booking_packages",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_booking_packages"),
    )
    op.create_table(
        "booking_products",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("experience_id", sa.String(length=120), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_booking_products"),
    )
    op.create_index(
        "ix_booking_products_experience_id", "booking_products", ["experience_id"]
    )

    op.create_table(
        "booking_resources",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_booking_resources"),
    )
    op.create_table(
        "booking_slots",
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("product_id", sa.String(length=120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_booking_slots"),
    )
    op.create_index(
        "ix_booking_slots_product_id_start", "booking_slots", ["product_id", "start"]
    )

    op.create_table(
        "booking_waitlist",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("slot_id", sa.String(length=160), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_booking_waitlist"),
    )
    op.create_index(
        "ix_booking_waitlist_slot_id_position",
        "booking_waitlist",
        ["slot_id", "position"],
    )

    op.create_table(
        "bookings",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("slot_id", sa.String(length=160), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("seq", name="pk_bookings"),
        sa.UniqueConstraint("id", name="uq_bookings_id"),
    )
    op.create_index(
        "ix_bookings_slot_id_created_at", "bookings", ["slot_id", "created_at"]
    )

    op.create_table(
        "booking_allocation_claims",
        sa.Column("owner_id", sa.String(length=80), nullable=False),
        sa.Column("resource_id", sa.String(length=120), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["booking_allocations.owner_id"],
            name="fk_booking_allocation_claims_owner_id_booking_allocations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "owner_id", "resource_id", "period", name="pk_booking_allocation_claims"
        ),
    )
    op.create_index(
        "ix_booking_allocation_claims_key_expires_at",
        "booking_allocation_claims",
        ["resource_id", "period", "expires_at"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_booking_allocation_claims_key_expires_at",
        table_name="booking_allocation_claims",
    )

    op.drop_table("booking_allocation_claims")
    op.drop_index("ix_bookings_slot_id_created_at", table_name="bookings")

    op.drop_table("bookings")
    op.drop_index("ix_booking_waitlist_slot_id_position", table_name="booking_waitlist")

    op.drop_table("booking_waitlist")
    op.drop_index("ix_booking_slots_product_id_start", table_name="booking_slots")

    op.drop_table("booking_slots")
    op.drop_table("booking_resources")
    op.drop_index("ix_booking_products_experience_id", table_name="booking_products")

    op.drop_table("booking_products")
    op.drop_table("booking_packages")
    op.drop_table("booking_occupancy")
    op.drop_table("booking_idempotency")
    op.drop_table("booking_capacity_counters")
    op.drop_index("ix_booking_audit_subject_id", table_name="booking_audit")

    op.drop_table("booking_audit")
    op.drop_index("ix_booking_allotments_slot_id", table_name="booking_allotments")

    op.drop_table("booking_allotments")
    op.drop_table("booking_allocations")
