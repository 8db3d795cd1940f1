"""OCTo ledger: reseller bookings by (owner, uuid) and cart orders.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "octo_bookings",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("uuid", sa.String(length=100), nullable=False),
        sa.Column("booking_id", sa.String(length=80), nullable=False),
        sa.Column("reseller_reference", sa.String(length=255), nullable=True),
        sa.Column("order_id", sa.String(length=100), nullable=True),
        sa.Column("local_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("contact", JSON, nullable=True),
        sa.Column("unit_item_uuids", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_octo_bookings"),
        sa.UniqueConstraint("owner", "uuid", name="uq_octo_bookings_owner_uuid"),
    )
    op.create_index(
        "ix_octo_bookings_owner_reseller_reference",
        "octo_bookings",
        ["owner", "reseller_reference"],
    )
    op.create_index(
        "ix_octo_bookings_owner_booking_id", "octo_bookings", ["owner", "booking_id"]
    )
    op.create_index(
        "ix_octo_bookings_owner_local_date", "octo_bookings", ["owner", "local_date"]
    )
    op.create_index(
        "ix_octo_bookings_owner_order_id", "octo_bookings", ["owner", "order_id"]
    )
    op.create_table(
        "octo_orders",
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("expiration_minutes", sa.Integer(), nullable=True),
        sa.Column("contact", JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("owner", "id", name="pk_octo_orders"),
    )


def downgrade() -> None:
    op.drop_table("octo_orders")
    op.drop_index("ix_octo_bookings_owner_order_id", table_name="octo_bookings")
    op.drop_index("ix_octo_bookings_owner_local_date", table_name="octo_bookings")
    op.drop_index("ix_octo_bookings_owner_booking_id", table_name="octo_bookings")
    op.drop_index(
        "ix_octo_bookings_owner_reseller_reference", table_name="octo_bookings"
    )
    op.drop_table("octo_bookings")
