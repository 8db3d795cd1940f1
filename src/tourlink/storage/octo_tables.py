"""Tables of the OCTo ledger (``tourlink.booking.octo_ledger``), on the shared metadata.

- ``octo_bookings``: one row per reseller booking, unique on ``(owner, uuid)``, with
  ``seq`` recording insertion order (an order lists its bookings in that order) and
  indexes for the OCTo list filters: ``(owner, reseller_reference)``,
  ``(owner, booking_id)`` (``supplierReference``), ``(owner, local_date)`` and
  ``(owner, order_id)``;
- ``octo_orders``: one row per cart order, primary key ``(owner, id)``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .tables import Base, JsonDocument


class OctoBookingRow(Base):
    """A reseller's booking: its uuid, the domain booking id and what OCTo keeps."""

    __tablename__ = "octo_bookings"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner: Mapped[str] = mapped_column(String(200))
    uuid: Mapped[str] = mapped_column(String(100))
    booking_id: Mapped[str] = mapped_column(String(80))
    reseller_reference: Mapped[str | None] = mapped_column(String(255))
    order_id: Mapped[str | None] = mapped_column(String(100))
    local_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    unit_item_uuids: Mapped[list[str]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("owner", "uuid", name="uq_octo_bookings_owner_uuid"),
        Index(
            "ix_octo_bookings_owner_reseller_reference", "owner", "reseller_reference"
        ),
        Index("ix_octo_bookings_owner_booking_id", "owner", "booking_id"),
        Index("ix_octo_bookings_owner_local_date", "owner", "local_date"),
        Index("ix_octo_bookings_owner_order_id", "owner", "order_id"),
    )


class OctoOrderRow(Base):
    """A reseller's cart order."""

    __tablename__ = "octo_orders"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True)
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    expiration_minutes: Mapped[int | None] = mapped_column(Integer)
    contact: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


__all__ = ["OctoBookingRow", "OctoOrderRow"]
