"""Package bookings (all or nothing) and group allotments. Not public API; see
``service.py``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tourlink.core.errors import ConflictError, TourlinkError

from .allotments import Allotment
from .bookings import Booking, BookingRequest, BookingStatus, Contact
from .errors import (
    ConcurrentUpdateError,
    HoldExpiredError,
    InvalidBookingDataError,
    PackageItemUnavailableError,
    PackageNotFoundError,
)
from .packages import Package, PackageItem
from .ports import UnitOfWork
from .products import Units, total_units, validate_units
from .service_base import OpContext, fingerprint
from .service_core import CoreOperations


class GroupOperations(CoreOperations):
    """Packages of several items, and allotments blocked for groups."""

    # --- packages --------------------------------------------------------------------------
    def hold_package(
        self,
        items: Sequence[PackageItem],
        *,
        contact: Contact | None = None,
        idempotency_key: str | None = None,
        actor: str = "system",
    ) -> Package:
        """Hold every item of a package, or none.

        All items share one expiry, the shortest of their products' hold durations. If an
        item cannot be held, nothing is held and :class:`PackageItemUnavailableError`
        names it (``context["item"]`` is its 0-based position, ``context["reason"]`` the
        underlying code); invalid input raises the input error with ``context["item"]``.
        """
        if not items:
            raise InvalidBookingDataError(
                "a package needs at least one item", field="items"
            )
        body = [
            {
                "product_id": i.product_id,
                "option_id": i.option_id,
                "slot_id": i.slot_id,
                "units": dict(sorted(i.units.items())),
            }
            for i in items
        ]
        fp = fingerprint("hold_package", {"items": body, "contact": repr(contact)})
        now = self.clock.now()
        for item in items:
            self._refresh_waitlist(item.slot_id, now)

        def op(tx: UnitOfWork, ctx: OpContext) -> Package:
            record = self._replay(tx, actor, idempotency_key, fp)
            if record is not None:
                return self._package(tx, record.result_id)
            package_id = self._new_id("pk")
            expires = min(
                self._product(tx, i.product_id).hold_policy.expiry(ctx.now)
                for i in items
            )
            booking_ids: list[str] = []
            for index, item in enumerate(items):
                request = BookingRequest(
                    item.product_id,
                    item.option_id,
                    item.slot_id,
                    item.units,
                    contact=contact,
                )
                try:
                    booking = self._place(
                        tx,
                        ctx,
                        request,
                        confirm=False,
                        package_id=package_id,
                        expires_at=expires,
                    )
                except ConflictError as err:
                    raise PackageItemUnavailableError(
                        f"package item {index + 1} ({item.product_id!r} in slot "
                        f"{item.slot_id!r}) cannot be held: {err.message} Nothing of the "
                        "package was held; change or drop that item and try again.",
                        context={
                            "item": index,
                            "product_id": item.product_id,
                            "slot_id": item.slot_id,
                            "reason": err.code,
                            **err.context,
                        },
                    ) from err
                except TourlinkError as err:
                    err.context.setdefault("item", index)
                    raise
                booking_ids.append(booking.id)
            package = Package(package_id, tuple(booking_ids), ctx.now, contact)
            tx.save_package(package)
            ctx.audit(
                tx,
                "package.on_hold",
                package_id,
                items=len(booking_ids),
                expires_at=expires.isoformat(),
            )
            self._remember(tx, ctx, actor, idempotency_key, fp, package_id)
            return package

        return self._run(op, actor=actor, slots=[i.slot_id for i in items], now=now)

    def _package(self, tx: UnitOfWork, package_id: str) -> Package:
        package = tx.get_package(package_id)
        if package is None:
            raise PackageNotFoundError(
                f"no package {package_id!r}", context={"package_id": package_id}
            )
        return package

    def _package_slots(self, package_id: str, now: datetime) -> list[str]:
        def op(tx: UnitOfWork, _ctx: OpContext) -> list[str]:
            package = self._package(tx, package_id)
            return [self._booking(tx, b).slot_id for b in package.booking_ids]

        return self._run(op, actor="reader", now=now)

    def package_bookings(self, package_id: str) -> list[Booking]:
        """The item bookings of a package, in request order."""

        def op(tx: UnitOfWork, _ctx: OpContext) -> list[Booking]:
            package = self._package(tx, package_id)
            return [self._booking(tx, b) for b in package.booking_ids]

        return self._run(op, actor="reader")

    def confirm_package(
        self, package_id: str, *, contact: Contact | None = None, actor: str = "system"
    ) -> list[Booking]:
        """Confirm every item of a held package, or none (if any item's hold lapsed)."""
        now = self.clock.now()

        def op(tx: UnitOfWork, ctx: OpContext) -> list[Booking]:
            package = self._package(tx, package_id)
            bookings = [self._booking(tx, b) for b in package.booking_ids]
            for index, booking in enumerate(bookings):
                if booking.status is not BookingStatus.CONFIRMED:
                    try:
                        booking.require_live_hold(ctx.now)
                    except HoldExpiredError as err:
                        err.context["item"] = index
                        raise
            confirmed = [
                self._confirm(tx, ctx, b, contact or package.contact) for b in bookings
            ]
            ctx.audit(tx, "package.confirmed", package_id)
            return confirmed

        return self._run(
            op, actor=actor, slots=self._package_slots(package_id, now), now=now
        )

    def _slots_of(self, booking_ids: Sequence[str]) -> list[str]:
        """The slots to lock for several bookings, read in one transaction (sorted)."""

        def op(tx: UnitOfWork, _ctx: OpContext) -> list[str]:
            found = (tx.get_booking(b) for b in booking_ids)
            return sorted({b.slot_id for b in found if b is not None})

        return self._run(op, actor="reader")

    def confirm_bookings(
        self,
        booking_ids: Sequence[str],
        *,
        contact: Contact | None = None,
        actor: str = "system",
    ) -> list[Booking]:
        """Confirm several bookings in one transaction: all of them, or none.

        For carts filled one reservation at a time (OCTo orders): each booking must be
        a live hold or already confirmed; one lapsed, cancelled or unknown booking
        raises (``context["item"]`` is its index) and nothing is confirmed. Every slot
        involved is locked, in sorted order, for the whole transaction.
        """
        ids = list(dict.fromkeys(booking_ids))
        if not ids:
            return []
        now = self.clock.now()
        for _ in range(self.max_attempts):
            slots = self._slots_of(ids)

            def op(
                tx: UnitOfWork, ctx: OpContext, slots: list[str] = slots
            ) -> list[Booking]:
                bookings = []
                for index, booking_id in enumerate(ids):
                    try:
                        booking = self._booking(tx, booking_id)
                        if booking.slot_id not in slots:
                            raise ConcurrentUpdateError("booking moved while locking")
                        if booking.status is not BookingStatus.CONFIRMED:
                            booking.require_live_hold(ctx.now)
                    except TourlinkError as err:
                        err.context["item"] = index
                        raise
                    bookings.append(booking)
                return [self._confirm(tx, ctx, b, contact) for b in bookings]

            try:
                return self._run(op, actor=actor, slots=slots, now=now)
            except ConcurrentUpdateError:
                continue
        raise ConcurrentUpdateError("the bookings kept changing; retry the request")

    def cancel_package(
        self, package_id: str, *, reason: str = "", actor: str = "system"
    ) -> list[Booking]:
        """Cancel every still-active item of a package (refund per item policy)."""
        now = self.clock.now()

        def op(tx: UnitOfWork, ctx: OpContext) -> list[Booking]:
            package = self._package(tx, package_id)
            out: list[Booking] = []
            for booking_id in package.booking_ids:
                booking = self._booking(tx, booking_id)
                if booking.effective_status(ctx.now) in {
                    BookingStatus.ON_HOLD,
                    BookingStatus.CONFIRMED,
                }:
                    booking = self._cancel(tx, ctx, booking, reason, by_operator=False)
                    self._process_waitlist(tx, ctx, self._slot(tx, booking.slot_id))
                out.append(booking)
            ctx.audit(tx, "package.cancelled", package_id, reason=reason)
            return out

        return self._run(
            op, actor=actor, slots=self._package_slots(package_id, now), now=now
        )

    # --- allotments --------------------------------------------------------------------------
    def create_allotment(
        self,
        slot_id: str,
        option_id: str,
        *,
        holder: str,
        units: Units,
        release_at: datetime,
        min_party: int = 1,
        max_party: int | None = None,
        actor: str = "system",
    ) -> Allotment:
        """Block places on a slot for a group until ``release_at``.

        The block is taken like a booking (it respects capacity and the waiting list) and
        expires at ``release_at``: from then on its unused places are on general sale,
        without any job running.
        """
        now = self.clock.now()

        def op(tx: UnitOfWork, ctx: OpContext) -> Allotment:
            slot = self._slot(tx, slot_id)
            option = self._product(tx, slot.product_id).option(option_id)
            block_units = validate_units(option, units)
            allotment = Allotment(
                id=self._new_id("al"),
                slot_id=slot.id,
                product_id=slot.product_id,
                option_id=option.id,
                holder=holder,
                units=block_units,
                release_at=release_at,
                created_at=ctx.now,
                min_party=min_party,
                max_party=max_party,
            )
            if allotment.is_released(ctx.now):
                raise InvalidBookingDataError(
                    "release_at is already past; choose a future release date",
                    field="release_at",
                )
            slot.check_bookable(ctx.now)
            claims = self._claims(tx, option, slot, block_units)
            self._take(tx, ctx, allotment.id, slot, claims, release_at)
            tx.save_allotment(allotment)
            ctx.audit(
                tx,
                "allotment.created",
                allotment.id,
                holder=holder,
                units=total_units(block_units),
                release_at=release_at.isoformat(),
            )
            return allotment

        return self._run(op, actor=actor, slots=[slot_id], now=now)

    def allotment_remaining(self, allotment_id: str) -> int:
        """Unused places left in an allotment's block (smallest over its keys; 0 once
        released)."""

        def op(tx: UnitOfWork, ctx: OpContext) -> int:
            self._allotment(tx, allotment_id)
            block = tx.allocation(allotment_id, ctx.now)
            return min(block.places().values(), default=0) if block else 0

        return self._run(op, actor="reader")
