"""OCTo bookings: reserve, extend, confirm, update, cancel, get and list."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter

from tourlink.booking import (
    Booking,
    BookingRequest,
    BookingStatus,
    HoldExtensionLimitError,
    InvalidBookingDataError,
    Product,
    SlotNotFoundError,
)
from tourlink.core.errors import ConflictError

from .context import (
    Octo,
    OctoDep,
    contact_of,
    item_uuids,
    new_id,
    option_of,
    raw_contact,
    units_of,
)
from .directory import local_day
from .ledger import OctoBookingRecord
from .schemas import CancellationIn, ConfirmationIn, ExtendIn, ReservationIn, UpdateIn

router = APIRouter(prefix="/bookings")


class OrderNotOpenError(ConflictError):
    """The cart order is confirmed or cancelled and takes no more bookings."""

    default_code = "order_not_open"


@router.post("")
def reserve(body: ReservationIn, octo: OctoDep) -> dict[str, Any]:
    """Hold places (``ON_HOLD`` until ``utcExpiresAt``); ``uuid`` is an idempotency key."""
    product, option = option_of(octo, body.productId, body.optionId)
    units = units_of(option, body.unitItems)
    if body.availabilityId is None:
        raise InvalidBookingDataError(
            "availabilityId is required: every product here is sold by start time",
            field="availabilityId",
        )
    slot = octo.directory.slot(body.availabilityId)
    if slot.product_id != product.id:
        raise SlotNotFoundError(
            f"availability {slot.id!r} is not a session of {product.id!r}",
            context={"slot_id": slot.id},
        )
    order = octo.order(body.orderId) if body.orderId else None
    if order is not None and (order.confirmed_at or order.cancelled_at):
        raise OrderNotOpenError(f"order {order.id!r} takes no more bookings")
    uuid = body.uuid or new_id("")
    contact = contact_of(body.contact, language=octo.locale)
    request = BookingRequest(
        product.id,
        option.id,
        slot.id,
        units,
        contact=contact,
        reference=body.resellerReference,
    )
    booking = octo.service.hold(request, idempotency_key=uuid, actor=octo.owner)
    record = octo.ledger.booking(octo.owner, uuid)
    if record is None or record.booking_id != booking.id:
        # The hold is committed before this record: if this write is lost, the
        # reseller's retry with the same uuid replays the hold and writes it again.
        record = OctoBookingRecord(
            owner=octo.owner,
            uuid=uuid,
            booking_id=booking.id,
            created_at=booking.created_at,
            reseller_reference=body.resellerReference,
            notes=body.notes,
            order_id=order.id if order else None,
            contact=raw_contact(body.contact),
            unit_item_uuids=item_uuids(body.unitItems),
            local_date=local_day(slot),
            updated_at=octo.now,
        )
        octo.ledger.save_booking(record)
    booking = honour_expiration(octo, product, booking, body.expirationMinutes)
    return octo.booking_json(record, booking)


def honour_expiration(
    octo: Octo, product: Product, booking: Booking, minutes: int | None
) -> Booking:
    """Make a new hold last ``minutes`` from its creation, within the product's policy.

    The hold lasts ``clamp(minutes, policy.duration, policy.max_total)``: a longer wish
    is granted with one of the hold's extensions (capped at ``max_total``, as OCTo lets
    the supplier cap it); a shorter one keeps the product's duration (the domain cannot
    shorten a hold; cancel it to free the places early). Only a hold never extended is
    changed, so a retried reservation does not extend twice.
    """
    if (
        minutes is None
        or booking.status is not BookingStatus.ON_HOLD
        or booking.expires_at is None
        or booking.extensions > 0
        or product.hold_policy.max_extensions == 0
        or booking.created_at + timedelta(minutes=minutes) <= booking.expires_at
    ):
        return booking
    try:
        return octo.service.extend_hold(booking.id, minutes=minutes, actor=octo.owner)
    except HoldExtensionLimitError:
        return booking


def _refreshed(
    octo: Octo, record: OctoBookingRecord, booking: Booking, **changes: Any
) -> OctoBookingRecord:
    """``record`` with ``changes``, its slot's local date and the update time."""
    day = local_day(octo.directory.slot(booking.slot_id))
    return dataclasses.replace(record, local_date=day, updated_at=octo.now, **changes)


@router.post("/{uuid}/extend")
def extend(uuid: str, body: ExtendIn, octo: OctoDep) -> dict[str, Any]:
    record = octo.record(uuid)
    booking = octo.service.extend_hold(
        record.booking_id, minutes=body.expirationMinutes, actor=octo.owner
    )
    return octo.booking_json(record, booking)


@router.post("/{uuid}/confirm")
def confirm(uuid: str, body: ConfirmationIn, octo: OctoDep) -> dict[str, Any]:
    """Confirm a live hold with the lead traveller's contact (→ ``CONFIRMED``)."""
    record = octo.record(uuid)
    contact = contact_of(body.contact, language=octo.locale)
    if contact is None:
        raise InvalidBookingDataError(
            "contact needs fullName, or firstName and lastName", field="contact"
        )
    booking = octo.service.get_booking(record.booking_id)
    if body.unitItems is not None and booking.status is BookingStatus.ON_HOLD:
        option = octo.directory.product(booking.product_id).option(booking.option_id)
        units = units_of(option, body.unitItems)
        if units != dict(booking.units):
            booking.require_live_hold(octo.now)
            octo.service.modify(record.booking_id, units=units, actor=octo.owner)
    booking = octo.service.confirm(record.booking_id, contact=contact, actor=octo.owner)
    record = _refreshed(
        octo,
        record,
        booking,
        reseller_reference=body.resellerReference or record.reseller_reference,
        contact=raw_contact(body.contact),
        unit_item_uuids=item_uuids(body.unitItems) or record.unit_item_uuids,
    )
    octo.ledger.save_booking(record)
    return octo.booking_json(record, booking)


@router.patch("/{uuid}")
def update(uuid: str, body: UpdateIn, octo: OctoDep) -> dict[str, Any]:
    """Change units or session in place (all or nothing), references and notes."""
    record = octo.record(uuid)
    booking = octo.service.get_booking(record.booking_id)
    if body.productId not in (None, booking.product_id) or body.optionId not in (
        None,
        booking.option_id,
    ):
        raise InvalidBookingDataError(
            "a booking cannot change product or option; cancel it and book again",
            field="productId",
        )
    units = None
    if body.unitItems is not None:
        option = octo.directory.product(booking.product_id).option(booking.option_id)
        units = units_of(option, body.unitItems)
    slot_id = body.availabilityId
    if (
        slot_id is not None
        and octo.directory.slot(slot_id).product_id != booking.product_id
    ):
        raise SlotNotFoundError(
            f"availability {slot_id!r} is not a session of {booking.product_id!r}",
            context={"slot_id": slot_id},
        )
    if units is not None or slot_id is not None:
        booking = octo.service.modify(
            record.booking_id, units=units, slot_id=slot_id, actor=octo.owner
        )
    if body.expirationMinutes is not None and booking.status is BookingStatus.ON_HOLD:
        booking = octo.service.extend_hold(
            record.booking_id, minutes=body.expirationMinutes, actor=octo.owner
        )
    record = _refreshed(
        octo,
        record,
        booking,
        reseller_reference=body.resellerReference or record.reseller_reference,
        notes=body.notes if body.notes is not None else record.notes,
        contact=raw_contact(body.contact) or record.contact,
        unit_item_uuids=item_uuids(body.unitItems) or record.unit_item_uuids,
    )
    octo.ledger.save_booking(record)
    return octo.booking_json(record, booking)


def _cancel(uuid: str, body: CancellationIn | None, octo: Octo) -> dict[str, Any]:
    record = octo.record(uuid)
    reason = (body.reason if body else None) or ""
    booking = octo.service.cancel(record.booking_id, reason=reason, actor=octo.owner)
    return octo.booking_json(record, booking)


@router.post("/{uuid}/cancel")
def cancel(uuid: str, body: CancellationIn, octo: OctoDep) -> dict[str, Any]:
    """Cancel; ``cancellation.refund`` is FULL, PARTIAL or NONE by the product's policy."""
    return _cancel(uuid, body, octo)


@router.delete("/{uuid}")
def delete(
    uuid: str, octo: OctoDep, body: CancellationIn | None = None
) -> dict[str, Any]:
    """Cancel (the older OCTo form of cancellation); the body, with a ``reason``, is
    optional."""
    return _cancel(uuid, body, octo)


@router.get("/{uuid}")
def get_booking(uuid: str, octo: OctoDep) -> dict[str, Any]:
    return octo.booking_json(octo.record(uuid))


@router.get("")
def list_bookings(
    octo: OctoDep,
    resellerReference: str | None = None,  # noqa: N803 - OCTo query names
    supplierReference: str | None = None,  # noqa: N803
    localDate: date | None = None,  # noqa: N803
    localDateStart: date | None = None,  # noqa: N803
    localDateEnd: date | None = None,  # noqa: N803
    productId: str | None = None,  # noqa: N803
    optionId: str | None = None,  # noqa: N803
) -> list[dict[str, Any]]:
    """The reseller's bookings, filtered by reference, product, option or local date."""
    if not any((resellerReference, supplierReference, localDate, localDateStart)):
        raise InvalidBookingDataError(
            "filter by resellerReference, supplierReference, localDate or "
            "localDateStart/localDateEnd",
            field="resellerReference",
        )
    start = localDate or localDateStart
    end = localDate or localDateEnd or start
    records = octo.ledger.find_bookings(
        octo.owner,
        reseller_reference=resellerReference or None,
        booking_id=supplierReference or None,
        local_date_start=start,
        local_date_end=end,
    )
    out = []
    for record in records:
        booking = octo.service.get_booking(record.booking_id)
        if productId and booking.product_id != productId:
            continue
        if optionId and booking.option_id != optionId:
            continue
        day = local_day(octo.directory.slot(booking.slot_id))
        if day != record.local_date:
            # moved outside OCTo (an operator rescheduled it): heal the record
            record = dataclasses.replace(record, local_date=day, updated_at=octo.now)
            octo.ledger.save_booking(record)
        if start is not None and not start <= day <= (end or start):
            continue
        out.append(octo.booking_json(record, booking))
    return out
