"""SQL implementations of the OCTo ledger and of the product/slot listings.

:class:`SqlOctoLedger` implements :class:`tourlink.booking.octo_ledger.OctoLedger` over
``octo_bookings`` / ``octo_orders``; each write is one committed transaction (on SQLite
the booking store switches the shared engine to ``synchronous = FULL``).

:class:`SqlBookingCatalogue` implements :class:`tourlink.booking.listing.BookingCatalogue`
with read-only queries on the booking engine's tables (``booking_products``,
``booking_slots`` and its ``(product_id, start)`` index); it never writes them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tourlink.booking import Product, Slot
from tourlink.booking.listing import day_bounds
from tourlink.booking.octo_ledger import OctoBookingRecord, OctoOrder

from .booking_codec import from_document
from .booking_tables import BookingProductRow, BookingSlotRow
from .database import Database
from .octo_tables import OctoBookingRow, OctoOrderRow

Records: Table = OctoBookingRow.__table__  # type: ignore[assignment]
Orders: Table = OctoOrderRow.__table__  # type: ignore[assignment]
Products: Table = BookingProductRow.__table__  # type: ignore[assignment]
Slots: Table = BookingSlotRow.__table__  # type: ignore[assignment]


def _upsert(session: Session, table: Table, keys: list[str], **values: Any) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(**values)
    changed = {k: v for k, v in values.items() if k not in keys}
    session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=changed))


def _record(row: Any) -> OctoBookingRecord:
    return OctoBookingRecord(
        owner=row.owner,
        uuid=row.uuid,
        booking_id=row.booking_id,
        created_at=row.created_at,
        reseller_reference=row.reseller_reference,
        notes=row.notes,
        order_id=row.order_id,
        contact=dict(row.contact) if row.contact is not None else None,
        unit_item_uuids=tuple(row.unit_item_uuids or ()),
        local_date=row.local_date,
        updated_at=row.updated_at,
    )


class SqlOctoLedger:
    """The OCTo ledger on PostgreSQL or SQLite (migrated to head)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def booking(self, owner: str, uuid: str) -> OctoBookingRecord | None:
        with self._db.read() as s:
            row = s.execute(
                select(Records).where(Records.c.owner == owner, Records.c.uuid == uuid)
            ).first()
        return None if row is None else _record(row)

    def save_booking(self, record: OctoBookingRecord) -> None:
        with self._db.write() as s:
            _upsert(
                s,
                Records,
                ["owner", "uuid"],
                owner=record.owner,
                uuid=record.uuid,
                booking_id=record.booking_id,
                reseller_reference=record.reseller_reference,
                order_id=record.order_id,
                local_date=record.local_date,
                notes=record.notes,
                contact=record.contact,
                unit_item_uuids=list(record.unit_item_uuids),
                created_at=record.created_at,
                updated_at=record.updated_at or record.created_at,
            )

    def _select(self, owner: str, *conditions: Any) -> list[OctoBookingRecord]:
        stmt = (
            select(Records)
            .where(Records.c.owner == owner, *conditions)
            .order_by(Records.c.created_at, Records.c.uuid)
        )
        with self._db.read() as s:
            return [_record(row) for row in s.execute(stmt)]

    def bookings(self, owner: str) -> list[OctoBookingRecord]:
        return self._select(owner)

    def find_bookings(
        self,
        owner: str,
        *,
        reseller_reference: str | None = None,
        booking_id: str | None = None,
        local_date_start: date | None = None,
        local_date_end: date | None = None,
    ) -> list[OctoBookingRecord]:
        conditions: list[Any] = []
        if reseller_reference is not None:
            conditions.append(Records.c.reseller_reference == reseller_reference)
        if booking_id is not None:
            conditions.append(Records.c.booking_id == booking_id)
        if local_date_start is not None:
            conditions.append(Records.c.local_date >= local_date_start)
        if local_date_end is not None:
            conditions.append(Records.c.local_date <= local_date_end)
        return self._select(owner, *conditions)

    def order(self, owner: str, order_id: str) -> OctoOrder | None:
        with self._db.read() as s:
            row = s.execute(
                select(Orders).where(Orders.c.owner == owner, Orders.c.id == order_id)
            ).first()
            if row is None:
                return None
            uuids = s.scalars(
                select(Records.c.uuid)
                .where(Records.c.owner == owner, Records.c.order_id == order_id)
                .order_by(Records.c.seq)
            ).all()
        return OctoOrder(
            owner=row.owner,
            id=row.id,
            created_at=row.created_at,
            expiration_minutes=row.expiration_minutes,
            booking_uuids=tuple(uuids),
            contact=dict(row.contact) if row.contact is not None else None,
            cancelled_at=row.cancelled_at,
            confirmed_at=row.confirmed_at,
            updated_at=row.updated_at,
        )

    def save_order(self, order: OctoOrder) -> None:
        with self._db.write() as s:
            _upsert(
                s,
                Orders,
                ["owner", "id"],
                owner=order.owner,
                id=order.id,
                status=order.state.value,
                expiration_minutes=order.expiration_minutes,
                contact=order.contact,
                created_at=order.created_at,
                updated_at=order.updated_at or order.created_at,
                confirmed_at=order.confirmed_at,
                cancelled_at=order.cancelled_at,
            )


class SqlBookingCatalogue:
    """Products and slots listed by SQL over the booking tables (read-only)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def products(self) -> list[Product]:
        with self._db.read() as s:
            rows = s.scalars(select(Products.c.data).order_by(Products.c.id)).all()
        return [from_document(Product, data) for data in rows]

    def slots(
        self,
        product_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Slot]:
        first, last = day_bounds(start, end)
        stmt = select(Slots.c.data).order_by(Slots.c.start, Slots.c.id)
        if product_id is not None:
            stmt = stmt.where(Slots.c.product_id == product_id)
        if first is not None:
            stmt = stmt.where(Slots.c.start >= first)
        if last is not None:
            stmt = stmt.where(Slots.c.start < last)
        with self._db.read() as s:
            rows = s.scalars(stmt).all()
        return [from_document(Slot, data) for data in rows]
