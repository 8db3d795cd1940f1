"""Read-side queries the booking service does not offer yet: list products and slots.

The booking port reads one product, slot or booking by id; OCTo and the pages also need
"every product" and "the slots of a product between two dates". Until the service grows
such queries, this module answers them through the store port (read-only units of work)
and the audit log, in which the service records every ``product.saved`` and
``slot.saved``. Works with any store that honours the port (memory or SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from tourlink.booking import (
    Booking,
    BookingNotFoundError,
    BookingService,
    Product,
    ProductNotFoundError,
    Slot,
    SlotNotFoundError,
)
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import NotFoundError
from tourlink.services.container import Services


class BookingUnavailableError(NotFoundError):
    """The deployment has no booking service configured: its booking routes name nothing."""

    default_code = "booking_unavailable"


def booking_service(services: Services) -> BookingService:
    """``services.booking``; a 503 error if this deployment has no booking service."""
    service = getattr(services, "booking", None)
    if service is None:
        raise BookingUnavailableError("bookings are not enabled on this server")
    return cast("BookingService", service)


def local_day(slot: Slot) -> date:
    """The local calendar date a slot starts on."""
    return slot.start.astimezone(LOCAL_TZ).date()


@dataclass(frozen=True)
class BookingDirectory:
    """Lists products and slots; loads them by id with the domain's not-found errors."""

    service: BookingService

    def _subjects(self, action: str) -> list[str]:
        seen: dict[str, None] = {}
        for entry in self.service.audit_log():
            if entry.action == action:
                seen.setdefault(entry.subject_id, None)
        return list(seen)

    def products(self) -> list[Product]:
        """Every registered product, in registration order."""
        with self.service.store.unit_of_work() as tx:
            found = [tx.get_product(p) for p in self._subjects("product.saved")]
        return [p for p in found if p is not None]

    def product(self, product_id: str) -> Product:
        with self.service.store.unit_of_work() as tx:
            product = tx.get_product(product_id)
        if product is None:
            raise ProductNotFoundError(
                f"no product {product_id!r}", context={"product_id": product_id}
            )
        return product

    def slot(self, slot_id: str) -> Slot:
        with self.service.store.unit_of_work() as tx:
            slot = tx.get_slot(slot_id)
        if slot is None:
            raise SlotNotFoundError(
                f"no slot {slot_id!r}", context={"slot_id": slot_id}
            )
        return slot

    def slots(
        self,
        product_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Slot]:
        """Slots (of one product), starting on local dates ``start..end``, by start."""
        with self.service.store.unit_of_work() as tx:
            found = [tx.get_slot(s) for s in self._subjects("slot.saved")]
        out = [
            s
            for s in found
            if s is not None
            and (product_id is None or s.product_id == product_id)
            and (start is None or local_day(s) >= start)
            and (end is None or local_day(s) <= end)
        ]
        return sorted(out, key=lambda s: (s.start, s.id))

    def bookings(self, ids: Sequence[str]) -> list[Booking]:
        """Bookings by id (unknown ids are skipped)."""
        out: list[Booking] = []
        for booking_id in ids:
            try:
                out.append(self.service.get_booking(booking_id))
            except BookingNotFoundError:
                continue
        return out

    def slot_bookings(self, slot_id: str) -> list[Booking]:
        """Every booking of a slot, oldest first."""
        with self.service.store.unit_of_work() as tx:
            return tx.bookings_for_slot(slot_id)
