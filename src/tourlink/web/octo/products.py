"""OCTo supplier, products and availability: ``/octo/supplier``, ``/octo/products``,
``/octo/availability`` and ``/octo/availability/calendar``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request

from tourlink.booking import Availability, SlotNotFoundError
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import InvalidInputError

from .context import SUPPORTED_CAPABILITIES, Octo, OctoDep, get_octo
from .directory import local_day
from .render import availability_out, calendar_day_out, product_out
from .schemas import AvailabilityCalendarIn, AvailabilityCheckIn, AvailabilityUnitIn

router = APIRouter()
MAX_DAYS = 366


def _start_times(octo: Octo, product_id: str) -> list[str]:
    today = octo.now.date()
    times = {
        s.start.astimezone(LOCAL_TZ).strftime("%H:%M")
        for s in octo.directory.slots(product_id, today, today + timedelta(days=60))
    }
    return sorted(times)


SUPPLIER_ID = "tourlink"


@router.get("/supplier", dependencies=[Depends(get_octo)])
def supplier(request: Request) -> dict[str, Any]:
    """The supplier: this tourlink installation."""
    base = str(request.base_url).rstrip("/")
    return {
        "id": SUPPLIER_ID,
        "name": "tourlink heritage bookings",
        "endpoint": f"{base}/octo",
        "contact": {
            "website": base,
            "email": None,
            "telephone": None,
            "address": None,
        },
    }


@router.get("/suppliers", dependencies=[Depends(get_octo)])
def suppliers(request: Request) -> list[dict[str, Any]]:
    """The older OCTo form (a list; clients follow each supplier's ``endpoint``)."""
    return [supplier(request)]


@router.get("/suppliers/{supplier_id}", dependencies=[Depends(get_octo)])
def supplier_by_id(supplier_id: str, request: Request) -> dict[str, Any]:
    """The older OCTo form of ``/supplier``; only this installation's id exists."""
    if supplier_id != SUPPLIER_ID:
        raise InvalidInputError(
            f"no supplier {supplier_id!r}; this server is {SUPPLIER_ID!r}",
            field="supplierId",
        )
    return supplier(request)


@router.get("/capabilities", dependencies=[Depends(get_octo)])
def capabilities() -> list[dict[str, Any]]:
    """The OCTo capabilities this supplier implements."""
    return [
        {"id": c, "revision": 1, "required": False, "dependencies": [], "docs": None}
        for c in SUPPORTED_CAPABILITIES
    ]


@router.get("/products")
def products(octo: OctoDep) -> list[dict[str, Any]]:
    return [
        product_out(p, _start_times(octo, p.id), octo.locale)
        for p in octo.directory.products()
    ]


@router.get("/products/{product_id}")
def product(product_id: str, octo: OctoDep) -> dict[str, Any]:
    found = octo.directory.product(product_id)
    return product_out(found, _start_times(octo, found.id), octo.locale)


def _party(units: list[AvailabilityUnitIn] | None) -> dict[str, int] | None:
    if not units:
        return None
    party: dict[str, int] = {}
    for unit in units:
        party[unit.id] = party.get(unit.id, 0) + unit.quantity
    return party


def _range(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    if (start is None) != (end is None):
        raise InvalidInputError(
            "send both localDateStart and localDateEnd, or neither",
            field="localDateStart",
        )
    if start is not None and end is not None:
        if end < start:
            raise InvalidInputError(
                "localDateEnd is before localDateStart", field="localDateEnd"
            )
        if (end - start).days > MAX_DAYS:
            raise InvalidInputError(
                f"ask for at most {MAX_DAYS} days at once", field="localDateEnd"
            )
    return start, end


def _assess(
    octo: Octo, slot_id: str, option_id: str, party: dict[str, int] | None
) -> Availability:
    return octo.service.availability(slot_id, option_id, party)


@router.post("/availability")
def availability(body: AvailabilityCheckIn, octo: OctoDep) -> list[dict[str, Any]]:
    """Availability of an option's slots, for a party when ``units`` are given."""
    product_ = octo.directory.product(body.productId)
    option = product_.option(body.optionId)
    start, end = _range(body.localDateStart, body.localDateEnd)
    if start is None and not body.availabilityIds:
        raise InvalidInputError(
            "send localDateStart and localDateEnd, or availabilityIds",
            field="localDateStart",
        )
    party = _party(body.units)
    if body.availabilityIds:
        slots = [octo.directory.slot(i) for i in body.availabilityIds]
        for slot in slots:
            if slot.product_id != product_.id:
                raise _not_this_product(slot.id)
    else:
        slots = octo.directory.slots(product_.id, start, end)
    return [availability_out(s, _assess(octo, s.id, option.id, party)) for s in slots]


def _not_this_product(slot_id: str) -> SlotNotFoundError:
    return SlotNotFoundError(
        f"availability {slot_id!r} belongs to another product",
        context={"slot_id": slot_id},
    )


@router.post("/availability/calendar")
def calendar(body: AvailabilityCalendarIn, octo: OctoDep) -> list[dict[str, Any]]:
    """One entry per local day from ``localDateStart`` to ``localDateEnd``."""
    product_ = octo.directory.product(body.productId)
    option = product_.option(body.optionId)
    start, end = _range(body.localDateStart, body.localDateEnd)
    assert start is not None
    assert end is not None
    party = _party(body.units)
    by_day: dict[date, list[Availability]] = defaultdict(list)
    for slot in octo.directory.slots(product_.id, start, end):
        by_day[local_day(slot)].append(_assess(octo, slot.id, option.id, party))
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [calendar_day_out(d.isoformat(), by_day.get(d, [])) for d in days]
