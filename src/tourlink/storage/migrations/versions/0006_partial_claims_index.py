"""Index only the claims that can expire (holds), not those of confirmed bookings.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Every query that looks claims up by capacity key asks for expired ones (``expires_at IS
NOT NULL AND expires_at <= now``: reclaiming holds, usage net of expired holds), so a
confirmed booking's claims (``expires_at`` NULL) need no entry in that index. A booking
takes a claim per time bucket (three for a 45-minute show): three index entries fewer
per confirmed booking.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXPIRING = sa.text("expires_at IS NOT NULL")


def upgrade() -> None:
    op.drop_index(
        "ix_booking_allocation_claims_key_expires_at",
        table_name="booking_allocation_claims",
    )
    op.create_index(
        "ix_booking_allocation_claims_key_expiring",
        "booking_allocation_claims",
        ["resource_id", "period", "expires_at"],
        postgresql_where=EXPIRING,
        sqlite_where=EXPIRING,
    )


def downgrade() -> None:
    op.drop_index(
        "ix_booking_allocation_claims_key_expiring",
        table_name="booking_allocation_claims",
    )
    op.create_index(
        "ix_booking_allocation_claims_key_expires_at",
        "booking_allocation_claims",
        ["resource_id", "period", "expires_at"],
    )
