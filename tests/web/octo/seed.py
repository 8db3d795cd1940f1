"""Booking fixtures shared by the OCTo, booking API and booking page tests.

A 20-place cave with the art performance at 19:00 and 20:30 local time on 5 and 6
December 2026; the clock stands at 10:00 local on 5 December.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tourlink.booking import (
    BookingService,
    CancellationPolicy,
    InMemoryBookingStore,
    MemoryNotifier,
    Product,
    ProductOption,
    RefundTier,
    Resource,
    Slot,
    UnitType,
)
from tourlink.core.clock import Clock
from tourlink.services.container import Services

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
"""10:00 in Ha Long on 5 December 2026."""
SECRET = b"test-secret-key-for-tickets-0123"
PRODUCT = "cave-show"
OPTION = "standard"
CAPACITY = 20


def slot_id(day: int, hhmm: str) -> str:
    return f"show-2026-12-{day:02d}-{hhmm}"


def cave_show() -> Product:
    return Product(
        id=PRODUCT,
        experience_id="vung-duc-cave-art-performance",
        title="Cave art performance",
        options=(
            ProductOption(
                OPTION,
                (
                    UnitType("adult", 450_000, {"cave": 1}, label="Adult"),
                    UnitType("child", 250_000, {"cave": 1}, label="Child"),
                    UnitType("senior", 300_000, {"cave": 1}, label="Senior"),
                    UnitType("group", 3_600_000, {"cave": 10}, label="Group of ten"),
                ),
                title="Standard seat",
            ),
        ),
        cancellation=CancellationPolicy((RefundTier(48, 100), RefundTier(24, 50))),
    )


def show(day: int, hour: int, minute: int) -> Slot:
    # local = UTC+7
    start = datetime(2026, 12, day, hour - 7, minute, tzinfo=UTC)
    return Slot(
        slot_id(day, f"{hour:02d}{minute:02d}"),
        PRODUCT,
        start,
        start + timedelta(minutes=75),
        cutoff=timedelta(minutes=30),
    )


def booking_service(clock: Clock) -> BookingService:
    service = BookingService(
        InMemoryBookingStore(), clock, ticket_secret=SECRET, notifier=MemoryNotifier()
    )
    service.register_resource(Resource("cave", "Cave interior", capacity=CAPACITY))
    service.register_product(cave_show())
    for day in (5, 6):
        service.register_slot(show(day, 19, 0))
        service.register_slot(show(day, 20, 30))
    return service


def attach_booking(services: Services, clock: Clock) -> BookingService:
    """Give ``services`` a booking service (``services.booking``)."""
    service = getattr(services, "booking", None)
    if service is None:
        service = booking_service(clock)
        object.__setattr__(services, "booking", service)
    assert isinstance(service, BookingService)
    return service
