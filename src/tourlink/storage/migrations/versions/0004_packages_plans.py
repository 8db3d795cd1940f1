"""Tour operators' packages (departure seats, group holds) and travellers' trip plans.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "packages",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=320), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("document", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_packages"),
    )
    op.create_table(
        "package_departures",
        sa.Column("package_id", sa.String(length=100), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("seats_held", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "seats_held >= 0",
            name="ck_package_departures_seats_held_not_negative",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["packages.id"],
            name="fk_package_departures_package_id_packages",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("package_id", "start", name="pk_package_departures"),
    )
    op.create_table(
        "package_holds",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("package_id", sa.String(length=100), nullable=False),
        sa.Column("departure", sa.Date(), nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("document", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id", "departure"],
            ["package_departures.package_id", "package_departures.start"],
            name="fk_package_holds_package_id_package_departures",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_package_holds"),
    )
    op.create_index(
        "ix_package_holds_package_id_departure",
        "package_holds",
        ["package_id", "departure"],
    )
    op.create_table(
        "trip_plans",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("document", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trip_plans"),
    )
    op.create_index("ix_trip_plans_updated_at", "trip_plans", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_trip_plans_updated_at", table_name="trip_plans")
    op.drop_table("trip_plans")
    op.drop_index("ix_package_holds_package_id_departure", table_name="package_holds")
    op.drop_table("package_holds")
    op.drop_table("package_departures")
    op.drop_table("packages")
