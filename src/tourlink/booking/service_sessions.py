"""Operator actions on whole sessions, and the waiting list. Not public API; see
``service.py``."""

from __future__ import annotations

import dataclasses

from .availability import shortfall
from .bookings import Booking, BookingStatus, Contact
from .errors import (
    BookingStateError,
    InvalidBookingDataError,
    OfferNotActiveError,
    WaitlistEntryNotFoundError,
    WaitlistNotNeededError,
)
from .ports import Notification, UnitOfWork
from .products import Units, total_units, validate_units
from .service_base import OpContext
from .service_core import CoreOperations
from .slots import Slot, SlotState
from .waitlist import WaitlistEntry, WaitlistStatus

ACTIVE = frozenset({BookingStatus.ON_HOLD, BookingStatus.CONFIRMED})


def _recipient(contact: Contact | None) -> str:
    if contact is None:
        return ""
    return contact.email or contact.phone or contact.name


class SessionOperations(CoreOperations):
    """Closing, cancelling and rescheduling sessions; joining and serving waiting lists."""

    # --- operator actions on a session ---------------------------------------------------
    def close_slot(
        self, slot_id: str, *, reason: str = "", actor: str = "system"
    ) -> Slot:
        """Stop sales on a slot (a flooded cave); existing bookings stay valid."""
        return self._set_state(slot_id, SlotState.CLOSED, reason, actor)

    def reopen_slot(self, slot_id: str, *, actor: str = "system") -> Slot:
        """Resume sales on a closed slot."""
        return self._set_state(slot_id, SlotState.OPEN, "", actor)

    def _set_state(
        self, slot_id: str, state: SlotState, reason: str, actor: str
    ) -> Slot:
        def op(tx: UnitOfWork, ctx: OpContext) -> Slot:
            slot = dataclasses.replace(self._slot(tx, slot_id), state=state)
            tx.save_slot(slot)
            ctx.audit(tx, f"slot.{state.value.lower()}", slot.id, reason=reason)
            if state is SlotState.OPEN:
                self._process_waitlist(tx, ctx, slot)
            return slot

        return self._run(op, actor=actor, slots=[slot_id])

    def cancel_session(
        self, slot_id: str, *, reason: str, actor: str = "system"
    ) -> list[Booking]:
        """Cancel a whole session: close the slot, cancel every hold and booking with a
        full refund, end its waiting list and notify everyone. Returns the cancelled
        bookings."""

        def op(tx: UnitOfWork, ctx: OpContext) -> list[Booking]:
            slot = dataclasses.replace(self._slot(tx, slot_id), state=SlotState.CLOSED)
            tx.save_slot(slot)
            cancelled: list[Booking] = []
            for booking in tx.bookings_for_slot(slot_id):
                if booking.effective_status(ctx.now) in ACTIVE:
                    done = self._cancel(tx, ctx, booking, reason, by_operator=True)
                    cancelled.append(done)
                    self._tell(
                        ctx,
                        done,
                        "session_cancelled",
                        "Your session is cancelled",
                        f"The session at {slot.start.isoformat()} is cancelled "
                        f"({reason}); you get a full refund.",
                    )
            self._end_waitlist(tx, ctx, slot_id, reason)
            ctx.audit(
                tx, "slot.cancelled", slot_id, reason=reason, bookings=len(cancelled)
            )
            return cancelled

        return self._run(op, actor=actor, slots=[slot_id])

    def reschedule_session(
        self, slot_id: str, to_slot_id: str, *, reason: str = "", actor: str = "system"
    ) -> list[Booking]:
        """Move every hold and booking of a session to another slot of the same product,
        all or nothing: if the new slot cannot take everyone, nothing moves and
        :class:`SlotSoldOutError` is raised. The old slot is closed, tickets re-issued
        and everyone notified."""

        def op(tx: UnitOfWork, ctx: OpContext) -> list[Booking]:
            source = self._slot(tx, slot_id)
            target = self._slot(tx, to_slot_id)
            if target.id == source.id or target.product_id != source.product_id:
                raise InvalidBookingDataError(
                    "reschedule to a different slot of the same product",
                    field="to_slot_id",
                )
            if target.state is SlotState.CLOSED:
                target.check_bookable(ctx.now)
            product = self._product(tx, source.product_id)
            tx.save_slot(dataclasses.replace(source, state=SlotState.CLOSED))
            moved: list[Booking] = []
            for booking in tx.bookings_for_slot(slot_id):
                if booking.effective_status(ctx.now) not in ACTIVE:
                    continue
                old = tx.release(booking.id)
                claims = self._claims(
                    tx, product.option(booking.option_id), target, booking.units
                )
                self._take(
                    tx,
                    ctx,
                    booking.id,
                    target,
                    claims,
                    booking.expires_at,
                    respect_waitlist=False,
                    credit=old.places() if old else {},
                )
                nonce = self.signer.new_nonce() if booking.ticket_nonce else None
                done = booking.updated(
                    ctx.now,
                    ctx.actor,
                    f"rescheduled: {reason}",
                    slot_id=target.id,
                    ticket_nonce=nonce,
                )
                tx.save_booking(done)
                moved.append(done)
                self._tell(
                    ctx,
                    done,
                    "session_rescheduled",
                    "Your session has moved",
                    f"Your session moved to {target.start.isoformat()} ({reason}); "
                    "use the new ticket.",
                )
            self._end_waitlist(tx, ctx, slot_id, reason)
            ctx.audit(
                tx,
                "slot.rescheduled",
                slot_id,
                to_slot=target.id,
                reason=reason,
                bookings=len(moved),
            )
            return moved

        return self._run(op, actor=actor, slots=[slot_id, to_slot_id])

    @staticmethod
    def _tell(
        ctx: OpContext, booking: Booking, kind: str, subject: str, body: str
    ) -> None:
        if booking.contact is None:
            return
        ctx.outbox.append(
            Notification(
                kind=kind,
                recipient=_recipient(booking.contact),
                subject=subject,
                body=body,
                language=booking.contact.language,
                context={"booking_id": booking.id},
            )
        )

    def _end_waitlist(
        self, tx: UnitOfWork, ctx: OpContext, slot_id: str, reason: str
    ) -> None:
        for entry in tx.waitlist_for_slot(slot_id):
            if entry.effective_status(ctx.now) in {
                WaitlistStatus.WAITING,
                WaitlistStatus.OFFERED,
            }:
                tx.save_waitlist_entry(
                    dataclasses.replace(entry, status=WaitlistStatus.CANCELLED)
                )
                ctx.audit(tx, "waitlist.cancelled", entry.id, reason=reason)

    # --- waiting list ------------------------------------------------------------------------
    def join_waitlist(
        self,
        slot_id: str,
        option_id: str,
        units: Units,
        contact: Contact,
        *,
        actor: str = "system",
    ) -> WaitlistEntry:
        """Queue a party for a slot it cannot book now; it will be offered freed places
        in turn (it may be offered at once if places are free but kept for parties
        ahead that do not fit them)."""

        def op(tx: UnitOfWork, ctx: OpContext) -> WaitlistEntry:
            slot = self._slot(tx, slot_id)
            option = self._product(tx, slot.product_id).option(option_id)
            party = validate_units(option, units)
            slot.check_bookable(ctx.now)
            claims = self._claims(tx, option, slot, party)
            usage = tx.usage([c.key for c in claims], ctx.now)
            if not shortfall(claims, usage, self._waiting(tx, slot, ctx.now)):
                raise WaitlistNotNeededError(
                    f"slot {slot_id!r} has room for this party; book it instead",
                    context={"slot_id": slot_id},
                )
            entries = tx.waitlist_for_slot(slot_id)
            entry = WaitlistEntry(
                id=self._new_id("wl"),
                slot_id=slot.id,
                product_id=slot.product_id,
                option_id=option.id,
                units=party,
                contact=contact,
                joined_at=ctx.now,
                position=max((e.position for e in entries), default=0) + 1,
            )
            tx.save_waitlist_entry(entry)
            ctx.audit(
                tx,
                "waitlist.joined",
                entry.id,
                slot_id=slot_id,
                units=total_units(party),
                position=entry.position,
            )
            self._process_waitlist(tx, ctx, slot)
            return tx.get_waitlist_entry(entry.id) or entry

        return self._run(op, actor=actor, slots=[slot_id])

    def process_waitlist(self, slot_id: str, *, actor: str = "system") -> list[str]:
        """Lapse stale offers and offer freed places; returns the entry ids offered.

        Cancellations and modifications run this by themselves; call it from a periodic
        job (or before showing a waiting list) to pass on places freed by lapsed holds.
        """

        def op(tx: UnitOfWork, ctx: OpContext) -> list[str]:
            return self._process_waitlist(tx, ctx, self._slot(tx, slot_id))

        return self._run(op, actor=actor, slots=[slot_id])

    def _entry(self, tx: UnitOfWork, entry_id: str) -> WaitlistEntry:
        entry = tx.get_waitlist_entry(entry_id)
        if entry is None:
            raise WaitlistEntryNotFoundError(
                f"no waiting-list entry {entry_id!r}", context={"entry_id": entry_id}
            )
        return entry

    def waitlist_entry(self, entry_id: str) -> WaitlistEntry:
        """A waiting-list entry by id (status as stored)."""
        return self._run(lambda tx, _ctx: self._entry(tx, entry_id), actor="reader")

    def _entry_slot(self, entry_id: str) -> list[str]:
        return self._run(
            lambda tx, _ctx: [self._entry(tx, entry_id).slot_id], actor="reader"
        )

    def accept_offer(
        self, entry_id: str, *, contact: Contact | None = None, actor: str = "system"
    ) -> Booking:
        """Take the places offered to a waiting party: confirms the offer's hold.

        Raises
        ------
        OfferNotActiveError
            ``offer_expired`` if the offer lapsed, ``offer_not_active`` if there is none.
        """

        def op(tx: UnitOfWork, ctx: OpContext) -> Booking:
            entry = self._entry(tx, entry_id)
            status = entry.effective_status(ctx.now)
            if status is WaitlistStatus.LAPSED:
                raise OfferNotActiveError(
                    f"the offer to entry {entry_id!r} lapsed at "
                    f"{entry.offer_expires_at.isoformat() if entry.offer_expires_at else '?'};"
                    " the places went to the next party",
                    code="offer_expired",
                    context={"entry_id": entry_id},
                )
            if status is not WaitlistStatus.OFFERED or entry.offer_booking_id is None:
                raise OfferNotActiveError(
                    f"entry {entry_id!r} is {status.value} and has no offer to accept",
                    context={"entry_id": entry_id, "status": status.value},
                )
            booking = self._confirm(
                tx,
                ctx,
                self._booking(tx, entry.offer_booking_id),
                contact or entry.contact,
            )
            tx.save_waitlist_entry(
                dataclasses.replace(entry, status=WaitlistStatus.ACCEPTED)
            )
            ctx.audit(tx, "waitlist.accepted", entry.id, booking_id=booking.id)
            return booking

        return self._run(op, actor=actor, slots=self._entry_slot(entry_id))

    def leave_waitlist(self, entry_id: str, *, actor: str = "system") -> WaitlistEntry:
        """Remove a party from the waiting list (releasing any offer it holds)."""

        def op(tx: UnitOfWork, ctx: OpContext) -> WaitlistEntry:
            entry = self._entry(tx, entry_id)
            if entry.effective_status(ctx.now) not in {
                WaitlistStatus.WAITING,
                WaitlistStatus.OFFERED,
            }:
                raise BookingStateError(
                    f"entry {entry_id!r} is no longer waiting",
                    code="waitlist_entry_closed",
                )
            if entry.offer_booking_id is not None:
                tx.release(entry.offer_booking_id)
                offer = self._booking(tx, entry.offer_booking_id)
                tx.save_booking(
                    offer.with_status(
                        BookingStatus.CANCELLED,
                        ctx.now,
                        ctx.actor,
                        "left the waiting list",
                    )
                )
            left = dataclasses.replace(entry, status=WaitlistStatus.CANCELLED)
            tx.save_waitlist_entry(left)
            ctx.audit(tx, "waitlist.left", entry.id)
            self._process_waitlist(tx, ctx, self._slot(tx, entry.slot_id))
            return left

        return self._run(op, actor=actor, slots=self._entry_slot(entry_id))
