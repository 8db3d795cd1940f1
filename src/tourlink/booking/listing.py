"""Listing products and slots: a read-only port next to the store port.

The store port (``ports.py``) reads one product or slot by id; OCTo, the booking API and
the trip planner also need "every product" and "the slots of a product on these local
days". :class:`BookingCatalogue` is that query port. The SQL implementation
(``tourlink.storage.octo.SqlBookingCatalogue``) answers it with indexed queries on the
booking tables; :class:`AuditLogCatalogue` answers it over *any* booking service by
reading the audit log (every ``product.saved`` / ``slot.saved``), which costs a full
scan per call and is meant only for the in-memory store used by tests and demos.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol

from tourlink.core.clock import LOCAL_TZ

from .products import Product
from .slots import Slot

if TYPE_CHECKING:
    from .service import BookingService


def local_day(slot: Slot) -> date:
    """The local calendar date a slot starts on."""
    return slot.start.astimezone(LOCAL_TZ).date()


def day_bounds(
    start: date | None, end: date | None
) -> tuple[datetime | None, datetime | None]:
    """The instants ``[first, last)`` covering local dates ``start..end`` (inclusive)."""
    first = None if start is None else datetime.combine(start, time(), LOCAL_TZ)
    last = (
        None
        if end is None
        else datetime.combine(end + timedelta(days=1), time(), LOCAL_TZ)
    )
    return first, last


class BookingCatalogue(Protocol):
    """Read-only listings of products and slots."""

    def products(self) -> list[Product]:
        """Every product, by id."""
        ...

    def slots(
        self,
        product_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Slot]:
        """Slots (of one product) starting on local dates ``start..end`` (inclusive,
        either open), by start then id."""
        ...


def select_slots(
    slots: list[Slot],
    product_id: str | None,
    start: date | None,
    end: date | None,
) -> list[Slot]:
    """The slots :meth:`BookingCatalogue.slots` answers, from a list of candidates."""
    first, last = day_bounds(start, end)
    out = [
        s
        for s in slots
        if (product_id is None or s.product_id == product_id)
        and (first is None or s.start >= first)
        and (last is None or s.start < last)
    ]
    return sorted(out, key=lambda s: (s.start, s.id))


class AuditLogCatalogue:
    """A :class:`BookingCatalogue` over any booking service, through its audit log.

    A full scan of the audit log per call: for the in-memory store only. Deployments
    wire ``SqlBookingCatalogue``.
    """

    def __init__(self, service: BookingService) -> None:
        self._service = service

    def _subjects(self, action: str) -> list[str]:
        seen: dict[str, None] = {}
        for entry in self._service.audit_log():
            if entry.action == action:
                seen.setdefault(entry.subject_id, None)
        return list(seen)

    def products(self) -> list[Product]:
        with self._service.store.unit_of_work() as tx:
            found = [tx.get_product(p) for p in self._subjects("product.saved")]
        return sorted((p for p in found if p is not None), key=lambda p: p.id)

    def slots(
        self,
        product_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Slot]:
        with self._service.store.unit_of_work() as tx:
            found = [tx.get_slot(s) for s in self._subjects("slot.saved")]
        return select_slots([s for s in found if s is not None], product_id, start, end)
