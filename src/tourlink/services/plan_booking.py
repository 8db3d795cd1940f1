"""Glue between planned trips and the booking engine.

* :class:`BookingAvailability` answers the planner's "places left in this session?" from
  the booking service (sessions not sold through tourlink are "unknown": assumed open);
* :func:`book_plan` books a whole plan as **one package**: every item of the plan that is
  sold in timed slots (shows, workshops, cruises...) is held all-or-nothing, then the
  package is confirmed and a signed ticket issued per item. If an item sold out since
  the plan was made, nothing is held and :class:`PlanItemSoldOutError` lists the other
  sessions of that experience during the trip that still fit the party.

The booking service is reached through the small :class:`SlotDirectory` protocol for
listing slots (the web layer passes its booking directory).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from tourlink.booking import (
    Booking,
    BookingService,
    Contact,
    PackageItem,
    PackageItemUnavailableError,
    Product,
    ProductNotFoundError,
    Slot,
    SlotNotFoundError,
    qr_svg,
)
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import ConflictError, InvalidInputError
from tourlink.trips import PlanItem, TripPlan

BOOKABLE_KINDS = frozenset({"show", "visit"})


class SlotDirectory(Protocol):
    """Read access to products and slots (``web.octo.directory.BookingDirectory``)."""

    def product(self, product_id: str) -> Product:
        """A product by id; raises ``ProductNotFoundError``."""
        ...

    def slots(
        self,
        product_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Slot]:
        """Slots of a product starting on local dates ``start..end``."""
        ...


class PlanItemSoldOutError(ConflictError):
    """An item of the plan cannot be held any more; nothing of the plan was held.

    ``context``: ``item`` (the plan item's id), ``name``, ``start`` and ``alternatives``
    (other sessions during the trip that fit the party: slot id, start, places left).
    """

    default_code = "plan_item_sold_out"


class NothingToBookError(InvalidInputError):
    """The plan has no item sold through tourlink (only free sights, meals, hotels)."""

    default_code = "nothing_to_book"


@dataclass(frozen=True)
class BookedItem:
    """One confirmed item of a booked plan, with its ticket."""

    plan_item: PlanItem
    booking: Booking
    token: str
    day: date

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.plan_item.id,
            "name": self.plan_item.name,
            "start": self.plan_item.start.isoformat(),
            "booking_id": self.booking.id,
            "slot_id": self.booking.slot_id,
            "units": dict(self.booking.units),
            "price_vnd": self.booking.price_vnd,
            "status": self.booking.status.value,
            "ticket": {"token": self.token, "day": self.day.isoformat()},
            "qr_svg": qr_svg(self.token),
        }


@dataclass(frozen=True)
class PlanBooking:
    """The result of booking a plan: the package and every booked item."""

    package_id: str
    items: tuple[BookedItem, ...]
    not_sold_here: tuple[PlanItem, ...] = field(default=())

    @property
    def total_vnd(self) -> int:
        return sum(i.booking.price_vnd for i in self.items)

    def to_json(self) -> dict[str, Any]:
        return {
            "package_id": self.package_id,
            "status": "CONFIRMED",
            "total_vnd": self.total_vnd,
            "items": [i.to_json() for i in self.items],
            "not_booked": [
                {"id": i.id, "name": i.name, "kind": i.kind} for i in self.not_sold_here
            ],
        }


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def _product(directory: SlotDirectory, product_id: str | None) -> Product | None:
    if product_id is None:
        return None
    try:
        return directory.product(product_id)
    except ProductNotFoundError:
        return None


def find_slot(
    directory: SlotDirectory, product_id: str, start: datetime
) -> Slot | None:
    """The slot of ``product_id`` starting exactly at ``start``."""
    day = _local_day(start)
    for slot in directory.slots(product_id, day, day):
        if slot.start == start:
            return slot
    return None


def party_units(product: Product, adults: int, children: int) -> dict[str, int]:
    """Units of the product's option for the party: ``adult``/``child`` when sold so,
    else everyone as ``person`` (or the first unit type)."""
    ids = [u.id for u in product.options[0].units]
    if "adult" in ids:
        if "child" in ids and children:
            return {"adult": adults, "child": children}
        return {"adult": adults + children}
    unit = "person" if "person" in ids else ids[0]
    return {unit: adults + children}


@dataclass(frozen=True)
class BookingAvailability:
    """The planner's availability source backed by the booking service."""

    service: BookingService
    directory: SlotDirectory

    def remaining(self, experience_id: str, start: datetime, party: int) -> int | None:
        del party
        product = _product(self.directory, experience_id)
        if product is None:
            return None
        slot = find_slot(self.directory, experience_id, start)
        if slot is None:
            return None
        return self.service.availability(slot.id, product.options[0].id).remaining


def _alternatives(
    service: BookingService,
    directory: SlotDirectory,
    product: Product,
    plan: TripPlan,
    units: dict[str, int],
    taken: str,
) -> list[dict[str, Any]]:
    first, last = plan.days[0].date, plan.days[-1].date
    out: list[dict[str, Any]] = []
    for slot in directory.slots(product.id, first, last):
        if slot.id == taken:
            continue
        found = service.availability(slot.id, product.options[0].id, units)
        if found.fits:
            out.append(
                {
                    "slot_id": slot.id,
                    "start": slot.start.astimezone(LOCAL_TZ).isoformat(),
                    "remaining": found.remaining,
                }
            )
    return out


def book_plan(
    plan: TripPlan,
    service: BookingService,
    directory: SlotDirectory,
    contact: Contact,
    *,
    idempotency_key: str | None = None,
) -> PlanBooking:
    """Hold every bookable item of ``plan`` as one package, then confirm it.

    Raises
    ------
    NothingToBookError
        No item of the plan is sold in slots through tourlink.
    PlanItemSoldOutError
        An item cannot be held (sold out, closed); nothing was held.
    """
    party = plan.built.wish.party
    adults, children = party.adults + party.seniors, party.children
    chosen: list[tuple[PlanItem, Product, Slot, dict[str, int]]] = []
    others: list[PlanItem] = []
    for item in plan.items():
        if item.kind not in BOOKABLE_KINDS:
            continue
        product = _product(directory, item.id)
        slot = find_slot(directory, product.id, item.start) if product else None
        if product is None or slot is None:
            if item.kind == "show":
                others.append(item)
            continue
        chosen.append((item, product, slot, party_units(product, adults, children)))
    if not chosen:
        raise NothingToBookError(
            "nothing in this plan is sold through tourlink (free sights, meals and "
            "hotels are paid on the spot); add a show or workshop to book it here"
        )
    items = [PackageItem(p.id, p.options[0].id, s.id, u) for _, p, s, u in chosen]
    try:
        package = service.hold_package(
            items, contact=contact, idempotency_key=idempotency_key
        )
    except PackageItemUnavailableError as err:
        index = int(err.context.get("item", 0))
        item, product, slot, units = chosen[index]
        alternatives = _alternatives(service, directory, product, plan, units, slot.id)
        raise PlanItemSoldOutError(
            f"{item.name} at {item.start:%Y-%m-%d %H:%M} can no longer be booked for "
            f"the party ({err.context.get('reason', 'unavailable')}); nothing was held. "
            + (
                f"{len(alternatives)} other session(s) during the trip still fit: "
                "choose one, or remove the item and re-plan"
                if alternatives
                else "No other session during the trip fits: remove it and re-plan"
            ),
            context={
                "item": item.id,
                "name": item.name,
                "start": item.start.isoformat(),
                "reason": err.context.get("reason"),
                "alternatives": alternatives,
            },
        ) from err
    except SlotNotFoundError as err:  # pragma: no cover - slots were just listed
        raise PlanItemSoldOutError(str(err.message)) from err
    confirmed = service.confirm_package(package.id, contact=contact)
    booked = []
    for (item, _p, _s, _u), booking in zip(chosen, confirmed, strict=True):
        ticket = service.issue_ticket(booking.id)
        booked.append(BookedItem(item, booking, ticket.token, ticket.day))
    return PlanBooking(package.id, tuple(booked), tuple(others))


def plan_bookable(plan: TripPlan, directory: SlotDirectory) -> Sequence[PlanItem]:
    """The items of ``plan`` that :func:`book_plan` would book."""
    out = []
    for item in plan.items():
        if item.kind in BOOKABLE_KINDS and item.id is not None:
            product = _product(directory, item.id)
            if product is not None and find_slot(directory, item.id, item.start):
                out.append(item)
    return out
