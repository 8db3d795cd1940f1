"""Tickets, check-in scans, live occupancy, manifests and the audit log. Not public API;
see ``service.py``."""

from __future__ import annotations

from .audit import AuditEntry
from .bookings import Booking, BookingStatus
from .checkin import Ticket, check_day
from .errors import (
    AlreadyCheckedInError,
    BookingNotFoundError,
    BookingStateError,
    InvalidTicketError,
    OccupancyFullError,
    ResourceNotFoundError,
)
from .manifests import Manifest, build_manifest
from .ports import UnitOfWork
from .resources import Resource, local_date
from .service_base import OpContext
from .service_core import CoreOperations


class CheckinOperations(CoreOperations):
    """Issuing and scanning tickets; counting people in and out; manifests."""

    def issue_ticket(self, booking_id: str) -> Ticket:
        """The signed ticket of a confirmed booking (valid on its slot's local day)."""

        def op(tx: UnitOfWork, _ctx: OpContext) -> Ticket:
            booking = self._booking(tx, booking_id)
            if booking.status not in {
                BookingStatus.CONFIRMED,
                BookingStatus.REDEEMED,
            } or (booking.ticket_nonce is None):
                raise BookingStateError(
                    f"booking {booking_id!r} is {booking.status.value}; tickets exist only "
                    "for confirmed bookings",
                    code="booking_not_confirmed",
                    context={"booking_id": booking_id, "status": booking.status.value},
                )
            day = self._slot(tx, booking.slot_id).local_day
            token = self.signer.sign(booking.id, day, booking.ticket_nonce)
            return Ticket(booking_id=booking.id, day=day, token=token)

        return self._run(op, actor="reader")

    def check_in(self, token: str, *, actor: str = "scanner") -> Booking:
        """Scan a ticket: admit its party once.

        Raises
        ------
        InvalidTicketError
            ``invalid_ticket`` for a forged or malformed token, ``ticket_superseded`` for
            a token replaced by a newer issue (after a reschedule).
        WrongDayTicketError
            A genuine ticket for another local day.
        AlreadyCheckedInError
            The ticket was scanned before (``context["checked_in_at"]``).
        BookingStateError
            ``booking_not_confirmed``: the booking is cancelled or only on hold.
        """
        claims = self.signer.verify(token)

        def op(tx: UnitOfWork, ctx: OpContext, booking: Booking) -> Booking:
            if booking.ticket_nonce != claims.nonce:
                raise InvalidTicketError(
                    "this ticket was replaced by a newer one (the booking was changed); "
                    "ask for the latest ticket",
                    code="ticket_superseded",
                    context={"booking_id": booking.id},
                )
            check_day(claims, local_date(ctx.now))
            if booking.status is BookingStatus.REDEEMED:
                at = booking.checked_in_at.isoformat() if booking.checked_in_at else "?"
                raise AlreadyCheckedInError(
                    f"ticket for booking {booking.id!r} was already scanned at {at}; "
                    "a ticket admits its party once",
                    context={"booking_id": booking.id, "checked_in_at": at},
                )
            if booking.status is not BookingStatus.CONFIRMED:
                raise BookingStateError(
                    f"booking {booking.id!r} is {booking.status.value}; it admits no one",
                    code="booking_not_confirmed",
                    context={"booking_id": booking.id, "status": booking.status.value},
                )
            done = booking.with_status(
                BookingStatus.REDEEMED,
                ctx.now,
                ctx.actor,
                "checked in",
                checked_in_at=ctx.now,
            )
            tx.save_booking(done)
            ctx.audit(tx, "booking.checked_in", booking.id)
            return done

        try:
            return self._run_on_booking(claims.booking_id, op, actor=actor)
        except BookingNotFoundError as err:
            raise InvalidTicketError(
                "the ticket names no booking; it was not issued here"
            ) from err

    # --- live occupancy ----------------------------------------------------------------------
    def _resource(self, tx: UnitOfWork, resource_id: str) -> Resource:
        resource = tx.get_resource(resource_id)
        if resource is None:
            raise ResourceNotFoundError(
                f"no resource {resource_id!r}", context={"resource_id": resource_id}
            )
        return resource

    def scan_entry(
        self, resource_id: str, people: int = 1, *, actor: str = "scanner"
    ) -> int:
        """Count people entering a pool (the cave mouth); returns the new occupancy.

        Raises :class:`OccupancyFullError` when they would exceed the live limit.
        """
        return self._move(resource_id, people, actor)

    def scan_exit(
        self, resource_id: str, people: int = 1, *, actor: str = "scanner"
    ) -> int:
        """Count people leaving a pool; returns the new occupancy (never below 0)."""
        return self._move(resource_id, -people, actor)

    def _move(self, resource_id: str, delta: int, actor: str) -> int:
        def op(tx: UnitOfWork, ctx: OpContext) -> int:
            resource = self._resource(tx, resource_id)
            if delta == 0:
                return tx.occupancy(resource_id)
            new = tx.adjust_occupancy(resource_id, delta, resource.live_limit)
            if new is None:
                now_inside = tx.occupancy(resource_id)
                if delta > 0:
                    raise OccupancyFullError(
                        f"{resource.name or resource_id} holds {now_inside} of "
                        f"{resource.live_limit} people; wait until {delta} leave",
                        context={
                            "resource_id": resource_id,
                            "inside": now_inside,
                            "limit": resource.live_limit,
                        },
                    )
                new = tx.adjust_occupancy(resource_id, -now_inside, resource.live_limit)
                assert new is not None
            ctx.audit(
                tx,
                "occupancy.entry" if delta > 0 else "occupancy.exit",
                resource_id,
                people=abs(delta),
                inside=new,
            )
            return new

        return self._run(op, actor=actor)

    def occupancy(self, resource_id: str) -> int:
        """People inside a pool now, by the entry/exit scans."""
        return self._run(lambda tx, _ctx: tx.occupancy(resource_id), actor="reader")

    # --- manifests and audit -------------------------------------------------------------------
    def manifest(self, slot_id: str) -> Manifest:
        """The list of confirmed and checked-in parties of a slot."""

        def op(tx: UnitOfWork, _ctx: OpContext) -> Manifest:
            slot = self._slot(tx, slot_id)
            return build_manifest(
                slot.id, slot.product_id, slot.start, tx.bookings_for_slot(slot.id)
            )

        return self._run(op, actor="reader")

    def audit_log(self, subject_id: str | None = None) -> list[AuditEntry]:
        """Recorded changes, oldest first, optionally for one subject."""
        return self._run(lambda tx, _ctx: tx.audit_log(subject_id), actor="reader")
