"""Core steps shared by the booking use cases: place, confirm, cancel, allotment draws.

Not public API; see ``service.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .allotments import Allotment
from .bookings import Booking, BookingRequest, BookingStatus, Contact, StatusChange
from .errors import (
    AllotmentExhaustedError,
    AllotmentNotFoundError,
    AlreadyCancelledError,
    BookingStateError,
    ConcurrentUpdateError,
    InvalidBookingDataError,
)
from .ledger import Allocation, Claim, add_places
from .policies import refund_of
from .ports import UnitOfWork
from .products import Units, price_of, total_units, validate_units
from .service_base import OpContext, ServiceBase, T
from .slots import Slot


class CoreOperations(ServiceBase):
    """Placing, confirming and cancelling bookings inside a unit of work."""

    def _refresh_waitlist(self, slot_id: str, now: datetime) -> None:
        """Give freed places to the waiting list before a newcomer is considered."""

        def op(tx: UnitOfWork, ctx: OpContext) -> None:
            slot = tx.get_slot(slot_id)
            if slot is not None:
                self._process_waitlist(tx, ctx, slot)

        self._run(op, actor="system", slots=[slot_id], now=now)

    def _place(
        self,
        tx: UnitOfWork,
        ctx: OpContext,
        request: BookingRequest,
        *,
        confirm: bool,
        package_id: str | None = None,
        expires_at: datetime | None = None,
    ) -> Booking:
        product = self._product(tx, request.product_id)
        option = product.option(request.option_id)
        slot = self._slot(tx, request.slot_id)
        if slot.product_id != product.id:
            raise InvalidBookingDataError(
                f"slot {slot.id!r} belongs to product {slot.product_id!r}, not "
                f"{product.id!r}; pick a slot of the product",
                field="slot_id",
            )
        units = validate_units(option, request.units)
        slot.check_bookable(ctx.now)
        claims = self._claims(tx, option, slot, units)
        if confirm and request.contact is None:
            raise InvalidBookingDataError(
                "a confirmed booking needs a contact; pass contact=Contact(name=...)",
                field="contact",
            )
        hold_until = (
            None if confirm else (expires_at or product.hold_policy.expiry(ctx.now))
        )
        booking_id = self._new_id("bk")
        if request.allotment_id is not None:
            self._draw_from_allotment(
                tx, ctx, request, booking_id, slot, units, claims, hold_until
            )
        else:
            self._take(tx, ctx, booking_id, slot, claims, hold_until)
        status = BookingStatus.CONFIRMED if confirm else BookingStatus.ON_HOLD
        booking = Booking(
            id=booking_id,
            product_id=product.id,
            option_id=option.id,
            slot_id=slot.id,
            units=units,
            price_vnd=price_of(option, units),
            status=status,
            created_at=ctx.now,
            updated_at=ctx.now,
            expires_at=hold_until,
            contact=request.contact,
            package_id=package_id,
            allotment_id=request.allotment_id,
            ticket_nonce=self.signer.new_nonce() if confirm else None,
            reference=request.reference,
            # What ``with_status(status, ctx.now, ctx.actor)`` would add, built in
            # place rather than by a second copy of the booking.
            history=(StatusChange(at=ctx.now, status=status, actor=ctx.actor),),
        )
        ctx.save_audited(
            tx,
            booking,
            f"booking.{status.value.lower()}",
            slot_id=slot.id,
            units=total_units(units),
            price_vnd=booking.price_vnd,
            expires_at=hold_until.isoformat() if hold_until else None,
        )
        return booking

    def _draw_from_allotment(
        self,
        tx: UnitOfWork,
        ctx: OpContext,
        request: BookingRequest,
        booking_id: str,
        slot: Slot,
        units: Units,
        claims: tuple[Claim, ...],
        hold_until: datetime | None,
    ) -> None:
        assert request.allotment_id is not None
        allotment = self._allotment(tx, request.allotment_id)
        if allotment.slot_id != slot.id or allotment.option_id != request.option_id:
            raise InvalidBookingDataError(
                f"allotment {allotment.id!r} is for slot {allotment.slot_id!r}, option "
                f"{allotment.option_id!r}; book that slot and option",
                field="allotment_id",
            )
        allotment.check_draw(units, ctx.now)
        block = tx.allocation(allotment.id, ctx.now)
        left = block.places() if block else {}
        if any(c.places > left.get(c.key, 0) for c in claims):
            raise AllotmentExhaustedError(
                f"allotment {allotment.id!r} has {min(left.values(), default=0)} places "
                "left, too few for this party; book the rest from general sale",
                context={"allotment_id": allotment.id},
            )
        self._resize_block(tx, ctx, allotment, claims, -1)
        short = tx.allocate(
            Allocation(booking_id, slot.id, claims, hold_until), ctx.now
        )
        if short:  # pragma: no cover - the block just made these places free
            raise self._sold_out(slot, claims, short, waiting=False)

    def _resize_block(
        self,
        tx: UnitOfWork,
        ctx: OpContext,
        allotment: Allotment,
        claims: tuple[Claim, ...],
        sign: int,
    ) -> None:
        """Shrink (sign −1) or grow (+1) an allotment's unused block by ``claims``."""
        block = tx.release(allotment.id)
        live = block if block is not None and block.is_live(ctx.now) else None
        current = add_places(live.claims if live else ())
        capacity = {
            c.key: c.capacity for c in (*(live.claims if live else ()), *claims)
        }
        for c in claims:
            current[c.key] = current.get(c.key, 0) + sign * c.places
        new_claims = tuple(
            Claim(k, n, capacity[k]) for k, n in sorted(current.items()) if n > 0
        )
        if new_claims:
            short = tx.allocate(
                Allocation(
                    allotment.id, allotment.slot_id, new_claims, allotment.release_at
                ),
                ctx.now,
            )
            if short:  # pragma: no cover - only returns places just released
                raise AllotmentExhaustedError("allotment block could not be restored")

    def _allotment(self, tx: UnitOfWork, allotment_id: str) -> Allotment:
        allotment = tx.get_allotment(allotment_id)
        if allotment is None:
            raise AllotmentNotFoundError(
                f"no allotment {allotment_id!r}", context={"allotment_id": allotment_id}
            )
        return allotment

    def _slot_of(self, booking_id: str) -> list[str]:
        """The slot to lock for a booking (read before the locking transaction)."""

        def op(tx: UnitOfWork, _ctx: OpContext) -> list[str]:
            booking = tx.get_booking(booking_id)
            return [booking.slot_id] if booking else []

        return self._run(op, actor="reader")

    def _run_on_booking(
        self,
        booking_id: str,
        op: Callable[[UnitOfWork, OpContext, Booking], T],
        *,
        actor: str,
        extra_slots: tuple[str, ...] = (),
    ) -> T:
        """Run ``op`` on a booking with its slot locked; if the booking moved to another
        slot between reading and locking, start again."""
        now = self.clock.now()
        for _ in range(self.max_attempts):
            slots = self._slot_of(booking_id)

            def locked(tx: UnitOfWork, ctx: OpContext, slots: list[str] = slots) -> T:
                booking = self._booking(tx, booking_id)
                if booking.slot_id not in slots:
                    raise ConcurrentUpdateError("booking moved while locking")
                return op(tx, ctx, booking)

            try:
                return self._run(
                    locked, actor=actor, slots=[*slots, *extra_slots], now=now
                )
            except ConcurrentUpdateError:
                continue
        raise ConcurrentUpdateError(
            f"booking {booking_id!r} kept changing; retry the request"
        )

    def _confirm(
        self, tx: UnitOfWork, ctx: OpContext, booking: Booking, contact: Contact | None
    ) -> Booking:
        if booking.status is BookingStatus.CONFIRMED:
            return booking
        booking.require_live_hold(ctx.now)
        contact = contact or booking.contact
        if contact is None:
            raise InvalidBookingDataError(
                "confirming needs a contact; pass contact=Contact(name=...)",
                field="contact",
            )
        tx.set_expiry(booking.id, None)
        booking = booking.with_status(
            BookingStatus.CONFIRMED,
            ctx.now,
            ctx.actor,
            contact=contact,
            expires_at=None,
            ticket_nonce=self.signer.new_nonce(),
        )
        tx.save_booking(booking)
        ctx.audit(tx, "booking.confirmed", booking.id, price_vnd=booking.price_vnd)
        return booking

    def _cancel(
        self,
        tx: UnitOfWork,
        ctx: OpContext,
        booking: Booking,
        reason: str,
        by_operator: bool,
    ) -> Booking:
        status = booking.effective_status(ctx.now)
        if status is BookingStatus.CANCELLED:
            raise AlreadyCancelledError(
                f"booking {booking.id!r} was already cancelled; nothing to do",
                context={"booking_id": booking.id},
            )
        if status in {BookingStatus.EXPIRED, BookingStatus.REDEEMED}:
            raise BookingStateError(
                f"booking {booking.id!r} is {status.value} and cannot be cancelled",
                code=f"booking_{status.value.lower()}",
                context={"booking_id": booking.id, "status": status.value},
            )
        slot = self._slot(tx, booking.slot_id)
        refund = None
        if status is BookingStatus.CONFIRMED:
            policy = self._product(tx, booking.product_id).cancellation
            refund = (
                refund_of(booking.price_vnd, 100)
                if by_operator
                else policy.refund(booking.price_vnd, slot.start, ctx.now)
            )
        released = tx.release(booking.id)
        if booking.allotment_id and released is not None:
            allotment = self._allotment(tx, booking.allotment_id)
            if not allotment.is_released(ctx.now):
                self._resize_block(tx, ctx, allotment, released.claims, +1)
        booking = booking.with_status(
            BookingStatus.CANCELLED, ctx.now, ctx.actor, reason, refund=refund
        )
        tx.save_booking(booking)
        ctx.audit(
            tx,
            "booking.cancelled",
            booking.id,
            reason=reason,
            by_operator=by_operator,
            refund_vnd=refund.amount_vnd if refund else None,
            refund_kind=refund.kind.value if refund else None,
        )
        return booking
