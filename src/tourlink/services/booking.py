"""Booking use cases on top of the domain service: catalogue sync, slot generation,
reconciliation and the wiring of notifier and ticket secret from settings.

:class:`ManagedBookingService` *is* a :class:`~tourlink.booking.BookingService` (so the web
layer uses it as one) with the operator's extra tools. It is written against the store port
plus ``snapshot()``; the composition root passes the SQL store, tests the in-memory one.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from tourlink.booking import (
    AsyncOptimisticBookings,
    AuditEntry,
    BookingService,
    BookingStore,
    CancellationPolicy,
    HoldPolicy,
    LedgerSnapshot,
    Notifier,
    OptimisticBookings,
    Product,
    ProductNotFoundError,
    ProductOption,
    Reconciliation,
    RefundTier,
    Resource,
    Slot,
    UnitType,
    reconcile,
)
from tourlink.booking.notifiers import LogNotifier, SmtpNotifier
from tourlink.catalog import Experience
from tourlink.core.clock import LOCAL_TZ, Clock
from tourlink.core.errors import InvalidInputError

OPTION_ID = "standard"
"""The option every synced product is sold under."""
GROUP_SIZE = 10
"""Places a ``group`` price unit takes on the pool."""
MAX_SLOTS = 20_000
"""Upper bound on slots made by one :meth:`ManagedBookingService.generate_slots` call."""
SEED_DAYS = 28


class LedgerStore(BookingStore, Protocol):
    """A booking store that can also copy out its capacity ledger (for reconciliation)."""

    def snapshot(self) -> LedgerSnapshot:
        """Counters, capacities and allocations as stored."""
        ...


def ticket_secret(secret: str | None, fallback_key: str) -> bytes:
    """The ticket signing key: ``TOURLINK_TICKET_SECRET``, else one derived from the app's
    secret key (so that rotating the app key also invalidates printed tickets)."""
    if secret:
        return secret.encode()
    return hmac.new(fallback_key.encode(), b"tourlink-tickets", hashlib.sha256).digest()


def make_notifier(smtp_url: str | None) -> Notifier:
    """``SmtpNotifier`` when ``TOURLINK_SMTP_URL`` is set, else ``LogNotifier``."""
    return SmtpNotifier(smtp_url) if smtp_url else LogNotifier()


def pool_id(experience_id: str) -> str:
    """The capacity pool synced for an experience."""
    return f"{experience_id}-pool"


def slot_id(product_id: str, day: date, at: time) -> str:
    """A stable slot id: ``<product>-<local date>-<HHMM>``."""
    return f"{product_id}-{day.isoformat()}-{at.strftime('%H%M')}"


def product_for(experience: Experience, hold_minutes: int) -> Product:
    """The product selling a catalogue experience: one option, a unit per price."""
    pool = pool_id(experience.id)
    units = tuple(
        UnitType(
            p.unit,
            p.amount_vnd,
            {pool: GROUP_SIZE if p.unit == "group" else 1},
            label=p.unit.replace("_", " ").capitalize(),
        )
        for p in experience.prices
    ) or (UnitType("person", 0, {pool: 1}, label="Person"),)
    title = experience.name.get("en") or experience.id
    return Product(
        id=experience.id,
        experience_id=experience.id,
        title=title,
        options=(ProductOption(OPTION_ID, units, title="Standard"),),
        hold_policy=HoldPolicy(duration=timedelta(minutes=hold_minutes)),
        cancellation=CancellationPolicy((RefundTier(48, 100), RefundTier(24, 50))),
    )


class ManagedBookingService(BookingService):
    """The booking service plus catalogue sync, bulk slots and reconciliation.

    Parameters
    ----------
    store
        The booking store (SQL in production).
    clock
        Time source.
    ticket_secret
        Key for signing check-in tickets.
    notifier
        Where notifications go.
    experience
        Looks a catalogue experience up by id (``None`` if absent); gives slot lengths.
    hold_minutes
        Hold duration of synced products.
    group_commit
        Let concurrent bookings share transactions (the store must support it).
    optimistic
        The store's optimistic path for new bookings (see ``BookingService``).
    optimistic_async
        The same path for callers on an event loop (see ``BookingService``).
    """

    def __init__(
        self,
        store: LedgerStore,
        clock: Clock,
        *,
        ticket_secret: bytes,
        notifier: Notifier | None = None,
        experience: Callable[[str], Experience | None] = lambda _id: None,
        hold_minutes: int = 15,
        group_commit: bool = False,
        optimistic: OptimisticBookings | None = None,
        optimistic_async: AsyncOptimisticBookings | None = None,
    ) -> None:
        super().__init__(
            store,
            clock,
            ticket_secret=ticket_secret,
            notifier=notifier,
            group_commit=group_commit,
            optimistic=optimistic,
            optimistic_async=optimistic_async,
        )
        self.ledger_store = store
        self._experience = experience
        self.hold_minutes = hold_minutes

    def reconcile(self) -> Reconciliation:
        """Check that every pool's counter equals the sum of its stored allocations and
        that no live usage exceeds capacity (empty mismatches: the ledger is sound)."""
        return reconcile(self.ledger_store.snapshot(), self.clock.now())

    def product(self, product_id: str) -> Product:
        """A product by id."""
        with self.store.unit_of_work() as tx:
            product = tx.get_product(product_id)
        if product is None:
            raise ProductNotFoundError(
                f"no product {product_id!r}; run `tourlink booking seed` or check the id",
                context={"product_id": product_id},
            )
        return product

    def sync_catalogue(self, experiences: Iterable[Experience]) -> list[str]:
        """Create or update a pool and a product for every experience that runs in
        sessions with a capacity; return the product ids."""
        synced: list[str] = []
        for experience in experiences:
            if not experience.sessions or experience.capacity_per_session is None:
                continue
            pool = pool_id(experience.id)
            with self.store.unit_of_work() as tx:
                existing = tx.get_resource(pool)
            if existing is None or existing.capacity != experience.capacity_per_session:
                name = experience.name.get("en") or experience.id
                self.register_resource(
                    Resource(pool, name, capacity=experience.capacity_per_session)
                )
            product = product_for(experience, self.hold_minutes)
            with self.store.unit_of_work() as tx:
                stored = tx.get_product(product.id)
            if stored != product:
                self.register_product(product)
            synced.append(product.id)
        return synced

    def generate_slots(
        self,
        product_id: str,
        date_from: date,
        date_to: date,
        times: Sequence[time],
        capacity: int | None = None,
        *,
        actor: str = "system",
    ) -> list[str]:
        """Create slots at local ``times`` on every day from ``date_from`` to ``date_to``
        (inclusive), in one transaction; existing slots are left untouched (idempotent).

        ``capacity`` sets the capacity of the product's pool(s). Returns the new slot ids.
        """
        product = self.product(product_id)
        days = (date_to - date_from).days + 1
        if days < 1 or not times:
            raise InvalidInputError(
                "give --from on or before --to and at least one time", field="times"
            )
        if days * len(times) > MAX_SLOTS:
            raise InvalidInputError(
                f"that makes {days * len(times)} slots; at most {MAX_SLOTS} at once",
                field="to",
            )
        if capacity is not None:
            self._set_capacity(product, capacity)
        found = self._experience(product.experience_id)
        length = timedelta(minutes=found.duration_minutes if found else 60)
        now = self.clock.now()
        created: list[str] = []
        with self.store.unit_of_work() as tx:
            for offset in range(days):
                day = date_from + timedelta(days=offset)
                for at in sorted(set(times)):
                    sid = slot_id(product.id, day, at)
                    if tx.get_slot(sid) is not None:
                        continue
                    start = datetime.combine(day, at, LOCAL_TZ).astimezone(UTC)
                    tx.save_slot(Slot(sid, product.id, start, start + length))
                    tx.record_audit(
                        AuditEntry(now, actor, "slot.saved", sid, {"state": "open"})
                    )
                    created.append(sid)
        return created

    def _set_capacity(self, product: Product, capacity: int) -> None:
        for option in product.options:
            for resource_id in option.resource_ids():
                with self.store.unit_of_work() as tx:
                    resource = tx.get_resource(resource_id)
                if resource is not None and resource.capacity != capacity:
                    self.register_resource(
                        Resource(
                            resource.id,
                            resource.name,
                            capacity,
                            daily_cap=resource.daily_cap,
                            occupancy_limit=resource.occupancy_limit,
                            bucket_minutes=resource.bucket_minutes,
                        )
                    )

    def seed(
        self, experiences: Iterable[Experience], *, days: int = SEED_DAYS
    ) -> dict[str, int]:
        """Sync the catalogue and open its session times from today for ``days`` days;
        return the number of new slots per product (idempotent)."""
        chosen = [e for e in experiences if e.sessions and e.capacity_per_session]
        today = self.clock.now().astimezone(LOCAL_TZ).date()
        self.sync_catalogue(chosen)
        return {
            e.id: len(
                self.generate_slots(
                    e.id, today, today + timedelta(days=days - 1), e.sessions
                )
            )
            for e in chosen
        }


def experience_lookup(
    get: Callable[[str], object],
) -> Callable[[str], Experience | None]:
    """Adapt a catalogue ``get(id)`` (which may raise) to ``id -> Experience | None``."""

    def find(entry_id: str) -> Experience | None:
        try:
            entry = get(entry_id)
        except LookupError:
            return None
        except Exception as error:  # NotFoundError and friends from the catalogue
            if getattr(error, "status", None) == 404:
                return None
            raise
        return entry if isinstance(entry, Experience) else None

    return find
