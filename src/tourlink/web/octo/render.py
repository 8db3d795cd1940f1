"""Domain values → OCTo JSON (field names and enums of the OCTo specification)."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tourlink.booking import (
    Availability,
    Booking,
    BookingStatus,
    Product,
    ProductOption,
    Slot,
    Ticket,
    UnitType,
)
from tourlink.core.clock import LOCAL_TZ

from .ledger import OctoBookingRecord, OctoOrder

TIME_ZONE = "Asia/Ho_Chi_Minh"
OCTO_UNIT_TYPES = frozenset(
    {"ADULT", "YOUTH", "CHILD", "INFANT", "FAMILY", "SENIOR", "STUDENT", "MILITARY"}
)
UNIT_AGES = {"ADULT": (18, 100), "CHILD": (3, 15), "SENIOR": (60, 100)}
_NS = uuidlib.UUID("6f2c3c52-4d7e-4b8e-9a55-0d1f5b8f7a10")


def utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def local(value: datetime) -> str:
    return value.astimezone(LOCAL_TZ).isoformat()


def unit_type(unit: UnitType) -> str:
    name = unit.id.upper()
    return name if name in OCTO_UNIT_TYPES else "OTHER"


def unit_out(unit: UnitType) -> dict[str, Any]:
    kind = unit_type(unit)
    min_age, max_age = UNIT_AGES.get(kind, (0, 100))
    return {
        "id": unit.id,
        "internalName": unit.label or unit.id,
        "reference": None,
        "type": kind,
        "restrictions": {
            "minAge": min_age,
            "maxAge": max_age,
            "idRequired": False,
            "minQuantity": None,
            "maxQuantity": None,
            "paxCount": max(unit.uses.values(), default=1) or 1,
            "accompaniedBy": [],
        },
        "requiredContactFields": [],
        "title": unit.label or unit.id.capitalize(),
    }


def option_out(
    product: Product, option: ProductOption, start_times: Sequence[str]
) -> dict[str, Any]:
    tiers = product.cancellation.tiers
    cutoff_hours = min((t.hours_before for t in tiers), default=0)
    return {
        "id": option.id,
        "default": option is product.options[0],
        "internalName": option.title or option.id,
        "reference": None,
        "availabilityLocalStartTimes": list(start_times),
        "cancellationCutoff": f"{cutoff_hours} hours",
        "cancellationCutoffAmount": cutoff_hours,
        "cancellationCutoffUnit": "hour",
        "requiredContactFields": ["firstName", "lastName"],
        "restrictions": {"minUnits": 1, "maxUnits": None},
        "units": [unit_out(u) for u in option.units],
        "title": option.title or option.id,
    }


def product_out(
    product: Product, start_times: Sequence[str], locale: str = "en"
) -> dict[str, Any]:
    return {
        "id": product.id,
        "internalName": product.title or product.id,
        "reference": product.experience_id,
        "locale": locale,
        "timeZone": TIME_ZONE,
        "allowFreesale": False,
        "instantConfirmation": True,
        "instantDelivery": True,
        "availabilityRequired": True,
        "availabilityType": "START_TIME",
        "deliveryFormats": ["QRCODE"],
        "deliveryMethods": ["VOUCHER"],
        "redemptionMethod": "DIGITAL",
        "options": [option_out(product, o, start_times) for o in product.options],
        "title": product.title or product.id,
    }


def availability_out(slot: Slot, availability: Availability) -> dict[str, Any]:
    return {
        "id": slot.id,
        "localDateTimeStart": local(slot.start),
        "localDateTimeEnd": local(slot.end),
        "utcCutoffAt": utc(slot.sales_close_at),
        "allDay": False,
        "available": availability.available,
        "status": availability.status.value,
        "vacancies": availability.remaining,
        "capacity": availability.capacity,
        "maxUnits": availability.remaining,
        "openingHours": [],
    }


def calendar_day_out(day: str, days: Sequence[Availability]) -> dict[str, Any]:
    """One calendar day: available if any slot fits; the best status of the day."""
    order = ["AVAILABLE", "LIMITED", "SOLD_OUT", "CLOSED"]
    statuses = [a.status.value for a in days]
    best = min(statuses, key=order.index) if statuses else "CLOSED"
    return {
        "localDate": day,
        "available": any(a.available for a in days),
        "status": best,
        "vacancies": sum(a.remaining for a in days) if days else 0,
        "capacity": sum(a.capacity for a in days) if days else 0,
        "openingHours": [],
    }


def contact_out(booking: Booking, raw: dict[str, Any] | None) -> dict[str, Any]:
    contact = booking.contact
    out: dict[str, Any] = {
        "fullName": contact.name if contact else None,
        "firstName": None,
        "lastName": None,
        "emailAddress": contact.email if contact else None,
        "phoneNumber": contact.phone if contact else None,
        "locales": [contact.language] if contact else [],
        "postalCode": None,
        "country": None,
        "notes": None,
    }
    for key, value in (raw or {}).items():
        if key in out and value not in (None, []):
            out[key] = value
    return out


def _when(booking: Booking, status: BookingStatus) -> datetime | None:
    return next((h.at for h in booking.history if h.status is status), None)


def unit_item_uuids(booking: Booking, record: OctoBookingRecord | None) -> list[str]:
    count = sum(booking.units.values())
    if record is not None and len(record.unit_item_uuids) == count:
        return list(record.unit_item_uuids)
    return [str(uuidlib.uuid5(_NS, f"{booking.id}:{i}")) for i in range(count)]


def booking_out(
    booking: Booking,
    record: OctoBookingRecord | None,
    slot: Slot,
    availability: Availability,
    ticket: Ticket | None,
    now: datetime,
    product: Product | None = None,
    locale: str = "en",
) -> dict[str, Any]:
    """A booking; with its ``product``, the specification's embedded ``product``,
    ``option`` and per-item ``unit`` objects are included too."""
    status = booking.effective_status(now)
    option = product.option(booking.option_id) if product is not None else None
    contact = contact_out(booking, record.contact if record else None)
    cancelled_at = _when(booking, BookingStatus.CANCELLED)
    cancellation = None
    if status is BookingStatus.CANCELLED and cancelled_at is not None:
        note = booking.history[-1].note if booking.history else ""
        cancellation = {
            "refund": booking.refund.kind.value if booking.refund else "NONE",
            "reason": note or None,
            "utcCancelledAt": utc(cancelled_at),
        }
    voucher = None
    if ticket is not None:
        voucher = {
            "redemptionMethod": "DIGITAL",
            "utcRedeemedAt": utc(booking.checked_in_at),
            "deliveryOptions": [
                {"deliveryFormat": "QRCODE", "deliveryValue": ticket.token}
            ],
        }
    uuids = iter(unit_item_uuids(booking, record))
    items = [
        {
            "uuid": next(uuids),
            "resellerReference": None,
            "supplierReference": None,
            "unitId": unit_id,
            "status": status.value,
            "utcRedeemedAt": utc(booking.checked_in_at),
            "contact": contact,
            "ticket": None,
        }
        for unit_id, count in sorted(booking.units.items())
        for _ in range(count)
    ]
    if option is not None:
        units = {u.id: unit_out(u) for u in option.units}
        for item in items:
            item["unit"] = units.get(str(item["unitId"]))
    embedded: dict[str, Any] = {}
    if product is not None and option is not None:
        embedded = {
            "product": product_out(product, (), locale),
            "option": option_out(product, option, ()),
        }
    return {
        "id": booking.id,
        "uuid": record.uuid if record else booking.id,
        "testMode": False,
        "resellerReference": (record.reseller_reference if record else None)
        or booking.reference,
        "supplierReference": booking.id,
        "status": status.value,
        "utcCreatedAt": utc(booking.created_at),
        "utcUpdatedAt": utc(booking.updated_at),
        "utcExpiresAt": utc(booking.expires_at)
        if status is BookingStatus.ON_HOLD
        else None,
        "utcRedeemedAt": utc(booking.checked_in_at),
        "utcConfirmedAt": utc(_when(booking, BookingStatus.CONFIRMED)),
        "productId": booking.product_id,
        "optionId": booking.option_id,
        "cancellable": status in {BookingStatus.ON_HOLD, BookingStatus.CONFIRMED},
        "cancellation": cancellation,
        "freesale": False,
        "availabilityId": slot.id,
        "availability": availability_out(slot, availability),
        "contact": contact,
        "notes": record.notes if record else None,
        "deliveryMethods": ["VOUCHER"],
        "voucher": voucher,
        "unitItems": items,
        "orderId": record.order_id if record else None,
        "orderReference": record.order_id if record else None,
        "primary": True,
        **embedded,
    }


def order_status(order: OctoOrder, bookings: Sequence[dict[str, Any]]) -> str:
    if order.cancelled_at is not None:
        return "CANCELLED"
    statuses = {b["status"] for b in bookings}
    if not statuses:
        return "ON_HOLD"
    for status in ("EXPIRED", "ON_HOLD", "CANCELLED"):
        if status in statuses:
            return status
    return "CONFIRMED"


def order_out(
    order: OctoOrder, bookings: Sequence[dict[str, Any]], expires_at: datetime | None
) -> dict[str, Any]:
    status = order_status(order, bookings)
    contact = next((b["contact"] for b in bookings), None) or {
        "fullName": None,
        "firstName": None,
        "lastName": None,
        "emailAddress": None,
        "phoneNumber": None,
        "locales": [],
        "postalCode": None,
        "country": None,
        "notes": None,
    }
    return {
        "id": order.id,
        "testMode": False,
        "supplierReference": order.id,
        "settlementMethod": "DEFERRED",
        "status": status,
        "utcExpiresAt": utc(expires_at) if status == "ON_HOLD" else None,
        "utcConfirmedAt": utc(order.confirmed_at),
        "cancellable": status in {"ON_HOLD", "CONFIRMED"},
        "bookings": list(bookings),
        "contact": contact,
    }
