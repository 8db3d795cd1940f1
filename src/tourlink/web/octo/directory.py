"""Read-side queries for the web: list products and slots, load them by id.

Listings go through the :class:`~tourlink.booking.listing.BookingCatalogue` port:
``Services.booking_catalogue`` (indexed SQL queries in deployments, wired by
``tourlink.bootstrap``), else :class:`~tourlink.booking.listing.AuditLogCatalogue`, which
reads the audit log and is meant for the in-memory store only.

``BookingDirectory(service)`` without a catalogue uses the one registered for that
service by :func:`booking_service` (every web caller gets its service through it), so
callers that only hold the service still list through the configured catalogue.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from tourlink.booking.listing import AuditLogCatalogue, BookingCatalogue
from tourlink.booking.listing import local_day as local_day
from tourlink.core.errors import NotFoundError
from tourlink.services.container import Services

_catalogues: weakref.WeakKeyDictionary[BookingService, BookingCatalogue] = (
    weakref.WeakKeyDictionary()
)


class BookingUnavailableError(NotFoundError):
    """The deployment has no booking service configured: its booking routes name nothing."""

    default_code = "booking_unavailable"


def booking_service(services: Services) -> BookingService:
    """``services.booking``; a 503 error if this deployment has no booking service.

    Also remembers ``services.booking_catalogue`` for that service (see the module).
    """
    service = getattr(services, "booking", None)
    if service is None:
        raise BookingUnavailableError("bookings are not enabled on this server")
    catalogue = getattr(services, "booking_catalogue", None)
    if catalogue is not None:
        _catalogues[service] = catalogue
    return cast("BookingService", service)


def catalogue_for(service: BookingService) -> BookingCatalogue:
    """The catalogue registered for ``service``, else one over its audit log."""
    return _catalogues.get(service) or AuditLogCatalogue(service)


@dataclass(frozen=True)
class BookingDirectory:
    """Lists products and slots; loads them by id with the domain's not-found errors."""

    service: BookingService
    catalogue: BookingCatalogue | None = field(default=None)

    @property
    def _listing(self) -> BookingCatalogue:
        return self.catalogue or catalogue_for(self.service)

    def products(self) -> list[Product]:
        """Every product, by id."""
        return self._listing.products()

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
        return self._listing.slots(product_id, start, end)

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
