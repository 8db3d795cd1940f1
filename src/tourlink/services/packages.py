"""Tour operators' packages as a service: store, publish, quote, check and hold seats.

The domain (:mod:`tourlink.trips.packages`) prices a package; this service keeps the
packages (a :class:`~tourlink.services.trip_store.PackageStore`: in memory by default, in
SQL when wired by ``tourlink.bootstrap``), who owns them, whether they are published, and the **group holds** on their
departures:

* every departure has a fixed number of seats; a hold takes seats for a group;
* components that are bookable shows or workshops (a booking product with slots on the
  component's day of the departure) are held in the same step through the booking
  service as **one package hold** (``BookingService.hold_package``), so a group either
  gets its seats *and* every session, or nothing at all.

The booking service is optional: without one, only seats are counted.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from tourlink.booking import (
    BookingService,
    Contact,
    PackageItem,
    PackageItemUnavailableError,
    Product,
    ProductNotFoundError,
    Slot,
)
from tourlink.catalog import AnyEntryT
from tourlink.core.clock import Clock
from tourlink.core.errors import (
    ConflictError,
    FieldError,
    InvalidInputError,
    PermissionDeniedError,
)
from tourlink.trips.currency import RateTable
from tourlink.trips.packages import Package, Quote, check_components, to_jsonld
from tourlink.trips.records import sold_out

from .package_records import (
    CapacityCheck,
    EntryLookup,
    GroupHold,
    HeldSession,
    HoldNotFoundError,
    PackageRecord,
    PackageSoldOutError,
    SessionCheck,
    field_path,
    lookup_of,
    quote_steps,
)
from .plan_booking import SlotDirectory, party_units
from .trip_store import (
    MemoryPackageStore,
    PackageNotFoundError,
    PackageStore,
    new_id,
)


def _check_components(package: Package, entries: Mapping[str, AnyEntryT]) -> None:
    try:
        check_components(package, entries)
    except InvalidInputError as err:
        path = field_path(err.field or "components")
        raise InvalidInputError(
            "the package is invalid", errors=[FieldError(path, err.message, err.code)]
        ) from None


class PackageService:
    """Create, publish, price and hold operator packages.

    Parameters
    ----------
    lookup
        A catalogue entry by id, or ``None`` (components must name catalogue entries).
    clock
        Time for holds.
    store
        Where records live (in memory by default).
    rates
        The exchange-rate table (the sample table by default).
    booking, directory
        The booking service and a slot directory, to hold bookable sessions.
    """

    def __init__(
        self,
        lookup: EntryLookup,
        clock: Clock,
        *,
        store: PackageStore | None = None,
        rates: RateTable | None = None,
        booking: BookingService | None = None,
        directory: SlotDirectory | None = None,
    ) -> None:
        self.lookup = lookup
        self.clock = clock
        self.store: PackageStore = store or MemoryPackageStore()
        self.rates = rates or RateTable()
        self.booking = booking
        self.directory = directory
        self._lock = threading.RLock()

    # --- reading -------------------------------------------------------------------------
    def get(self, package_id: str) -> PackageRecord:
        return self.store.get(package_id)

    def visible(self, package_id: str, *, editor: bool) -> PackageRecord:
        """The package if published (or the caller edits packages), else not found."""
        record = self.store.get(package_id)
        if not record.published and not editor:
            raise PackageNotFoundError(
                f"no published package {package_id!r}",
                context={"package_id": package_id},
            )
        return record

    def packages(self, *, include_drafts: bool = False) -> list[PackageRecord]:
        return [r for r in self.store.all() if r.published or include_drafts]

    def entries(self, package: Package) -> dict[str, AnyEntryT]:
        """The catalogue entries of the package's components, by id."""
        found = {c.entry_id: self.lookup(c.entry_id) for c in package.components}
        return {k: v for k, v in found.items() if v is not None}

    def quote(self, package_id: str, group_size: int, currency: str) -> Quote:
        return self.get(package_id).package.quote(group_size, currency, self.rates)

    def market_prices(self, package: Package, group_size: int) -> dict[str, Quote]:
        return package.market_prices(group_size, self.rates)

    def jsonld(
        self, record: PackageRecord, lang: str, base_url: str = ""
    ) -> dict[str, Any]:
        data = to_jsonld(
            record.package,
            lang,
            self.entries(record.package),
            base_url=base_url,
            rates=self.rates,
        )
        if record.holds and "subjectOf" in data:
            for event, dep in zip(
                data["subjectOf"], record.package.departures, strict=True
            ):
                event["remainingAttendeeCapacity"] = record.seats_left(dep.start)
        return data

    # --- writing -------------------------------------------------------------------------
    def _check_owner(self, record: PackageRecord, actor: str, admin: bool) -> None:
        if not admin and record.owner != actor:
            raise PermissionDeniedError(
                f"package {record.id!r} belongs to another operator",
                context={"package_id": record.id},
            )

    def create(self, package: Package, owner: str) -> PackageRecord:
        _check_components(package, self.entries(package))
        record = PackageRecord(package, owner)
        # The store refuses a taken id atomically (a primary key in SQL), so two
        # workers creating the same id cannot both succeed.
        self.store.create(package.id, record)
        return record

    def update(
        self, package: Package, actor: str, *, admin: bool = False
    ) -> PackageRecord:
        _check_components(package, self.entries(package))
        with self._lock:
            record = self.store.get(package.id)
            self._check_owner(record, actor, admin)
            kept = {d.start for d in package.departures}
            orphaned = [h for h in record.holds if h.departure not in kept]
            if orphaned:
                raise ConflictError(
                    f"departure {orphaned[0].departure.isoformat()} has group holds; "
                    "release them before removing it",
                    field="departures",
                    code="departure_has_holds",
                )
            updated = replace(record, package=package)
            self.store.save(package.id, updated)
        return updated

    def publish(
        self, package_id: str, published: bool, actor: str, *, admin: bool = False
    ) -> PackageRecord:
        with self._lock:
            record = self.store.get(package_id)
            self._check_owner(record, actor, admin)
            updated = replace(record, published=published)
            self.store.save(package_id, updated)
        return updated

    def seed(self, packages: list[Package], owner: str = "sample") -> None:
        """Store sample packages, published, unless present (idempotent)."""
        with self._lock:
            present = {r.id for r in self.store.all()}
            for package in packages:
                if package.id not in present:
                    self.store.save(package.id, PackageRecord(package, owner, True))

    # --- capacity and holds ----------------------------------------------------------------
    def _sessions(self, package: Package, day: date, group: int) -> list[SessionCheck]:
        if self.booking is None or self.directory is None:
            return []
        out: list[SessionCheck] = []
        for component in package.components:
            product = self._product(component.entry_id)
            if product is None or component.day is None:
                continue
            on = day + timedelta(days=component.day - 1)
            slots = self.directory.slots(product.id, on, on)
            if not slots:
                continue
            out.append(self._first_fitting(product, slots, on, group))
        return out

    def _product(self, entry_id: str) -> Product | None:
        if self.directory is None:
            return None
        try:
            return self.directory.product(entry_id)
        except ProductNotFoundError:
            return None

    def _first_fitting(
        self, product: Product, slots: list[Slot], on: date, group: int
    ) -> SessionCheck:
        assert self.booking is not None
        units = party_units(product, group, 0)
        best: SessionCheck | None = None
        for slot in sorted(slots, key=lambda s: s.start):
            found = self.booking.availability(slot.id, product.options[0].id, units)
            check = SessionCheck(
                product.id, on, slot.id, slot.start, found.remaining, found.fits
            )
            if found.fits:
                return check
            best = best or check
        assert best is not None
        return best

    def capacity(self, package_id: str, day: date, group_size: int) -> CapacityCheck:
        """Seats left on the departure and whether each bookable session fits."""
        record = self.get(package_id)
        package = record.package
        package.quote(group_size, "VND", self.rates)  # checks the group limits
        departure = package.departure_on(day)
        return CapacityCheck(
            day,
            group_size,
            departure.seats,
            record.seats_left(day),
            tuple(self._sessions(package, day, group_size)),
        )

    def hold(
        self,
        package_id: str,
        day: date,
        group_size: int,
        holder: str,
        *,
        idempotency_key: str | None = None,
    ) -> GroupHold:
        """Hold seats and every bookable session for a group, all or nothing."""
        with self._lock:
            for earlier in self.get(package_id).holds:
                if idempotency_key is not None and earlier.key == idempotency_key:
                    return _replayed(earlier, day, group_size, holder)
            check = self.capacity(package_id, day, group_size)
            if group_size > check.seats_left:
                raise sold_out(day, check.seats_left, group_size)
            for index, session in enumerate(check.sessions):
                if not session.fits:
                    raise self._session_full(index, session)
            booking_id, sessions, expires = self._hold_sessions(
                check, holder, idempotency_key
            )
            hold = GroupHold(
                new_id("gh"),
                day,
                group_size,
                holder,
                self.clock.now(),
                booking_id,
                sessions,
                expires,
                idempotency_key,
            )
            try:
                # seats taken atomically; a hold with the same key, stored meanwhile by
                # another worker, is returned instead (its sessions are the same
                # booking package: the booking service replays the key too)
                standing = self.store.add_hold(package_id, hold)
            except PackageSoldOutError:
                if booking_id is not None and self.booking is not None:
                    self.booking.cancel_package(booking_id)
                raise
        if standing is not hold:
            return _replayed(standing, day, group_size, holder)
        return standing

    @staticmethod
    def _session_full(index: int, session: SessionCheck) -> PackageSoldOutError:
        return PackageSoldOutError(
            f"{session.entry_id} on {session.day.isoformat()} has "
            f"{session.remaining or 0} place(s) left; nothing was held",
            field="group_size",
            context={"item": index, "entry_id": session.entry_id, "reason": "session"},
        )

    def _hold_sessions(
        self, check: CapacityCheck, holder: str, key: str | None
    ) -> tuple[str | None, tuple[HeldSession, ...], datetime | None]:
        if not check.sessions or self.booking is None or self.directory is None:
            return None, (), None
        items = []
        for session in check.sessions:
            product = self.directory.product(session.entry_id)
            assert session.slot_id is not None
            units = party_units(product, check.group_size, 0)
            items.append(
                PackageItem(product.id, product.options[0].id, session.slot_id, units)
            )
        try:
            held = self.booking.hold_package(
                items, contact=Contact(holder), idempotency_key=key
            )
        except PackageItemUnavailableError as err:
            index = int(err.context.get("item", 0))
            raise self._session_full(index, check.sessions[index]) from err
        bookings = self.booking.package_bookings(held.id)
        sessions = tuple(
            HeldSession(s.entry_id, s.slot_id or "", s.start or held.created_at, b.id)
            for s, b in zip(check.sessions, bookings, strict=True)
        )
        expires = min((b.expires_at for b in bookings if b.expires_at), default=None)
        return held.id, sessions, expires

    def release(
        self, package_id: str, hold_id: str, actor: str, *, admin: bool = False
    ) -> PackageRecord:
        """Give a group hold's seats and sessions back."""
        with self._lock:
            record = self.get(package_id)
            self._check_owner(record, actor, admin)
            found = [h for h in record.holds if h.id == hold_id]
            if not found:
                raise HoldNotFoundError(
                    f"no hold {hold_id!r} on package {package_id!r}",
                    context={"hold_id": hold_id},
                )
            if found[0].booking_package_id and self.booking is not None:
                self.booking.cancel_package(found[0].booking_package_id)
            self.store.remove_hold(package_id, hold_id)
        return self.get(package_id)


def _replayed(earlier: GroupHold, day: date, group_size: int, holder: str) -> GroupHold:
    """The earlier hold with this idempotency key, if it was asked for the same way."""
    if (earlier.departure, earlier.group_size, earlier.holder) != (
        day,
        group_size,
        holder,
    ):
        raise ConflictError(
            "this idempotency key was used for a different hold "
            f"({earlier.group_size} on {earlier.departure.isoformat()}); "
            "use a new key for a new request",
            field="idempotency_key",
            code="idempotency_key_reused",
        )
    return earlier


__all__ = [
    "CapacityCheck",
    "GroupHold",
    "HoldNotFoundError",
    "PackageRecord",
    "PackageService",
    "PackageSoldOutError",
    "field_path",
    "lookup_of",
    "quote_steps",
]
