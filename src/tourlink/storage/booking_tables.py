"""Tables of the booking engine (``tourlink.booking``), on the shared metadata.

Reference data and value objects are JSON documents next to the columns the store
filters, orders and locks on. The capacity ledger is relational:

- ``booking_capacity_counters``: one row per capacity key ``(resource_id, period)`` with
  ``used`` places and the ``capacity`` of the last claim; the only place capacity is taken
  (a conditional ``UPDATE``, see ``docs/dev/booking-concurrency.md``);
- ``booking_allocations``: one row per owner (booking, allotment) with its optional expiry
  and its claims (the places it takes per key, a JSON list; migration 0008);
- ``booking_allocation_claims``: a *hold's* claims again, one row per key with the hold's
  expiry, so that expired claims of one key are found by index; an allocation that
  cannot expire (a confirmed booking) has none. No foreign key to the allocation
  (migration 0007: its check was a query and a row lock per claim); the ledger writes
  and deletes these rows only with their allocation, and reconciliation reports any
  that do not match it.

``booking_idempotency`` has the primary key ``(scope, key)``: a concurrent duplicate insert
waits on it and then fails, which the store reports as a lost race.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .tables import Base, JsonDocument


class BookingResourceRow(Base):
    """A capacity pool (``Resource``)."""

    __tablename__ = "booking_resources"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class BookingProductRow(Base):
    """A sellable product with its options and policies."""

    __tablename__ = "booking_products"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    experience_id: Mapped[str] = mapped_column(String(120), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class BookingSlotRow(Base):
    """One session of a product; locked ``FOR UPDATE`` to serialise its bookings."""

    __tablename__ = "booking_slots"

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(120))
    start: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)

    __table_args__ = (
        Index("ix_booking_slots_product_id_start", "product_id", "start"),
    )


class BookingRow(Base):
    """A booking; ``seq`` records insertion order (ties of ``created_at``)."""

    __tablename__ = "bookings"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(80), unique=True)
    slot_id: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)

    __table_args__ = (Index("ix_bookings_slot_id_created_at", "slot_id", "created_at"),)


class BookingPackageRow(Base):
    """A package of item bookings."""

    __tablename__ = "booking_packages"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class BookingAllotmentRow(Base):
    """Places blocked on a slot for a group."""

    __tablename__ = "booking_allotments"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot_id: Mapped[str] = mapped_column(String(160), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class BookingWaitlistRow(Base):
    """A waiting-list entry; read in ``position`` order per slot."""

    __tablename__ = "booking_waitlist"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot_id: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)

    __table_args__ = (
        Index("ix_booking_waitlist_slot_id_position", "slot_id", "position"),
    )


class CapacityCounterRow(Base):
    """Places taken on one capacity key."""

    __tablename__ = "booking_capacity_counters"

    resource_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    period: Mapped[str] = mapped_column(String(40), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer)


class AllocationRow(Base):
    """The live reservation of one owner (a booking or an allotment)."""

    __tablename__ = "booking_allocations"

    owner_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot_id: Mapped[str] = mapped_column(String(160))
    expires_at: Mapped[datetime | None]
    claims: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument)
    """``[{"resource_id", "period", "places", "capacity"}, ...]`` (read back sorted)."""


class AllocationClaimRow(Base):
    """Places a hold takes on one key, with the hold's expiry (only allocations that
    can expire have these rows)."""

    __tablename__ = "booking_allocation_claims"

    owner_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    resource_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    period: Mapped[str] = mapped_column(String(40), primary_key=True)
    places: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime | None]

    __table_args__ = (
        # Only holds' claims can expire, and every lookup by key asks for expired ones.
        Index(
            "ix_booking_allocation_claims_key_expiring",
            "resource_id",
            "period",
            "expires_at",
            postgresql_where=text("expires_at IS NOT NULL"),
            sqlite_where=text("expires_at IS NOT NULL"),
        ),
    )


class IdempotencyRow(Base):
    """The remembered result of a request made with an idempotency key."""

    __tablename__ = "booking_idempotency"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    result_id: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class BookingAuditRow(Base):
    """An append-only audit entry."""

    __tablename__ = "booking_audit"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[str] = mapped_column(String(160), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class OccupancyRow(Base):
    """The live occupancy counter of a resource (entry/exit scans)."""

    __tablename__ = "booking_occupancy"

    resource_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


__all__ = [
    "AllocationClaimRow",
    "AllocationRow",
    "BookingAllotmentRow",
    "BookingAuditRow",
    "BookingPackageRow",
    "BookingProductRow",
    "BookingResourceRow",
    "BookingRow",
    "BookingSlotRow",
    "BookingWaitlistRow",
    "CapacityCounterRow",
    "IdempotencyRow",
    "OccupancyRow",
]
