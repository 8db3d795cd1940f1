"""Bookings change in place, atomically, instead of cancel-and-rebook."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tourlink.booking import BookingService, BookingStatus, SlotSoldOutError

from .conftest import SHOW_START, request, show_slot


def test_changing_units_reprices_and_adjusts_the_places(cave: BookingService) -> None:
    booking = cave.book(request({"adult": 2}))
    changed = cave.modify(booking.id, units={"adult": 3, "child": 2})
    assert changed.id == booking.id
    assert changed.price_vnd == 3 * 450_000 + 2 * 250_000
    assert cave.availability("show-1900", "standard").remaining == 15


def test_a_full_slot_still_allows_a_booking_to_shrink_or_stay(
    cave: BookingService,
) -> None:
    booking = cave.book(request({"adult": 20}))
    assert cave.modify(booking.id, units={"adult": 19}).units == {"adult": 19}


def test_a_failed_enlargement_keeps_the_original_booking(cave: BookingService) -> None:
    booking = cave.book(request({"adult": 5}))
    cave.book(request({"adult": 14}))
    with pytest.raises(SlotSoldOutError):
        cave.modify(booking.id, units={"adult": 7})
    kept = cave.get_booking(booking.id)
    assert kept.units == {"adult": 5}
    assert kept.status is BookingStatus.CONFIRMED
    assert cave.availability("show-1900", "standard").remaining == 1


def test_changing_slot_moves_the_places(cave: BookingService) -> None:
    cave.register_slot(show_slot("show-2030", start=SHOW_START + timedelta(minutes=90)))
    booking = cave.book(request({"adult": 4}))
    moved = cave.modify(booking.id, slot_id="show-2030")
    assert moved.slot_id == "show-2030"
    assert cave.availability("show-1900", "standard").remaining == 20
    assert cave.availability("show-2030", "standard").remaining == 16


def test_a_hold_keeps_its_expiry_when_changed(cave: BookingService) -> None:
    hold = cave.hold(request({"adult": 2}))
    assert cave.modify(hold.id, units={"adult": 3}).expires_at == hold.expires_at


def test_every_change_is_in_the_audit_log(cave: BookingService) -> None:
    booking = cave.book(request({"adult": 2}), actor="desk:ha-long-1")
    cave.modify(booking.id, units={"adult": 3}, actor="desk:ha-long-1")
    cave.cancel(booking.id, actor="desk:ha-long-2")
    log = cave.audit_log(booking.id)
    assert [(e.action, e.actor) for e in log] == [
        ("booking.confirmed", "desk:ha-long-1"),
        ("booking.modified", "desk:ha-long-1"),
        ("booking.cancelled", "desk:ha-long-2"),
    ]
    assert log[-1].details["refund_kind"] == "NONE"  # 9 hours before the show
