"""Shared machinery of the booking service: transactions, retries, loading, capacity.

Not public API; ``service.py`` assembles :class:`~.service.BookingService` from this base
and the operation groups in ``service_groups.py``, ``service_sessions.py`` and
``service_checkin.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar, cast

from tourlink.core.clock import Clock

from .audit import AuditEntry, AuditValue
from .availability import shortfall
from .bookings import Booking, BookingStatus
from .checkin import TicketSigner
from .errors import (
    BookingNotFoundError,
    ConcurrentUpdateError,
    IdempotencyConflictError,
    ProductNotFoundError,
    ResourceNotFoundError,
    SlotNotFoundError,
    SlotSoldOutError,
)
from .group_commit import GroupCommit
from .ledger import Allocation, Claim, claims_for
from .notifiers import LogNotifier
from .ports import (
    AsyncOptimisticBookings,
    BookingStore,
    GroupCommitStore,
    IdempotencyRecord,
    Notification,
    Notifier,
    OptimisticBookings,
    OptimisticMiss,
    UnitOfWork,
)
from .products import Product, ProductOption, Units, price_of
from .resources import CapacityKey, Resource
from .slots import Slot
from .waitlist import WaitlistEntry, WaitlistStatus, pick_offers, waiting_demand

T = TypeVar("T")
logger = logging.getLogger("tourlink.booking")


@dataclass
class OpContext:
    """One operation's instant (read once from the clock), actor and outbox."""

    now: datetime
    actor: str
    outbox: list[Notification] = field(default_factory=list)

    def audit(
        self, tx: UnitOfWork, action: str, subject_id: str, **details: AuditValue
    ) -> None:
        """Record an audit entry in the operation's transaction."""
        tx.record_audit(AuditEntry(self.now, self.actor, action, subject_id, details))

    def save_audited(
        self, tx: UnitOfWork, booking: Booking, action: str, **details: AuditValue
    ) -> None:
        """Save ``booking`` with an audit entry about it, in the operation's
        transaction (one statement on PostgreSQL)."""
        tx.save_booking_audited(
            booking, AuditEntry(self.now, self.actor, action, booking.id, details)
        )


def fingerprint(operation: str, body: object) -> str:
    """A stable hash of an operation and its request body (for idempotency)."""
    text = json.dumps(
        [operation, body], sort_keys=True, default=str, ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


class ServiceBase:
    """Store, clock, notifier and ticket signer, plus helpers shared by all operations."""

    max_attempts = 3
    """Attempts per operation when the store reports a lost race."""

    def __init__(
        self,
        store: BookingStore,
        clock: Clock,
        *,
        ticket_secret: bytes,
        notifier: Notifier | None = None,
        new_id: Callable[[str], str] | None = None,
        group_commit: bool = False,
        optimistic: OptimisticBookings | None = None,
        optimistic_async: AsyncOptimisticBookings | None = None,
    ) -> None:
        self.store = store
        self.optimistic = optimistic
        self.optimistic_async = optimistic_async
        self.clock = clock
        self.notifier: Notifier = notifier if notifier is not None else LogNotifier()
        self.signer = TicketSigner(ticket_secret)
        self._new_id = new_id or (lambda prefix: f"{prefix}_{uuid.uuid4().hex}")
        self.group_commit: GroupCommit | None = None
        if group_commit:
            if not hasattr(store, "shared_transaction"):
                raise TypeError(
                    f"group_commit needs a store with shared_transaction(); "
                    f"{type(store).__name__} has none (pass group_commit=False)"
                )
            self.group_commit = GroupCommit(cast("GroupCommitStore", store))

    # --- transactions ------------------------------------------------------------------
    def _run(
        self,
        op: Callable[[UnitOfWork, OpContext], T],
        *,
        actor: str,
        slots: Sequence[str] = (),
        now: datetime | None = None,
    ) -> T:
        """Run ``op`` in a unit of work with the slots locked; retry lost races; send the
        outbox after commit."""
        instant = self.clock.now() if now is None else now
        for attempt in range(1, self.max_attempts + 1):
            ctx = OpContext(now=instant, actor=actor)
            try:
                with self.store.unit_of_work() as tx:
                    if slots:
                        tx.lock_slots(sorted(set(slots)))
                    result = op(tx, ctx)
            except ConcurrentUpdateError:
                if attempt == self.max_attempts:
                    raise
                continue
            self._send(ctx.outbox)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _run_on_slot(
        self,
        op: Callable[[UnitOfWork, OpContext], T],
        *,
        actor: str,
        slot_id: str,
        now: datetime,
    ) -> T:
        """:meth:`_run` for an operation on one slot, through group commit if enabled:
        concurrent callers share one transaction (see :mod:`.group_commit`), each
        answered after the commit that contains its writes."""
        if self.group_commit is None:
            return self._run(op, actor=actor, slots=[slot_id], now=now)

        def step(tx: UnitOfWork) -> tuple[T, OpContext | None]:
            ctx = OpContext(now=now, actor=actor)
            tx.lock_slots([slot_id])
            return op(tx, ctx), ctx

        def alone() -> tuple[T, OpContext | None]:
            return self._run(op, actor=actor, slots=[slot_id], now=now), None

        result, ctx = self.group_commit.run(step, alone=alone, key=slot_id)
        if ctx is not None:  # committed in a group; ``_run`` sends its own outbox
            self._send(ctx.outbox)
        return result

    def _run_optimistic(
        self,
        op: Callable[[UnitOfWork, OpContext], T],
        *,
        actor: str,
        now: datetime,
    ) -> tuple[T] | None:
        """Run ``op`` once on the store's optimistic path (see
        :class:`~tourlink.booking.ports.OptimisticBookings`); ``(result,)`` if it
        committed, ``None`` if it wrote nothing and the ordinary path must run.

        Whatever ``op`` raises there was decided on data read without locks, so it is
        not answered: the ordinary path decides (and raises) afresh. A failure of the
        write whose outcome is unknown (a lost connection) is raised, never retried.
        """
        assert self.optimistic is not None
        ctx = OpContext(now=now, actor=actor)
        try:
            with self.optimistic.unit_of_work() as tx:
                try:
                    result = op(cast("UnitOfWork", tx), ctx)
                except Exception as error:
                    raise OptimisticMiss(str(error)) from error
        except OptimisticMiss:
            return None
        self._send(ctx.outbox)
        return (result,)

    async def _run_optimistic_async(
        self,
        op: Callable[[UnitOfWork, OpContext], T],
        *,
        actor: str,
        now: datetime,
    ) -> T:
        """Run ``op`` once on the store's non-blocking optimistic path (see
        :class:`~tourlink.booking.ports.AsyncOptimisticBookings`) and return its result
        once the write committed; only the write is awaited, ``op`` runs in the caller.

        Raises :class:`OptimisticMiss` if nothing was written, as ``_run_optimistic``
        returns ``None``: its ``would_block`` says whether the blocking optimistic path
        may still succeed. As there, what ``op`` raises is not answered, and a write
        whose outcome is unknown raises the store's error, never retried. Notifications
        are sent only by the blocking paths (a notifier may block), so an operation
        that has any is a miss before the write.
        """
        assert self.optimistic_async is not None
        ctx = OpContext(now=now, actor=actor)
        async with self.optimistic_async.unit_of_work_async() as tx:
            try:
                result = op(cast("UnitOfWork", tx), ctx)
            except OptimisticMiss:
                raise
            except Exception as error:
                raise OptimisticMiss(str(error)) from error
            if ctx.outbox:
                raise OptimisticMiss("notifications to send", would_block=True)
        return result

    def _send(self, outbox: Sequence[Notification]) -> None:
        for notification in outbox:
            try:
                self.notifier.notify(notification)
            except Exception:  # a failed e-mail must never undo a committed booking
                logger.exception("could not send %s notification", notification.kind)

    def _replay(
        self, tx: UnitOfWork, scope: str, key: str | None, fp: str
    ) -> IdempotencyRecord | None:
        if key is None:
            return None
        record = tx.get_idempotency(scope, key)
        if record is not None and record.fingerprint != fp:
            raise IdempotencyConflictError(
                f"idempotency key {key!r} was already used for a different request; "
                "use a new key for a new request",
                field="idempotency_key",
                context={"key": key},
            )
        return record

    def _remember(
        self,
        tx: UnitOfWork,
        ctx: OpContext,
        scope: str,
        key: str | None,
        fp: str,
        result_id: str,
    ) -> None:
        if key is not None:
            tx.save_idempotency(IdempotencyRecord(scope, key, fp, result_id, ctx.now))

    # --- loading ---------------------------------------------------------------------------
    @staticmethod
    def _product(tx: UnitOfWork, product_id: str) -> Product:
        product = tx.get_product(product_id)
        if product is None:
            raise ProductNotFoundError(
                f"no product {product_id!r}; check the id",
                context={"product_id": product_id},
            )
        return product

    @staticmethod
    def _slot(tx: UnitOfWork, slot_id: str) -> Slot:
        slot = tx.get_slot(slot_id)
        if slot is None:
            raise SlotNotFoundError(
                f"no slot {slot_id!r}; list the product's slots for valid ids",
                context={"slot_id": slot_id},
            )
        return slot

    @staticmethod
    def _booking(tx: UnitOfWork, booking_id: str) -> Booking:
        booking = tx.get_booking(booking_id)
        if booking is None:
            raise BookingNotFoundError(
                f"no booking {booking_id!r}; check the booking reference",
                context={"booking_id": booking_id},
            )
        return booking

    @staticmethod
    def _resources(tx: UnitOfWork, option: ProductOption) -> dict[str, Resource]:
        found: dict[str, Resource] = {}
        for resource_id in option.resource_ids():
            resource = tx.get_resource(resource_id)
            if resource is None:
                raise ResourceNotFoundError(
                    f"resource {resource_id!r} used by option {option.id!r} does not "
                    "exist; register it first",
                    context={"resource_id": resource_id},
                )
            found[resource_id] = resource
        return found

    def _claims(
        self, tx: UnitOfWork, option: ProductOption, slot: Slot, units: Units
    ) -> tuple[Claim, ...]:
        return claims_for(option, slot, units, self._resources(tx, option))

    # --- capacity --------------------------------------------------------------------------
    def _waiting(
        self, tx: UnitOfWork, slot: Slot, now: datetime
    ) -> dict[CapacityKey, int]:
        entries = tx.waitlist_for_slot(slot.id)
        if not entries:
            return {}
        product = self._product(tx, slot.product_id)
        return waiting_demand(
            entries,
            lambda e: self._claims(tx, product.option(e.option_id), slot, e.units),
            now,
        )

    def _take(
        self,
        tx: UnitOfWork,
        ctx: OpContext,
        owner_id: str,
        slot: Slot,
        claims: Sequence[Claim],
        expires_at: datetime | None,
        *,
        respect_waitlist: bool = True,
        credit: Mapping[CapacityKey, int] | None = None,
    ) -> None:
        """Allocate ``claims`` for ``owner_id`` or raise :class:`SlotSoldOutError`.

        With ``respect_waitlist`` the waiting list's demand is subtracted from what is free
        for every key where the owner asks for more than its ``credit`` (the places it
        held there before a modification), so newcomers and enlargements never jump the
        queue; reductions always fit.
        """
        credit = credit or {}
        if respect_waitlist:
            waiting = self._waiting(tx, slot, ctx.now)
            if waiting:
                growing = [c for c in claims if c.places > credit.get(c.key, 0)]
                usage = tx.usage([c.key for c in growing], ctx.now)
                short = shortfall(growing, usage, waiting)
                if short:
                    raise self._sold_out(slot, claims, short, waiting=True)
        short = tx.allocate(
            Allocation(owner_id, slot.id, tuple(claims), expires_at), ctx.now
        )
        if short:
            raise self._sold_out(slot, claims, short, waiting=False)

    @staticmethod
    def _sold_out(
        slot: Slot,
        claims: Sequence[Claim],
        short: Mapping[CapacityKey, int],
        *,
        waiting: bool,
    ) -> SlotSoldOutError:
        key = min(short, key=lambda k: short[k])
        needed = max(c.places for c in claims if c.key == key)
        what = "a daily cap" if key.is_daily else "a session"
        queue = " (places are kept for the waiting list)" if waiting else ""
        return SlotSoldOutError(
            f"slot {slot.id!r} has {short[key]} places left on {key.resource_id!r} "
            f"({what}){queue} but the party needs {needed}; choose another session, a "
            "smaller party, or join the waiting list",
            context={
                "slot_id": slot.id,
                "resource_id": key.resource_id,
                "period": key.period,
                "remaining": short[key],
                "needed": needed,
            },
        )

    # --- waiting list ----------------------------------------------------------------------
    def _process_waitlist(
        self, tx: UnitOfWork, ctx: OpContext, slot: Slot
    ) -> list[str]:
        """Lapse stale offers and offer freed places to fitting waiting parties, in
        order. Returns the ids of the entries offered places."""
        entries = tx.waitlist_for_slot(slot.id)
        if not entries:
            return []
        for entry in entries:
            if entry.status is WaitlistStatus.OFFERED and (
                entry.effective_status(ctx.now) is WaitlistStatus.LAPSED
            ):
                self._lapse(tx, ctx, entry)
        entries = tx.waitlist_for_slot(slot.id)
        if slot.is_closed(ctx.now):
            return []
        product = self._product(tx, slot.product_id)
        claims_by_id = {
            e.id: self._claims(tx, product.option(e.option_id), slot, e.units)
            for e in entries
            if e.effective_status(ctx.now) is WaitlistStatus.WAITING
        }
        if not claims_by_id:
            return []
        all_claims = [c for cs in claims_by_id.values() for c in cs]
        usage = tx.usage(sorted({c.key for c in all_claims}), ctx.now)
        free = {c.key: max(0, c.capacity - usage.get(c.key, 0)) for c in all_claims}
        waiting = [e for e in entries if e.id in claims_by_id]
        chosen = pick_offers(waiting, lambda e: claims_by_id[e.id], free, ctx.now)
        expires = ctx.now + timedelta(minutes=product.offer_minutes)
        offered: list[str] = []
        for entry in chosen:
            booking_id = self._new_id("bk")
            short = tx.allocate(
                Allocation(booking_id, slot.id, claims_by_id[entry.id], expires),
                ctx.now,
            )
            if short:  # pragma: no cover - pick_offers only chooses parties that fit
                continue
            option = product.option(entry.option_id)
            booking = Booking(
                id=booking_id,
                product_id=product.id,
                option_id=entry.option_id,
                slot_id=slot.id,
                units=entry.units,
                price_vnd=price_of(option, entry.units),
                status=BookingStatus.ON_HOLD,
                created_at=ctx.now,
                updated_at=ctx.now,
                expires_at=expires,
                contact=entry.contact,
                waitlist_entry_id=entry.id,
            ).with_status(
                BookingStatus.ON_HOLD, ctx.now, ctx.actor, "waiting-list offer"
            )
            tx.save_booking(booking)
            tx.save_waitlist_entry(
                _replace_entry(entry, WaitlistStatus.OFFERED, booking_id, expires)
            )
            ctx.audit(
                tx,
                "waitlist.offered",
                entry.id,
                booking_id=booking_id,
                expires_at=expires.isoformat(),
            )
            ctx.outbox.append(
                Notification(
                    kind="waitlist_offer",
                    recipient=entry.contact.email
                    or entry.contact.phone
                    or entry.contact.name,
                    subject="Places are free for you",
                    body=(
                        f"Places freed up on {slot.start.isoformat()}. Accept the offer "
                        f"before {expires.isoformat()} to book them."
                    ),
                    language=entry.contact.language,
                    context={
                        "entry_id": entry.id,
                        "booking_id": booking_id,
                        "expires_at": expires.isoformat(),
                    },
                )
            )
            offered.append(entry.id)
        return offered

    def _lapse(self, tx: UnitOfWork, ctx: OpContext, entry: WaitlistEntry) -> None:
        tx.save_waitlist_entry(
            _replace_entry(
                entry,
                WaitlistStatus.LAPSED,
                entry.offer_booking_id,
                entry.offer_expires_at,
            )
        )
        if entry.offer_booking_id is not None:
            tx.release(entry.offer_booking_id)
            offer = tx.get_booking(entry.offer_booking_id)
            if offer is not None and offer.status is BookingStatus.ON_HOLD:
                tx.save_booking(
                    offer.with_status(
                        BookingStatus.EXPIRED, ctx.now, ctx.actor, "offer lapsed"
                    )
                )
        ctx.audit(tx, "waitlist.lapsed", entry.id)


def _replace_entry(
    entry: WaitlistEntry,
    status: WaitlistStatus,
    booking_id: str | None,
    expires_at: datetime | None,
) -> WaitlistEntry:
    return dataclasses.replace(
        entry, status=status, offer_booking_id=booking_id, offer_expires_at=expires_at
    )
