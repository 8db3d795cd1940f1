"""Fixtures for the booking tests: a controllable clock, the in-memory store and a cave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tourlink.booking import (
    BookingRequest,
    BookingService,
    CancellationPolicy,
    Contact,
    InMemoryBookingStore,
    MemoryNotifier,
    Product,
    ProductOption,
    RefundTier,
    Resource,
    Slot,
    UnitType,
)
from tourlink.core.clock import FixedClock

T0 = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
"""10:00 local time on 5 December 2026."""
SHOW_START = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
"""19:00 local time."""
SECRET = b"test-secret-key-for-tickets-0123"
LAN = Contact(
    "Nguyễn Thị Lan", email="lan@example.vn", phone="+84 912 345 678", language="vi"
)


def cave_show(product_id: str = "cave-show", resource_id: str = "cave") -> Product:
    """The cave art performance: adults, children and groups of ten on one pool."""
    return Product(
        id=product_id,
        experience_id="vung-duc-cave-art-performance",
        options=(
            ProductOption(
                "standard",
                (
                    UnitType("adult", 450_000, {resource_id: 1}),
                    UnitType("child", 250_000, {resource_id: 1}),
                    UnitType("group", 3_600_000, {resource_id: 10}),
                ),
            ),
        ),
        cancellation=CancellationPolicy((RefundTier(48, 100), RefundTier(24, 50))),
    )


def show_slot(
    slot_id: str = "show-1900",
    product_id: str = "cave-show",
    start: datetime = SHOW_START,
    minutes: int = 75,
) -> Slot:
    return Slot(
        slot_id,
        product_id,
        start,
        start + timedelta(minutes=minutes),
        cutoff=timedelta(minutes=30),
    )


def request(
    units: dict[str, int] | None = None,
    slot_id: str = "show-1900",
    product_id: str = "cave-show",
    **kwargs: object,
) -> BookingRequest:
    kwargs.setdefault("contact", LAN)
    return BookingRequest(
        product_id,
        "standard",
        slot_id,
        units or {"adult": 1},
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def store() -> InMemoryBookingStore:
    return InMemoryBookingStore()


@pytest.fixture
def notifier() -> MemoryNotifier:
    return MemoryNotifier()


@pytest.fixture
def service(
    store: InMemoryBookingStore, clock: FixedClock, notifier: MemoryNotifier
) -> BookingService:
    return BookingService(store, clock, ticket_secret=SECRET, notifier=notifier)


@pytest.fixture
def cave(service: BookingService) -> BookingService:
    """A service with a 20-place cave, the show product and its 19:00 slot."""
    service.register_resource(Resource("cave", "Cave interior", capacity=20))
    service.register_product(cave_show())
    service.register_slot(show_slot())
    return service
