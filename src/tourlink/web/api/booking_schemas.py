"""Request bodies (with size limits) and response shapes of tourlink's booking API."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from tourlink.accounts import Principal
from tourlink.booking import Booking, BookingRequest, BookingService, Contact, Slot
from tourlink.core.clock import LOCAL_TZ

Id = Annotated[str, Field(min_length=1, max_length=100)]
Units = Annotated[dict[Id, StrictInt], Field(min_length=1, max_length=20)]
"""Units by type. Counts must be JSON integers: ``true`` or ``"2"`` is refused, not
read as a count."""


class BookingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactBody(BookingIn):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    language: Annotated[str, Field(max_length=5)] = "en"


class HoldBody(BookingIn):
    product_id: Id
    option_id: Id
    slot_id: Id
    units: Units
    contact: ContactBody | None = None
    reference: Annotated[str, Field(max_length=100)] | None = None
    confirm: StrictBool = False


class ConfirmBody(BookingIn):
    contact: ContactBody | None = None


class CancelBody(BookingIn):
    reason: Annotated[str, Field(max_length=500)] = ""


class ModifyBody(BookingIn):
    units: Units | None = None
    slot_id: Id | None = None


class PackageItemBody(BookingIn):
    product_id: Id
    option_id: Id
    slot_id: Id
    units: Units


class PackageBody(BookingIn):
    items: Annotated[list[PackageItemBody], Field(min_length=1, max_length=10)]
    contact: ContactBody | None = None


class WaitlistBody(BookingIn):
    option_id: Id
    units: Units
    contact: ContactBody


class SlotBody(BookingIn):
    id: Id | None = None
    product_id: Id
    start: Annotated[str, Field(max_length=40)]
    minutes: StrictInt = Field(ge=5, le=24 * 60)
    cutoff_minutes: StrictInt = Field(default=0, ge=0, le=7 * 24 * 60)


class BulkSlotsBody(BookingIn):
    product_id: Id
    first_day: date
    last_day: date
    times: Annotated[list[time], Field(min_length=1, max_length=24)]
    minutes: StrictInt = Field(ge=5, le=24 * 60)
    cutoff_minutes: StrictInt = Field(default=0, ge=0, le=7 * 24 * 60)
    weekdays: list[StrictInt] | None = Field(default=None, max_length=7)


class CloseBody(BookingIn):
    reason: Annotated[str, Field(max_length=500)] = ""


class CheckinBody(BookingIn):
    token: Annotated[str, Field(min_length=1, max_length=500)]


def actor_of(principal: Principal) -> str:
    if principal.api_key_id is not None:
        return f"key:{principal.api_key_id}"
    if principal.user_id is not None:
        return f"user:{principal.user_id}"
    return "web:anonymous"


def contact_of(body: ContactBody | None) -> Contact | None:
    if body is None:
        return None
    return Contact(
        body.name, email=body.email, phone=body.phone, language=body.language
    )


def place_booking(
    service: BookingService, body: HoldBody, principal: Principal, key: str | None
) -> Booking:
    """Hold or book (``body.confirm``) what ``body`` asks for, as ``principal``; the
    route and the fast path both place bookings through here."""
    place = service.book if body.confirm else service.hold
    return place(booking_request(body), idempotency_key=key, actor=actor_of(principal))


def booking_request(body: HoldBody) -> BookingRequest:
    """The booking request ``body`` asks for."""
    return BookingRequest(
        body.product_id,
        body.option_id,
        body.slot_id,
        body.units,
        contact=contact_of(body.contact),
        reference=body.reference,
    )


def slot_json(slot: Slot) -> dict[str, Any]:
    return {
        "id": slot.id,
        "product_id": slot.product_id,
        "start": slot.start.astimezone(LOCAL_TZ).isoformat(),
        "end": slot.end.astimezone(LOCAL_TZ).isoformat(),
        "cutoff_minutes": int(slot.cutoff.total_seconds() // 60),
        "state": slot.state.value,
    }


def booking_json(booking: Booking, now: datetime) -> dict[str, Any]:
    refund = booking.refund
    return {
        "id": booking.id,
        "product_id": booking.product_id,
        "option_id": booking.option_id,
        "slot_id": booking.slot_id,
        "units": dict(booking.units),
        "price_vnd": booking.price_vnd,
        "status": booking.effective_status(now).value,
        "expires_at": booking.expires_at.isoformat() if booking.expires_at else None,
        "reference": booking.reference,
        "package_id": booking.package_id,
        "contact": dataclasses.asdict(booking.contact) if booking.contact else None,
        "refund": (
            {
                "amount_vnd": refund.amount_vnd,
                "percent": refund.percent,
                "kind": refund.kind.value,
            }
            if refund
            else None
        ),
        "checked_in_at": booking.checked_in_at.isoformat()
        if booking.checked_in_at
        else None,
    }
