"""Bad input is refused with specific codes before anything is reserved."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tourlink.booking import (
    BookingNotFoundError,
    BookingService,
    InMemoryBookingStore,
    InvalidBookingDataError,
    InvalidUnitsError,
    OptionNotFoundError,
    ProductNotFoundError,
    Resource,
    Slot,
    SlotNotFoundError,
)
from tourlink.booking.bookings import BookingRequest

from .conftest import LAN, SHOW_START, request


@pytest.mark.parametrize(
    "units", [{}, {"adult": 0}, {"adult": -2}, {"adult": 1, "child": 0}, {"dragon": 1}]
)
def test_empty_zero_negative_or_unknown_units_are_invalid(
    cave: BookingService, store: InMemoryBookingStore, units: dict[str, int]
) -> None:
    with pytest.raises(InvalidUnitsError) as info:
        cave.hold(
            BookingRequest("cave-show", "standard", "show-1900", units, contact=LAN)
        )
    assert info.value.code == "invalid_units"
    assert store.all_bookings() == []


def test_a_party_larger_than_any_slot_could_hold_is_invalid_not_sold_out(
    cave: BookingService,
) -> None:
    with pytest.raises(InvalidUnitsError) as info:
        cave.hold(request({"group": 2, "adult": 1}))
    assert info.value.context["largest"] == 20


@pytest.mark.parametrize(
    ("req", "error"),
    [
        (
            BookingRequest("no-such", "standard", "show-1900", {"adult": 1}),
            ProductNotFoundError,
        ),
        (
            BookingRequest("cave-show", "vip", "show-1900", {"adult": 1}),
            OptionNotFoundError,
        ),
        (
            BookingRequest("cave-show", "standard", "nope", {"adult": 1}),
            SlotNotFoundError,
        ),
    ],
)
def test_unknown_ids_are_reported_as_not_found(
    cave: BookingService, req: BookingRequest, error: type[Exception]
) -> None:
    with pytest.raises(error):
        cave.hold(req)


def test_unknown_bookings_are_not_found(cave: BookingService) -> None:
    for action in (cave.confirm, cave.cancel, cave.extend_hold, cave.get_booking):
        with pytest.raises(BookingNotFoundError):
            action("bk_missing")


def test_booking_outright_needs_a_contact(cave: BookingService) -> None:
    with pytest.raises(InvalidBookingDataError):
        cave.book(BookingRequest("cave-show", "standard", "show-1900", {"adult": 1}))


def test_domain_values_refuse_naive_times_and_bad_capacities() -> None:
    with pytest.raises(InvalidBookingDataError):
        Slot("s", "p", datetime(2026, 12, 5, 19), datetime(2026, 12, 5, 20))  # noqa: DTZ001
    with pytest.raises(InvalidBookingDataError):
        Slot("s", "p", SHOW_START, SHOW_START - timedelta(minutes=1))
    with pytest.raises(InvalidBookingDataError):
        Resource("cave", "Cave", capacity=-1)
    with pytest.raises(InvalidBookingDataError):
        Resource("cave", "Cave", capacity=5, bucket_minutes=7)
