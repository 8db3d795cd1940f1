"""The OCTo ledger port: what the reseller channel remembers beyond the booking domain.

OCTo names bookings by the reseller's ``uuid`` and groups them into cart orders; the
domain names them by its own id and knows neither. An :class:`OctoLedger` keeps, per
reseller (``owner``), the uuid → booking id map, the reseller's reference, notes and
contact as sent, the booking's local date (for listing by date) and the cart orders.

Records are keyed by ``(owner, uuid)`` and orders by ``(owner, id)``: a reseller never
sees another's. An order's bookings are the records that name it (``order_id``), in the
order they were first saved, so adding a booking to an order is a single insert and two
workers filling one cart cannot overwrite each other.

:class:`MemoryOctoLedger` is the in-memory implementation (tests, demos); the SQL one is
``tourlink.storage.octo.SqlOctoLedger`` and passes the same contract tests.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol


class OrderState(StrEnum):
    """Where a cart order stands (its bookings have their own statuses)."""

    OPEN = "OPEN"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class OctoBookingRecord:
    """One reseller's booking, as OCTo sees it.

    ``local_date`` is the local calendar date of the booking's slot when the record was
    last saved; ``updated_at`` is when the record was last saved (None: never changed).
    """

    owner: str
    uuid: str
    booking_id: str
    created_at: datetime
    reseller_reference: str | None = None
    notes: str | None = None
    order_id: str | None = None
    contact: dict[str, Any] | None = None
    unit_item_uuids: tuple[str, ...] = ()
    local_date: date | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class OctoOrder:
    """A cart order: bookings confirmed or cancelled together.

    ``booking_uuids`` is filled by the ledger when it reads the order (from the records
    that name it); it is ignored when the order is saved.
    """

    owner: str
    id: str
    created_at: datetime
    expiration_minutes: int | None = None
    booking_uuids: tuple[str, ...] = ()
    contact: dict[str, Any] | None = None
    cancelled_at: datetime | None = None
    confirmed_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def state(self) -> OrderState:
        if self.cancelled_at is not None:
            return OrderState.CANCELLED
        if self.confirmed_at is not None:
            return OrderState.CONFIRMED
        return OrderState.OPEN


class OctoLedger(Protocol):
    """Storage of OCTo records, keyed by owner so a reseller sees only its own.

    Every write is durable when the method returns (the SQL ledger commits).
    """

    def booking(self, owner: str, uuid: str) -> OctoBookingRecord | None:
        """The owner's record ``uuid``, or None."""
        ...

    def save_booking(self, record: OctoBookingRecord) -> None:
        """Insert or replace the record ``(record.owner, record.uuid)``; a replaced
        record keeps its place in its order."""
        ...

    def bookings(self, owner: str) -> list[OctoBookingRecord]:
        """Every record of the owner, by ``created_at`` then uuid."""
        ...

    def find_bookings(
        self,
        owner: str,
        *,
        reseller_reference: str | None = None,
        booking_id: str | None = None,
        local_date_start: date | None = None,
        local_date_end: date | None = None,
    ) -> list[OctoBookingRecord]:
        """The owner's records matching every given filter (dates inclusive; a record
        without a ``local_date`` never matches a date filter), by ``created_at``, uuid."""
        ...

    def order(self, owner: str, order_id: str) -> OctoOrder | None:
        """The owner's order with its ``booking_uuids`` in insertion order, or None."""
        ...

    def save_order(self, order: OctoOrder) -> None:
        """Insert or replace the order ``(order.owner, order.id)`` (not its bookings)."""
        ...


def matches(
    record: OctoBookingRecord,
    *,
    reseller_reference: str | None = None,
    booking_id: str | None = None,
    local_date_start: date | None = None,
    local_date_end: date | None = None,
) -> bool:
    """Whether a record passes :meth:`OctoLedger.find_bookings`' filters."""
    if (
        reseller_reference is not None
        and record.reseller_reference != reseller_reference
    ):
        return False
    if booking_id is not None and record.booking_id != booking_id:
        return False
    if local_date_start is None and local_date_end is None:
        return True
    if record.local_date is None:
        return False
    if local_date_start is not None and record.local_date < local_date_start:
        return False
    return local_date_end is None or record.local_date <= local_date_end


def _by_creation(records: Sequence[OctoBookingRecord]) -> list[OctoBookingRecord]:
    return sorted(records, key=lambda r: (r.created_at, r.uuid))


@dataclass
class MemoryOctoLedger:
    """A thread-safe in-memory :class:`OctoLedger` (one process, lost on restart)."""

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
        return _by_creation(found)

    def find_bookings(
        self,
        owner: str,
        *,
        reseller_reference: str | None = None,
        booking_id: str | None = None,
        local_date_start: date | None = None,
        local_date_end: date | None = None,
    ) -> list[OctoBookingRecord]:
        return [
            r
            for r in self.bookings(owner)
            if matches(
                r,
                reseller_reference=reseller_reference,
                booking_id=booking_id,
                local_date_start=local_date_start,
                local_date_end=local_date_end,
            )
        ]

    def order(self, owner: str, order_id: str) -> OctoOrder | None:
        with self._lock:
            order = self._orders.get((owner, order_id))
            if order is None:
                return None
            uuids = tuple(
                r.uuid
                for (o, _), r in self._bookings.items()
                if o == owner and r.order_id == order_id
            )
        return dataclasses.replace(order, booking_uuids=uuids)

    def save_order(self, order: OctoOrder) -> None:
        with self._lock:
            self._orders[(order.owner, order.id)] = dataclasses.replace(
                order, booking_uuids=()
            )
