"""Packages are held and confirmed all or nothing, and name the item that failed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tourlink.booking import (
    BookingNotFoundError,
    BookingService,
    BookingStatus,
    HoldExpiredError,
    InMemoryBookingStore,
    InvalidUnitsError,
    PackageItem,
    PackageItemUnavailableError,
    Product,
    ProductOption,
    Resource,
    Slot,
    UnitType,
)
from tourlink.core.clock import FixedClock

from .conftest import LAN, request


@pytest.fixture
def trip(cave: BookingService) -> BookingService:
    """The cave show plus a Lan Ha Bay boat (8 seats) and a Cat Ba hotel (2 rooms)."""
    cave.register_resource(Resource("boat", "Lan Ha Bay boat", capacity=8))
    cave.register_resource(
        Resource("rooms", "Cat Ba double rooms", capacity=2, bucket_minutes=60)
    )
    cave.register_product(
        Product(
            "boat-trip",
            "lan-ha-bay-boat",
            (ProductOption("standard", (UnitType("adult", 800_000, {"boat": 1}),)),),
        )
    )
    cave.register_product(
        Product(
            "hotel-night",
            "cat-ba-hotel",
            (ProductOption("standard", (UnitType("room", 1_200_000, {"rooms": 1}),)),),
        )
    )
    day = datetime(2026, 12, 6, tzinfo=UTC)
    cave.register_slot(
        Slot(
            "boat-0800", "boat-trip", day + timedelta(hours=1), day + timedelta(hours=5)
        )
    )
    cave.register_slot(
        Slot(
            "night-1206",
            "hotel-night",
            day + timedelta(hours=7),
            day + timedelta(hours=29),
        )
    )
    return cave


def _items(boat: int = 2, rooms: int = 1) -> list[PackageItem]:
    return [
        PackageItem("cave-show", "standard", "show-1900", {"adult": 2}),
        PackageItem("boat-trip", "standard", "boat-0800", {"adult": boat}),
        PackageItem("hotel-night", "standard", "night-1206", {"room": rooms}),
    ]


def test_a_package_holds_every_item_with_one_expiry(
    trip: BookingService, clock: FixedClock
) -> None:
    package = trip.hold_package(_items(), contact=LAN)
    bookings = trip.package_bookings(package.id)
    assert [b.product_id for b in bookings] == ["cave-show", "boat-trip", "hotel-night"]
    assert {b.status for b in bookings} == {BookingStatus.ON_HOLD}
    assert {b.expires_at for b in bookings} == {clock.now() + timedelta(minutes=15)}
    assert {b.package_id for b in bookings} == {package.id}


def test_if_one_item_is_sold_out_nothing_is_held_and_the_item_is_named(
    trip: BookingService, store: InMemoryBookingStore
) -> None:
    trip.book(request({"room": 2}, slot_id="night-1206", product_id="hotel-night"))
    with pytest.raises(PackageItemUnavailableError) as info:
        trip.hold_package(_items(), contact=LAN)
    err = info.value
    assert err.code == "package_item_unavailable"
    assert (err.context["item"], err.context["product_id"]) == (2, "hotel-night")
    assert err.context["reason"] == "slot_sold_out"
    assert "item 3" in err.message
    assert len(store.all_bookings()) == 1  # only the hotel booking made above
    assert trip.availability("show-1900", "standard").remaining == 20
    assert trip.availability("boat-0800", "standard").remaining == 8


def test_an_invalid_item_raises_its_input_error_with_the_item_position(
    trip: BookingService, store: InMemoryBookingStore
) -> None:
    with pytest.raises(InvalidUnitsError) as info:
        trip.hold_package(_items(boat=0), contact=LAN)
    assert info.value.context["item"] == 1
    assert store.all_bookings() == []


def test_confirming_a_package_confirms_every_item(trip: BookingService) -> None:
    package = trip.hold_package(_items(), contact=LAN)
    confirmed = trip.confirm_package(package.id)
    assert {b.status for b in confirmed} == {BookingStatus.CONFIRMED}


def test_a_lapsed_package_confirms_nothing(
    trip: BookingService, clock: FixedClock
) -> None:
    package = trip.hold_package(_items(), contact=LAN)
    clock.advance(minutes=15)
    with pytest.raises(HoldExpiredError) as info:
        trip.confirm_package(package.id)
    assert info.value.context["item"] == 0
    assert {b.status for b in trip.package_bookings(package.id)} == {
        BookingStatus.ON_HOLD
    }


def test_a_package_retry_with_the_same_key_returns_the_same_package(
    trip: BookingService, store: InMemoryBookingStore
) -> None:
    first = trip.hold_package(_items(), contact=LAN, idempotency_key="pkg-1")
    again = trip.hold_package(_items(), contact=LAN, idempotency_key="pkg-1")
    assert again == first
    assert len(store.all_bookings()) == 3


def test_cancelling_a_package_cancels_every_item(trip: BookingService) -> None:
    package = trip.hold_package(_items(), contact=LAN)
    trip.confirm_package(package.id)
    cancelled = trip.cancel_package(package.id)
    assert {b.status for b in cancelled} == {BookingStatus.CANCELLED}
    assert trip.availability("boat-0800", "standard").remaining == 8


def _hold_separately(trip: BookingService) -> list[str]:
    """A cave seat and a boat seat held one request at a time (a cart being filled)."""
    show = trip.hold(request({"adult": 2}))
    boat = trip.hold(request({"adult": 2}, slot_id="boat-0800", product_id="boat-trip"))
    return [show.id, boat.id]


def test_bookings_held_one_by_one_are_confirmed_together(
    trip: BookingService,
) -> None:
    ids = _hold_separately(trip)
    confirmed = trip.confirm_bookings([*ids, ids[0]])  # a repeated id counts once
    assert [b.id for b in confirmed] == ids
    assert {trip.get_booking(i).status for i in ids} == {BookingStatus.CONFIRMED}
    assert trip.confirm_bookings(ids) == confirmed  # confirming again changes nothing
    assert trip.confirm_bookings([]) == []


def test_one_lapsed_hold_confirms_none_of_the_bookings(
    trip: BookingService, clock: FixedClock
) -> None:
    first = trip.hold(request({"adult": 2}))
    clock.advance(minutes=10)
    boat = trip.hold(request({"adult": 2}, slot_id="boat-0800", product_id="boat-trip"))
    clock.advance(minutes=6)  # the first hold lapsed, the boat's is live
    with pytest.raises(HoldExpiredError) as info:
        trip.confirm_bookings([boat.id, first.id])
    assert info.value.context["item"] == 1
    assert trip.get_booking(boat.id).status is BookingStatus.ON_HOLD
    assert trip.availability("boat-0800", "standard").remaining == 6


def test_an_unknown_booking_confirms_none_and_is_named(trip: BookingService) -> None:
    ids = _hold_separately(trip)
    with pytest.raises(BookingNotFoundError) as info:
        trip.confirm_bookings([*ids, "b_nope"])
    assert info.value.context["item"] == 2
    assert {trip.get_booking(i).status for i in ids} == {BookingStatus.ON_HOLD}
