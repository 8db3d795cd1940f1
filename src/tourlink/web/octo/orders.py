"""OCTo cart (``octo/cart``): orders whose bookings are confirmed or cancelled together.

Bookings join an order by being reserved with its ``orderId``. Confirming is all or
nothing: every booking of the order is confirmed in one transaction
(``BookingService.confirm_bookings``, every slot involved locked); one lapsed hold, a
cancelled booking or a database failure confirms none of them. Cancelling cancels every
still active booking. See ``docs/dev/octo.md``.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter

from tourlink.booking import Booking, BookingStatus, InvalidBookingDataError

from .context import Octo, OctoDep, contact_of, new_id, raw_contact
from .directory import local_day
from .ledger import OctoBookingRecord, OctoOrder
from .render import order_out
from .schemas import CancellationIn, ExtendIn, OrderConfirmIn, OrderIn

router = APIRouter(prefix="/orders")
log = logging.getLogger(__name__)
DEFAULT_ORDER_MINUTES = 15


def _bookings(octo: Octo, order: OctoOrder) -> list[tuple[OctoBookingRecord, Booking]]:
    out = []
    for uuid in order.booking_uuids:
        record = octo.record(uuid)
        out.append((record, octo.service.get_booking(record.booking_id)))
    return out


def _expiry(order: OctoOrder, bookings: list[Booking]) -> datetime:
    holds = [b.expires_at for b in bookings if b.expires_at is not None]
    if holds:
        return min(holds)
    minutes = order.expiration_minutes or DEFAULT_ORDER_MINUTES
    return order.created_at + timedelta(minutes=minutes)


def _json(octo: Octo, order: OctoOrder) -> dict[str, Any]:
    pairs = _bookings(octo, order)
    bookings = [octo.booking_json(r, b) for r, b in pairs]
    return order_out(order, bookings, _expiry(order, [b for _, b in pairs]))


@router.post("")
def create_order(body: OrderIn, octo: OctoDep) -> dict[str, Any]:
    """An empty order; reserve bookings with its ``orderId`` to fill it."""
    order = OctoOrder(
        owner=octo.owner,
        id=new_id("ord_"),
        created_at=octo.now,
        expiration_minutes=body.expirationMinutes,
        contact=raw_contact(body.contact),
    )
    octo.ledger.save_order(order)
    return _json(octo, order)


@router.get("/{order_id}")
def get_order(order_id: str, octo: OctoDep) -> dict[str, Any]:
    return _json(octo, octo.order(order_id))


@router.post("/{order_id}/confirm")
def confirm_order(order_id: str, body: OrderConfirmIn, octo: OctoDep) -> dict[str, Any]:
    """Confirm every booking of the order, or none."""
    order = octo.order(order_id)
    pairs = _bookings(octo, order)
    if not pairs:
        raise InvalidBookingDataError(
            f"order {order_id!r} has no bookings; reserve some with its orderId",
            field="orderId",
        )
    now = octo.now
    contact = contact_of(body.contact, language=octo.locale)
    octo.service.confirm_bookings(
        [b.id for _, b in pairs], contact=contact, actor=octo.owner
    )
    for record, booking in pairs:
        changes: dict[str, Any] = {}
        if body.resellerReference:
            changes["reseller_reference"] = body.resellerReference
        if body.contact:
            changes["contact"] = raw_contact(body.contact)
        octo.ledger.save_booking(
            dataclasses.replace(
                record,
                local_date=local_day(octo.directory.slot(booking.slot_id)),
                updated_at=octo.now,
                **changes,
            )
        )
    order = dataclasses.replace(order, confirmed_at=now, updated_at=octo.now)
    octo.ledger.save_order(order)
    return _json(octo, order)


@router.post("/{order_id}/cancel")
def cancel_order(order_id: str, body: CancellationIn, octo: OctoDep) -> dict[str, Any]:
    """Cancel every still active booking of the order (refunds per booking)."""
    order = octo.order(order_id)
    now = octo.now
    for _, booking in _bookings(octo, order):
        if booking.effective_status(now) in {
            BookingStatus.ON_HOLD,
            BookingStatus.CONFIRMED,
        }:
            octo.service.cancel(booking.id, reason=body.reason or "", actor=octo.owner)
    order = dataclasses.replace(order, cancelled_at=now, updated_at=now)
    octo.ledger.save_order(order)
    return _json(octo, order)


@router.post("/{order_id}/extend")
def extend_order(order_id: str, body: ExtendIn, octo: OctoDep) -> dict[str, Any]:
    """Extend every hold of the order (all holds must still be live)."""
    order = octo.order(order_id)
    pairs = _bookings(octo, order)
    now = octo.now
    holds = [
        b for _, b in pairs if b.effective_status(now) is not BookingStatus.CONFIRMED
    ]
    for booking in holds:
        booking.require_live_hold(now)
    for booking in holds:
        octo.service.extend_hold(
            booking.id, minutes=body.expirationMinutes, actor=octo.owner
        )
    return _json(octo, order)
