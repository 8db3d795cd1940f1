"""Holds expire by themselves, confirm within their life, and extend within limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tourlink.booking import (
    AvailabilityStatus,
    BookingCutoffPassedError,
    BookingService,
    BookingStatus,
    HoldExpiredError,
    HoldExtensionLimitError,
    SlotClosedError,
    SlotSoldOutError,
)
from tourlink.core.clock import FixedClock

from .conftest import SHOW_START, request


def test_a_hold_takes_places_until_it_expires_after_fifteen_minutes(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request({"adult": 15}))
    assert hold.status is BookingStatus.ON_HOLD
    assert hold.expires_at == clock.now() + timedelta(minutes=15)
    assert cave.availability("show-1900", "standard").remaining == 5

    clock.advance(minutes=14, seconds=59)
    assert cave.availability("show-1900", "standard").remaining == 5
    clock.advance(seconds=1)  # expires_at <= now: no longer counted
    assert cave.availability("show-1900", "standard").remaining == 20
    assert (
        cave.get_booking(hold.id).effective_status(clock.now()) is BookingStatus.EXPIRED
    )


def test_places_of_an_expired_hold_can_be_sold_without_any_cleanup(
    cave: BookingService, clock: FixedClock
) -> None:
    cave.hold(request({"adult": 20}))
    with pytest.raises(SlotSoldOutError):
        cave.hold(request({"adult": 1}))
    clock.advance(minutes=15)
    assert cave.book(request({"adult": 20})).status is BookingStatus.CONFIRMED


def test_confirming_an_expired_hold_is_rejected(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request({"adult": 2}))
    clock.advance(minutes=16)
    with pytest.raises(HoldExpiredError) as info:
        cave.confirm(hold.id)
    assert info.value.code == "hold_expired"


def test_confirming_a_live_hold_succeeds_even_when_the_slot_is_otherwise_full(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request({"adult": 5}))
    cave.book(request({"adult": 15}))
    clock.advance(minutes=14)
    confirmed = cave.confirm(hold.id)
    assert confirmed.status is BookingStatus.CONFIRMED
    assert confirmed.expires_at is None
    clock.advance(hours=2)  # a confirmed booking never expires
    assert cave.availability("show-1900", "standard").remaining == 0


def test_confirming_twice_returns_the_same_confirmed_booking(
    cave: BookingService,
) -> None:
    hold = cave.hold(request())
    first = cave.confirm(hold.id)
    assert cave.confirm(hold.id) == first


def test_extending_a_hold_moves_its_expiry_and_keeps_its_places(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request({"adult": 3}))
    clock.advance(minutes=10)
    extended = cave.extend_hold(hold.id)
    assert extended.expires_at == clock.now() + timedelta(minutes=10)
    clock.advance(minutes=9)
    assert cave.availability("show-1900", "standard").remaining == 17
    assert cave.confirm(hold.id).status is BookingStatus.CONFIRMED


def test_a_hold_cannot_be_extended_past_its_policy_limit(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request())
    for _ in range(3):
        clock.advance(minutes=9)
        cave.extend_hold(hold.id)
    clock.advance(minutes=5)
    with pytest.raises(HoldExtensionLimitError):
        cave.extend_hold(hold.id)


def test_an_expired_hold_cannot_be_extended(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request())
    clock.advance(minutes=15)
    with pytest.raises(HoldExpiredError):
        cave.extend_hold(hold.id)


def test_availability_status_moves_from_available_to_limited_to_sold_out(
    cave: BookingService,
) -> None:
    assert (
        cave.availability("show-1900", "standard").status
        is AvailabilityStatus.AVAILABLE
    )
    cave.book(request({"adult": 15}))
    limited = cave.availability("show-1900", "standard")
    assert (limited.status, limited.remaining) == (AvailabilityStatus.LIMITED, 5)
    cave.book(request({"adult": 5}))
    sold_out = cave.availability("show-1900", "standard")
    assert sold_out.status is AvailabilityStatus.SOLD_OUT
    assert not sold_out.available


def test_a_party_that_does_not_fit_is_reported_as_not_available(
    cave: BookingService,
) -> None:
    cave.book(request({"adult": 18}))
    assert not cave.availability("show-1900", "standard", {"adult": 3}).fits
    assert cave.availability("show-1900", "standard", {"adult": 2}).fits


def test_sold_out_error_says_what_is_left(cave: BookingService) -> None:
    cave.book(request({"adult": 18}))
    with pytest.raises(SlotSoldOutError) as info:
        cave.hold(request({"adult": 3}))
    assert info.value.code == "slot_sold_out"
    assert info.value.context["remaining"] == 2
    assert info.value.context["needed"] == 3


def test_a_closed_slot_takes_no_bookings_and_reports_closed(
    cave: BookingService,
) -> None:
    cave.close_slot("show-1900", reason="flooded cave")
    with pytest.raises(SlotClosedError):
        cave.hold(request())
    assert (
        cave.availability("show-1900", "standard").status is AvailabilityStatus.CLOSED
    )
    cave.reopen_slot("show-1900")
    assert cave.hold(request()).status is BookingStatus.ON_HOLD


def test_sales_stop_at_the_cut_off(cave: BookingService, clock: FixedClock) -> None:
    clock.set(SHOW_START - timedelta(minutes=30))
    with pytest.raises(BookingCutoffPassedError) as info:
        cave.hold(request())
    assert info.value.code == "booking_cutoff_passed"
    clock.set(SHOW_START - timedelta(minutes=31))
    assert cave.hold(request()).status is BookingStatus.ON_HOLD
