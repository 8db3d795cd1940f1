"""OCTo cart (``octo/cart``): orders whose bookings are confirmed or cancelled together.

Bookings join an order by being reserved with its ``orderId``. Confirming is all or
nothing as far as the domain allows (each booking was held on its own, so there is no
package to confirm in one transaction):

1. every booking is checked first (a live hold or already confirmed): an order with a
   lapsed hold confirms nothing;
2. the holds are confirmed one transaction each, soonest expiry first;
3. if one of them fails (its hold lapsed in the milliseconds since the check, or the
   database failed), the bookings this request confirmed are cancelled again by the
   operator (full refund, never reported as confirmed) and the error is returned.

What remains is a crash of the process during step 2 or 3: the order then stays open
with some bookings confirmed; the reseller sees them in ``GET /orders/{id}`` and retries
the confirmation or cancels the order. See ``docs/dev/octo.md``.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter

from tourlink.booking import Booking, BookingStatus, Contact, InvalidBookingDataError

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
    for _, booking in pairs:
        if booking.effective_status(now) is not BookingStatus.CONFIRMED:
            booking.require_live_hold(now)
    contact = contact_of(body.contact, language=octo.locale)
    holds = sorted(
        (b for _, b in pairs if b.status is not BookingStatus.CONFIRMED),
        key=lambda b: (b.expires_at or now, b.id),
    )
    _confirm_all_or_none(octo, order, holds, contact)
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


def _confirm_all_or_none(
    octo: Octo, order: OctoOrder, holds: list[Booking], contact: Contact | None
) -> None:
    """Confirm ``holds``; if one fails, cancel those confirmed here and re-raise."""
    done: list[str] = []
    try:
        for booking in holds:
            octo.service.confirm(booking.id, contact=contact, actor=octo.owner)
            done.append(booking.id)
    except Exception:
        for booking_id in done:
            try:
                octo.service.cancel(
                    booking_id,
                    reason=f"order {order.id} could not be confirmed whole",
                    by_operator=True,
                    actor=octo.owner,
                )
            except Exception:  # pragma: no cover - reported, the first error wins
                log.exception(
                    "order %s: could not undo confirmed booking %s",
                    order.id,
                    booking_id,
                )
        raise


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
