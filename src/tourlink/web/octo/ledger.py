"""What OCTo needs to remember beyond the booking domain: client uuids, owners, orders.

OCTo names bookings by the reseller's ``uuid`` and groups them into cart orders; the
domain names them by its own id and knows neither. A :class:`OctoLedger` keeps, per
reseller (``owner``), the uuid → booking id map, the reseller's reference and notes, and
the orders. :class:`MemoryOctoLedger` is the in-memory implementation; a SQL deployment
needs a table with the same keys (``owner``, ``uuid``) — see ``docs/dev/octo.md``.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class OctoBookingRecord:
    """One reseller's booking, as OCTo sees it."""

    owner: str
    uuid: str
    booking_id: str
    created_at: datetime
    reseller_reference: str | None = None
    notes: str | None = None
    order_id: str | None = None
    contact: dict[str, Any] | None = None
    unit_item_uuids: tuple[str, ...] = ()


@dataclass(frozen=True)
class OctoOrder:
    """A cart order: bookings confirmed or cancelled together."""

    owner: str
    id: str
    created_at: datetime
    expiration_minutes: int | None = None
    booking_uuids: tuple[str, ...] = ()
    contact: dict[str, Any] | None = None
    cancelled_at: datetime | None = None
    confirmed_at: datetime | None = None

    def adding(self, uuid: str) -> OctoOrder:
        if uuid in self.booking_uuids:
            return self
        return dataclasses.replace(self, booking_uuids=(*self.booking_uuids, uuid))


class OctoLedger(Protocol):
    """Storage of OCTo records, keyed by owner so a reseller sees only its own."""

    def booking(self, owner: str, uuid: str) -> OctoBookingRecord | None: ...
    def save_booking(self, record: OctoBookingRecord) -> None: ...
    def bookings(self, owner: str) -> list[OctoBookingRecord]: ...
    def order(self, owner: str, order_id: str) -> OctoOrder | None: ...
    def save_order(self, order: OctoOrder) -> None: ...


@dataclass
class MemoryOctoLedger:
    """A thread-safe in-memory :class:`OctoLedger`."""

    _bookings: dict[tuple[str, str], OctoBookingRecord] = field(default_factory=dict)
    _orders: dict[tuple[str, str], OctoOrder] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def booking(self, owner: str, uuid: str) -> OctoBookingRecord | None:
        with self._lock:
            return self._bookings.get((owner, uuid))

    def save_booking(self, record: OctoBookingRecord) -> None:
        with self._lock:
            self._bookings[(record.owner, record.uuid)] = record

    def bookings(self, owner: str) -> list[OctoBookingRecord]:
        with self._lock:
            found = [r for (o, _), r in self._bookings.items() if o == owner]
        return sorted(found, key=lambda r: (r.created_at, r.uuid))

    def order(self, owner: str, order_id: str) -> OctoOrder | None:
        with self._lock:
            return self._orders.get((owner, order_id))

    def save_order(self, order: OctoOrder) -> None:
        with self._lock:
            self._orders[(order.owner, order.id)] = order
