"""The booking service: use cases written only against the ports.

Every public method reads ``now = clock.now()`` once, runs in one unit of work with the
slots it touches locked, retries lost races, records an audit entry for each change and
sends notifications after commit. Operation groups live in ``service_groups.py``
(packages, allotments), ``service_sessions.py`` (operator actions on sessions, the waiting
list) and ``service_checkin.py`` (tickets, scans, manifests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import cast

from .availability import Availability, assess
from .bookings import Booking, BookingRequest, BookingStatus, Contact
from .errors import (
    BookingStateError,
    InvalidBookingDataError,
)
from .ports import OptimisticMiss, UnitOfWork
from .products import Product, Units, price_of, total_units, validate_units
from .resources import Resource
from .service_base import OpContext, fingerprint
from .service_checkin import CheckinOperations
from .service_groups import GroupOperations
from .service_sessions import SessionOperations
from .slots import Slot
from .waitlist import WaitlistEntry, WaitlistStatus

_PlaceOp = Callable[[UnitOfWork, OpContext], Booking]
"""Placing one booking in a unit of work (see ``BookingService._place_ops``)."""


class _QueueActiveError(Exception):
    """Raised (and caught) to leave the one-transaction path when the slot has a queue."""


def _queue_active(entries: list[WaitlistEntry]) -> bool:
    """Whether serving the waiting list could change anything: someone waits or holds
    an offer (which may have lapsed)."""
    return any(
        e.status in {WaitlistStatus.WAITING, WaitlistStatus.OFFERED} for e in entries
    )


class BookingService(GroupOperations, SessionOperations, CheckinOperations):
    """Booking and capacity use cases for heritage sites, boats and workshops.

    A ticket desk at the Thien Canh Son cave, a Lan Ha Bay boat operator's website and a
    Hanoi tour operator's API client all go through this service; it never oversells a
    resource, never loses a confirmed booking and never books twice for one idempotency
    key.

    Parameters
    ----------
    store : BookingStore
        The persistence port (``InMemoryBookingStore`` in tests).
    clock : Clock
        Time source, read once per operation.
    ticket_secret : bytes
        Key for signing check-in tickets.
    notifier : Notifier, optional
        Where notifications go (default: the log).
    group_commit : bool, optional
        Let concurrent holds and bookings of this process share transactions
        (:mod:`tourlink.booking.group_commit`); the store must provide
        ``shared_transaction()``. Off by default.
    optimistic : OptimisticBookings, optional
        The store's optimistic path for new bookings (PostgreSQL's one-call path,
        ``SqlBookingStore.one_call``): a hold or booking without an idempotency key is
        first tried there, and placed on the ordinary path if that wrote nothing.
    """

    # --- reference data --------------------------------------------------------------------
    def register_resource(
        self, resource: Resource, *, actor: str = "system"
    ) -> Resource:
        """Create or update a capacity pool."""

        def op(tx: UnitOfWork, ctx: OpContext) -> Resource:
            tx.save_resource(resource)
            ctx.audit(
                tx,
                "resource.saved",
                resource.id,
                capacity=resource.capacity,
                daily_cap=resource.daily_cap,
            )
            return resource

        return self._run(op, actor=actor)

    def register_product(self, product: Product, *, actor: str = "system") -> Product:
        """Create or update a product."""

        def op(tx: UnitOfWork, ctx: OpContext) -> Product:
            tx.save_product(product)
            ctx.audit(tx, "product.saved", product.id)
            return product

        return self._run(op, actor=actor)

    def register_slot(self, slot: Slot, *, actor: str = "system") -> Slot:
        """Create or update a slot of an existing product."""

        def op(tx: UnitOfWork, ctx: OpContext) -> Slot:
            self._product(tx, slot.product_id)
            tx.save_slot(slot)
            ctx.audit(tx, "slot.saved", slot.id, state=slot.state.value)
            return slot

        return self._run(op, actor=actor, slots=[slot.id])

    # --- reading ---------------------------------------------------------------------------
    def availability(
        self, slot_id: str, option_id: str, units: Units | None = None
    ) -> Availability:
        """Availability of a slot for newcomers, and whether ``units`` (default: one of
        the option's first unit type) fits."""

        def op(tx: UnitOfWork, ctx: OpContext) -> Availability:
            slot = self._slot(tx, slot_id)
            option = self._product(tx, slot.product_id).option(option_id)
            party = validate_units(option, units or {option.units[0].id: 1})
            claims = self._claims(tx, option, slot, party)
            usage = tx.usage([c.key for c in claims], ctx.now)
            waiting = self._waiting(tx, slot, ctx.now)
            waiting_units = sum(
                total_units(e.units)
                for e in tx.waitlist_for_slot(slot.id)
                if e.effective_status(ctx.now) is WaitlistStatus.WAITING
            )
            return assess(
                slot, claims, usage, waiting, ctx.now, waiting_units=waiting_units
            )

        return self._run(op, actor="reader")

    def get_booking(self, booking_id: str) -> Booking:
        """A booking by id."""
        return self._run(lambda tx, _ctx: self._booking(tx, booking_id), actor="reader")

    # --- hold, confirm, book -----------------------------------------------------------------
    def hold(
        self,
        request: BookingRequest,
        *,
        idempotency_key: str | None = None,
        actor: str = "system",
    ) -> Booking:
        """Hold places for a party until the product's hold expiry (default 15 minutes).

        The same ``idempotency_key`` with the same request returns the same hold; with a
        different request it raises :class:`IdempotencyConflictError`.
        """
        return self._place_idempotent(request, idempotency_key, actor, confirm=False)

    def book(
        self,
        request: BookingRequest,
        *,
        idempotency_key: str | None = None,
        actor: str = "system",
    ) -> Booking:
        """Hold and confirm in one step (a desk sale, an operator's allotment booking)."""
        return self._place_idempotent(request, idempotency_key, actor, confirm=True)

    def _place_idempotent(
        self, request: BookingRequest, key: str | None, actor: str, *, confirm: bool
    ) -> Booking:
        now = self.clock.now()
        op, op_unless_queue = self._place_ops(request, key, actor, confirm)
        # Without an idempotency key, the store's optimistic path may place the booking
        # in one round trip (it checks under the slot's lock that nothing it decided on
        # changed, nobody waits and there is room; if not, it wrote nothing).
        if key is None and self.optimistic is not None:
            placed = self._run_optimistic(op_unless_queue, actor=actor, now=now)
            if placed is not None:
                return placed[0]
        return self._place_ordinary(request, actor, now, op, op_unless_queue)

    def _place_ops(
        self, request: BookingRequest, key: str | None, actor: str, confirm: bool
    ) -> tuple[_PlaceOp, _PlaceOp]:
        """Placing the booking ``request`` asks for (confirmed, or held): as such, and
        unless its slot has a waiting list."""
        # Only a request with a key is remembered, so only then is it fingerprinted
        # (a hash of the whole body: a visible share of an anonymous booking's CPU).
        operation = "book" if confirm else "hold"
        fp = "" if key is None else fingerprint(operation, request.body())

        def op(tx: UnitOfWork, ctx: OpContext) -> Booking:
            record = self._replay(tx, actor, key, fp)
            if record is not None:
                return self._booking(tx, record.result_id)
            booking = self._place(tx, ctx, request, confirm=confirm)
            self._remember(tx, ctx, actor, key, fp, booking.id)
            return booking

        def op_unless_queue(tx: UnitOfWork, ctx: OpContext) -> Booking:
            if _queue_active(tx.waitlist_for_slot(request.slot_id)):
                raise _QueueActiveError
            return op(tx, ctx)

        return op, op_unless_queue

    def _place_ordinary(
        self,
        request: BookingRequest,
        actor: str,
        now: datetime,
        op: _PlaceOp,
        op_unless_queue: _PlaceOp,
    ) -> Booking:
        # The waiting list is served before a newcomer, in a transaction of its own (its
        # offers stand even if the newcomer is then refused). With nobody waiting and no
        # offer out that refresh has nothing to do, so the common case is one
        # transaction: check the queue under the slot lock, then place the booking.
        # Under load, concurrent bookings share this transaction (group commit).
        try:
            return self._run_on_slot(
                op_unless_queue, actor=actor, slot_id=request.slot_id, now=now
            )
        except _QueueActiveError:
            pass
        self._refresh_waitlist(request.slot_id, now)
        return self._run(op, actor=actor, slots=[request.slot_id], now=now)

    @property
    def writes_batches(self) -> bool:
        """Whether :meth:`place_many` writes several bookings in one transaction (a
        store with an optimistic path); otherwise it places them one by one."""
        return self.optimistic is not None

    def place_many(
        self, items: Sequence[tuple[BookingRequest, str, bool]]
    ) -> list[Booking | Exception]:
        """Place several new bookings, each without an idempotency key: ``(request,
        actor, confirm)`` each (``confirm``: :meth:`book`, else :meth:`hold`).

        Each answer is the booking, or the error, that placing it alone would have
        given. With a store that writes batches (PostgreSQL's one-call path), every
        booking is decided as on the optimistic path and those it can place are written
        by one call in one transaction, each checked on its own; the others (a changed
        document, a waiting list, a key short of room, or every one if the database
        refused the call) then run alone on the ordinary path. Placed bookings are
        answered only after the shared commit. If that commit's outcome is unknown (a
        lost connection) each of its bookings is answered with that error, never
        retried. Without such a store each booking runs as :meth:`book` would.
        """
        now = self.clock.now()
        ops = [
            self._place_ops(request, None, actor, confirm)
            for request, actor, confirm in items
        ]
        answers: list[Booking | Exception | None] = [None] * len(items)
        for i in self._place_batch(items, ops, now, answers):
            request, actor, _confirm = items[i]
            try:
                answers[i] = self._place_ordinary(request, actor, now, *ops[i])
            except Exception as error:  # answered to its own caller
                answers[i] = error
        assert all(answer is not None for answer in answers)
        return cast("list[Booking | Exception]", answers)

    def _place_batch(
        self,
        items: Sequence[tuple[BookingRequest, str, bool]],
        ops: Sequence[tuple[_PlaceOp, _PlaceOp]],
        now: datetime,
        answers: list[Booking | Exception | None],
    ) -> list[int]:
        """Place what the optimistic path can, filling ``answers`` for those placed
        (with the error, for those whose outcome is unknown); the indexes left for the
        ordinary path."""
        optimistic = self.optimistic
        if optimistic is None:
            return list(range(len(items)))
        if len(items) == 1:  # one booking: the single call (no batch to share)
            placed = self._run_optimistic(ops[0][1], actor=items[0][1], now=now)
            if placed is None:
                return [0]
            answers[0] = placed[0]
            return []
        ordinary: list[int] = []
        staged: list[tuple[int, Booking, OpContext]] = []
        try:
            with optimistic.batch() as batch:
                for i, (_request, actor, _confirm) in enumerate(items):
                    ctx = OpContext(now=now, actor=actor)
                    tx = batch.unit_of_work()
                    try:
                        booking = ops[i][1](cast("UnitOfWork", tx), ctx)
                        batch.stage(tx)
                    except Exception:  # decided afresh on the ordinary path
                        ordinary.append(i)
                        continue
                    staged.append((i, booking, ctx))
                written = batch.flush()
        except OptimisticMiss:  # refused whole: nothing written
            return sorted(ordinary + [i for i, _, _ in staged])
        except Exception as error:
            # Whatever was sent has an unknown outcome: never retried. What was not
            # reached (no connection for the batch, say) runs on the ordinary path.
            for i, _, _ in staged:
                answers[i] = error
            reached = set(ordinary) | {i for i, _, _ in staged}
            return sorted(ordinary + [i for i in range(len(items)) if i not in reached])
        for (i, booking, ctx), ok in zip(staged, written, strict=True):
            if ok:
                answers[i] = booking
                self._send(ctx.outbox)
            else:
                ordinary.append(i)
        return sorted(ordinary)

    def extend_hold(
        self, booking_id: str, *, minutes: int | None = None, actor: str = "system"
    ) -> Booking:
        """Push a live hold's expiry later, within the product's hold policy."""

        def op(tx: UnitOfWork, ctx: OpContext, booking: Booking) -> Booking:
            booking.require_live_hold(ctx.now)
            assert booking.expires_at is not None
            policy = self._product(tx, booking.product_id).hold_policy
            new_expiry = policy.extended(
                created_at=booking.created_at,
                expires_at=booking.expires_at,
                extensions=booking.extensions,
                now=ctx.now,
                by=None if minutes is None else timedelta(minutes=minutes),
            )
            tx.set_expiry(booking.id, new_expiry)
            booking = booking.updated(
                ctx.now,
                ctx.actor,
                "hold extended",
                expires_at=new_expiry,
                extensions=booking.extensions + 1,
            )
            tx.save_booking(booking)
            ctx.audit(
                tx,
                "booking.hold_extended",
                booking.id,
                expires_at=new_expiry.isoformat(),
            )
            return booking

        return self._run_on_booking(booking_id, op, actor=actor)

    def confirm(
        self, booking_id: str, *, contact: Contact | None = None, actor: str = "system"
    ) -> Booking:
        """Confirm a live hold; never fails for capacity. Confirming a confirmed booking
        returns it unchanged."""

        def op(tx: UnitOfWork, ctx: OpContext, booking: Booking) -> Booking:
            return self._confirm(tx, ctx, booking, contact)

        return self._run_on_booking(booking_id, op, actor=actor)

    # --- cancel and modify -----------------------------------------------------------------
    def cancel(
        self,
        booking_id: str,
        *,
        reason: str = "",
        by_operator: bool = False,
        actor: str = "system",
    ) -> Booking:
        """Cancel a hold or a confirmed booking; the refund follows the product's policy
        (a full refund when the operator cancels). Frees places for the waiting list.

        Raises
        ------
        AlreadyCancelledError
            The booking was cancelled before.
        """

        def op(tx: UnitOfWork, ctx: OpContext, booking: Booking) -> Booking:
            cancelled = self._cancel(tx, ctx, booking, reason, by_operator)
            self._process_waitlist(tx, ctx, self._slot(tx, booking.slot_id))
            return cancelled

        return self._run_on_booking(booking_id, op, actor=actor)

    def modify(
        self,
        booking_id: str,
        *,
        units: Units | None = None,
        slot_id: str | None = None,
        actor: str = "system",
    ) -> Booking:
        """Change a booking's party and/or slot in place, atomically: either the booking
        has the new units and slot, or it keeps the old ones (never lost, never doubled).

        Enlargements respect the waiting list; reductions always succeed.
        """

        def op(tx: UnitOfWork, ctx: OpContext, booking: Booking) -> Booking:
            status = booking.effective_status(ctx.now)
            if status not in {BookingStatus.ON_HOLD, BookingStatus.CONFIRMED}:
                raise BookingStateError(
                    f"booking {booking.id!r} is {status.value}; only holds and confirmed "
                    "bookings can be changed",
                    code="booking_not_modifiable",
                    context={"booking_id": booking.id, "status": status.value},
                )
            if booking.allotment_id is not None:
                raise BookingStateError(
                    f"booking {booking.id!r} draws from an allotment; cancel it and book "
                    "again from the allotment",
                    code="allotment_booking_not_modifiable",
                )
            product = self._product(tx, booking.product_id)
            option = product.option(booking.option_id)
            new_units = validate_units(
                option, booking.units if units is None else units
            )
            target = self._slot(tx, slot_id or booking.slot_id)
            if target.product_id != product.id:
                raise InvalidBookingDataError(
                    f"slot {target.id!r} belongs to product {target.product_id!r}; a "
                    "booking can only move between slots of its own product",
                    field="slot_id",
                )
            if target.id == booking.slot_id and new_units == dict(booking.units):
                return booking
            target.check_bookable(ctx.now)
            old = tx.release(booking.id)
            claims = self._claims(tx, option, target, new_units)
            self._take(
                tx,
                ctx,
                booking.id,
                target,
                claims,
                booking.expires_at,
                credit=old.places() if old else {},
            )
            moved = target.id != booking.slot_id
            nonce = booking.ticket_nonce
            if moved and nonce is not None:
                nonce = self.signer.new_nonce()
            updated = booking.updated(
                ctx.now,
                ctx.actor,
                "modified",
                units=new_units,
                slot_id=target.id,
                price_vnd=price_of(option, new_units),
                ticket_nonce=nonce,
            )
            tx.save_booking(updated)
            ctx.audit(
                tx,
                "booking.modified",
                booking.id,
                from_slot=booking.slot_id,
                to_slot=target.id,
                old_price_vnd=booking.price_vnd,
                new_price_vnd=updated.price_vnd,
                units=total_units(new_units),
            )
            self._process_waitlist(tx, ctx, self._slot(tx, booking.slot_id))
            return updated

        extra = (slot_id,) if slot_id else ()
        return self._run_on_booking(booking_id, op, actor=actor, extra_slots=extra)
