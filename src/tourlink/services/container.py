"""The bundle of services a delivery layer (web, CLI) works with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.accounts import MemoryAccountStore
from tourlink.booking import BookingService, InMemoryBookingStore
from tourlink.booking.listing import BookingCatalogue
from tourlink.booking.octo_ledger import MemoryOctoLedger, OctoLedger
from tourlink.catalog import AnyEntryT
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.core.clock import Clock, SystemClock

from .accounts import AccountService
from .booking import ManagedBookingService, experience_lookup
from .catalog import CatalogService
from .trip_store import MemoryPackageStore, MemoryPlanStore, PackageStore, PlanStore

if TYPE_CHECKING:
    from .trips import TripService


@dataclass
class Services:
    """Everything a request handler or command needs, built once by the composition root."""

    catalog: CatalogService
    accounts: AccountService
    clock: Clock
    booking: BookingService | None = None
    """Bookings (``None``: this deployment sells nothing; the API answers 503)."""
    trips: TripService | None = None
    """Trip planning (``None``: built per use over ``catalog`` and ``clock``, with live
    availability from ``booking`` when there is one)."""
    octo_ledger: OctoLedger | None = None
    """What the OCTo API remembers per reseller (uuids, references, orders). ``None``:
    the OCTo app keeps an in-memory ledger of its own (tests; lost on restart)."""
    booking_catalogue: BookingCatalogue | None = None
    """Lists products and slots (SQL queries in deployments). ``None``: listings are
    read through the booking service's audit log (in-memory store only)."""
    packages: PackageStore | None = None
    """Tour operators' packages and group holds (SQL in deployments). ``None``: the web
    app keeps them in its own memory (lost on restart, one copy per worker)."""
    plans: PlanStore | None = None
    """Travellers' trip plans (SQL documents shared by every worker in deployments).
    ``None``: the web app keeps them in its own memory."""


def memory_services(
    entries: Sequence[AnyEntryT] = (),
    *,
    clock: Clock | None = None,
    booking: bool = False,
) -> Services:
    """Services over in-memory stores: for tests and throwaway demos.

    ``booking=True`` adds a booking service over ``InMemoryBookingStore``. Packages and
    plans are kept in memory stores of these services.
    """
    the_clock = clock or SystemClock()
    catalog = CatalogService(MemoryCatalogRepository(entries))
    return Services(
        catalog=catalog,
        accounts=AccountService.create(MemoryAccountStore(), the_clock, fast=True),
        clock=the_clock,
        booking=memory_booking(catalog, the_clock) if booking else None,
        octo_ledger=MemoryOctoLedger(),
        packages=MemoryPackageStore(),
        plans=MemoryPlanStore(),
    )


def memory_booking(catalog: CatalogService, clock: Clock) -> ManagedBookingService:
    """A booking service over the in-memory store (a fixed test ticket secret)."""
    return ManagedBookingService(
        InMemoryBookingStore(),
        clock,
        ticket_secret=b"memory-services-ticket-secret-00",
        experience=experience_lookup(catalog.get),
    )
