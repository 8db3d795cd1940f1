"""Allotments block places for groups until their release date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tourlink.booking import (
    AllotmentExhaustedError,
    AllotmentReleasedError,
    BookingService,
    BookingStatus,
    PartySizeOutOfRangeError,
    SlotSoldOutError,
)
from tourlink.core.clock import FixedClock

from .conftest import request


@pytest.fixture
def allotment_id(cave: BookingService, clock: FixedClock) -> str:
    allotment = cave.create_allotment(
        "show-1900",
        "standard",
        holder="Hanoi Heritage Tours",
        units={"adult": 12},
        release_at=clock.now() + timedelta(hours=2),
        min_party=4,
        max_party=10,
    )
    return allotment.id


@pytest.mark.usefixtures("allotment_id")
def test_an_allotment_blocks_its_places_from_general_sale(cave: BookingService) -> None:
    assert cave.availability("show-1900", "standard").remaining == 8
    with pytest.raises(SlotSoldOutError):
        cave.book(request({"adult": 9}))


def test_group_bookings_draw_from_the_allotment(
    cave: BookingService, allotment_id: str
) -> None:
    booking = cave.book(request({"adult": 10}, allotment_id=allotment_id))
    assert booking.status is BookingStatus.CONFIRMED
    assert cave.allotment_remaining(allotment_id) == 2
    assert cave.availability("show-1900", "standard").remaining == 8
    with pytest.raises(AllotmentExhaustedError):
        cave.book(request({"adult": 4}, allotment_id=allotment_id))


def test_party_sizes_outside_the_allotments_range_are_refused(
    cave: BookingService, allotment_id: str
) -> None:
    with pytest.raises(PartySizeOutOfRangeError):
        cave.book(request({"adult": 3}, allotment_id=allotment_id))
    with pytest.raises(PartySizeOutOfRangeError):
        cave.book(request({"adult": 11}, allotment_id=allotment_id))


def test_unused_places_return_to_general_sale_at_the_release_date(
    cave: BookingService, clock: FixedClock, allotment_id: str
) -> None:
    cave.book(request({"adult": 5}, allotment_id=allotment_id))
    clock.advance(hours=2)
    assert cave.allotment_remaining(allotment_id) == 0
    assert cave.availability("show-1900", "standard").remaining == 15
    with pytest.raises(AllotmentReleasedError):
        cave.book(request({"adult": 5}, allotment_id=allotment_id))
    assert cave.book(request({"adult": 15})).status is BookingStatus.CONFIRMED


def test_cancelling_a_group_booking_before_release_returns_places_to_the_block(
    cave: BookingService, allotment_id: str
) -> None:
    booking = cave.book(request({"adult": 6}, allotment_id=allotment_id))
    cave.cancel(booking.id)
    assert cave.allotment_remaining(allotment_id) == 12
    assert cave.availability("show-1900", "standard").remaining == 8
