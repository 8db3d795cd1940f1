"""Products share resource pools; overlapping sessions and daily caps are respected."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from tourlink.booking import (
    BookingService,
    CapacityKey,
    InvalidBookingDataError,
    OccupancyFullError,
    Product,
    ProductOption,
    Resource,
    Slot,
    SlotSoldOutError,
    UnitType,
)
from tourlink.booking.resources import bucket_keys

from .conftest import SHOW_START, cave_show, request, show_slot


@pytest.fixture
def shared(service: BookingService) -> BookingService:
    """Two products on one cave pool of 20 at once and 30 a day; the show also uses a
    hall of 15 seats."""
    service.register_resource(
        Resource("cave", "Cave interior", capacity=20, daily_cap=30)
    )
    service.register_resource(Resource("hall", "Show hall", capacity=15))
    show = cave_show()
    show = Product(
        show.id,
        show.experience_id,
        (
            ProductOption(
                "standard", (UnitType("adult", 450_000, {"cave": 1, "hall": 1}),)
            ),
        ),
    )
    light = cave_show("light-tour")
    service.register_product(show)
    service.register_product(light)
    service.register_slot(show_slot())
    service.register_slot(
        show_slot("light-1930", "light-tour", start=SHOW_START + timedelta(minutes=30))
    )
    service.register_slot(
        show_slot("light-2200", "light-tour", start=SHOW_START + timedelta(hours=3))
    )
    return service


def test_availability_is_the_smallest_remainder_over_the_resources_used(
    shared: BookingService,
) -> None:
    assert shared.availability("show-1900", "standard").remaining == 15  # the hall
    shared.book(request({"adult": 8}, slot_id="light-1930", product_id="light-tour"))
    assert shared.availability("show-1900", "standard").remaining == 12  # the cave now


def test_overlapping_sessions_of_two_products_compete_for_one_cave(
    shared: BookingService,
) -> None:
    shared.book(request({"adult": 12}))
    with pytest.raises(SlotSoldOutError) as info:
        shared.book(
            request({"adult": 9}, slot_id="light-1930", product_id="light-tour")
        )
    assert info.value.context["resource_id"] == "cave"
    shared.book(request({"adult": 8}, slot_id="light-1930", product_id="light-tour"))


def test_a_daily_cap_limits_sessions_that_do_not_overlap(
    shared: BookingService,
) -> None:
    shared.book(request({"adult": 15}))
    shared.book(request({"adult": 5}, slot_id="light-1930", product_id="light-tour"))
    # 22:00 does not overlap 19:00, but only 10 of the day's 30 places are left
    assert shared.availability("light-2200", "standard").remaining == 10
    with pytest.raises(SlotSoldOutError) as info:
        shared.book(
            request({"adult": 11}, slot_id="light-2200", product_id="light-tour")
        )
    assert info.value.context["period"].startswith("day:")


def test_back_to_back_sessions_do_not_share_time_buckets() -> None:
    cave = Resource("cave", "Cave", capacity=10, bucket_minutes=15)
    first = bucket_keys(cave, SHOW_START, SHOW_START + timedelta(minutes=60))
    second = bucket_keys(
        cave, SHOW_START + timedelta(minutes=60), SHOW_START + timedelta(minutes=120)
    )
    assert not set(first) & set(second)
    assert first[0] == CapacityKey("cave", "2026-12-05T12:00Z")


def test_bucket_keys_are_the_callers_own_list_and_ignore_the_time_zone() -> None:
    """The keys of a window are remembered; each caller still gets a list it may
    extend (claims add the daily-cap key), and the same instant in another zone gives
    the same keys."""
    cave = Resource("cave", "Cave", capacity=10, bucket_minutes=15)
    end = SHOW_START + timedelta(minutes=45)
    first = bucket_keys(cave, SHOW_START, end)
    first.append(CapacityKey("cave", "day:2026-12-05"))
    again = bucket_keys(cave, SHOW_START, end)
    assert len(again) == 3
    hanoi = timezone(timedelta(hours=7))
    assert (
        bucket_keys(cave, SHOW_START.astimezone(hanoi), end.astimezone(hanoi)) == again
    )
    with pytest.raises(InvalidBookingDataError):
        bucket_keys(cave, SHOW_START.replace(tzinfo=None), end)
    wider = Resource("cave", "Cave", capacity=10, bucket_minutes=30)
    assert len(bucket_keys(wider, SHOW_START, end)) == 2


def test_turnover_buffers_make_sessions_overlap(service: BookingService) -> None:
    service.register_resource(Resource("boat", "Boat", capacity=10))
    service.register_product(cave_show("cruise", "boat"))
    service.register_slot(
        Slot(
            "am",
            "cruise",
            SHOW_START,
            SHOW_START + timedelta(hours=2),
            buffer_after=timedelta(minutes=30),
        )
    )
    service.register_slot(
        Slot(
            "pm",
            "cruise",
            SHOW_START + timedelta(hours=2),
            SHOW_START + timedelta(hours=4),
        )
    )
    service.book(request({"adult": 10}, slot_id="am", product_id="cruise"))
    assert service.availability("pm", "standard").remaining == 0


def test_a_group_unit_takes_ten_places(cave: BookingService) -> None:
    cave.book(request({"group": 1, "adult": 2}))
    assert cave.availability("show-1900", "standard").remaining == 8


def test_live_occupancy_rises_on_entry_falls_on_exit_and_stops_at_the_limit(
    service: BookingService,
) -> None:
    service.register_resource(Resource("cave", "Cave interior", capacity=5))
    assert service.scan_entry("cave", 4) == 4
    with pytest.raises(OccupancyFullError) as info:
        service.scan_entry("cave", 2)
    assert info.value.context == {"resource_id": "cave", "inside": 4, "limit": 5}
    assert service.scan_exit("cave", 3) == 1
    assert service.scan_entry("cave", 4) == 5
    assert service.scan_exit("cave", 9) == 0  # a missed entry scan never goes negative
    assert service.occupancy("cave") == 0
