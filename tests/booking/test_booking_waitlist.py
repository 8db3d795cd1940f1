"""The waiting list is served in order, never overtaken, with lapsing offers."""

from __future__ import annotations

import pytest

from tourlink.booking import (
    BookingService,
    BookingStatus,
    Contact,
    MemoryNotifier,
    OfferNotActiveError,
    SlotSoldOutError,
    WaitlistNotNeededError,
    WaitlistStatus,
)
from tourlink.core.clock import FixedClock

from .conftest import request

MAI = Contact("Lê Mai", email="mai@example.vn")
HUNG = Contact("Phạm Hùng", email="hung@example.vn")


def _full(cave: BookingService) -> tuple[str, str]:
    a = cave.book(request({"adult": 10})).id
    b = cave.book(request({"adult": 10})).id
    return a, b


def test_joining_is_refused_while_the_party_can_book(cave: BookingService) -> None:
    with pytest.raises(WaitlistNotNeededError):
        cave.join_waitlist("show-1900", "standard", {"adult": 2}, MAI)


def test_freed_places_go_to_the_waiting_party_not_to_a_newcomer(
    cave: BookingService, notifier: MemoryNotifier
) -> None:
    a, _ = _full(cave)
    entry = cave.join_waitlist("show-1900", "standard", {"adult": 2}, MAI)
    assert entry.status is WaitlistStatus.WAITING
    cave.modify(a, units={"adult": 8})  # two places free up
    offered = cave.waitlist_entry(entry.id)
    assert offered.status is WaitlistStatus.OFFERED
    assert notifier.of_kind("waitlist_offer")[0].recipient == "mai@example.vn"
    with pytest.raises(SlotSoldOutError):
        cave.hold(request({"adult": 1}))
    booking = cave.accept_offer(entry.id)
    assert booking.status is BookingStatus.CONFIRMED
    assert cave.waitlist_entry(entry.id).status is WaitlistStatus.ACCEPTED


def test_waiting_demand_counts_against_newcomers_even_when_places_are_free(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request({"adult": 20}))
    cave.join_waitlist("show-1900", "standard", {"adult": 5}, MAI)
    clock.advance(minutes=15)  # the hold lapses: 20 free, but 5 are the waiting party's
    assert cave.availability("show-1900", "standard").remaining == 15
    cave.book(request({"adult": 15}))
    with pytest.raises(SlotSoldOutError):
        cave.book(request({"adult": 1}))
    assert (
        cave.get_booking(hold.id).effective_status(clock.now()) is BookingStatus.EXPIRED
    )


def test_offers_follow_the_queue_and_pass_on_when_they_lapse(
    cave: BookingService, clock: FixedClock
) -> None:
    a, _ = _full(cave)
    first = cave.join_waitlist("show-1900", "standard", {"adult": 2}, MAI)
    second = cave.join_waitlist("show-1900", "standard", {"adult": 2}, HUNG)
    cave.modify(a, units={"adult": 8})
    assert cave.waitlist_entry(first.id).status is WaitlistStatus.OFFERED
    assert cave.waitlist_entry(second.id).status is WaitlistStatus.WAITING
    clock.advance(minutes=30)  # the offer lapses
    assert cave.process_waitlist("show-1900") == [second.id]
    assert cave.waitlist_entry(first.id).status is WaitlistStatus.LAPSED
    with pytest.raises(OfferNotActiveError) as info:
        cave.accept_offer(first.id)
    assert info.value.code == "offer_expired"
    assert cave.accept_offer(second.id).status is BookingStatus.CONFIRMED


def test_a_party_too_big_for_the_freed_places_is_skipped_not_removed(
    cave: BookingService,
) -> None:
    a, b = _full(cave)
    big = cave.join_waitlist("show-1900", "standard", {"adult": 6}, MAI)
    small = cave.join_waitlist("show-1900", "standard", {"adult": 3}, HUNG)
    cave.modify(a, units={"adult": 7})  # three places free: only the small party fits
    assert cave.waitlist_entry(big.id).status is WaitlistStatus.WAITING
    assert cave.waitlist_entry(small.id).status is WaitlistStatus.OFFERED
    cave.cancel(b)  # ten more: now the big party fits
    assert cave.waitlist_entry(big.id).status is WaitlistStatus.OFFERED


def test_leaving_the_waiting_list_passes_the_offer_on(cave: BookingService) -> None:
    a, _ = _full(cave)
    first = cave.join_waitlist("show-1900", "standard", {"adult": 2}, MAI)
    second = cave.join_waitlist("show-1900", "standard", {"adult": 2}, HUNG)
    cave.modify(a, units={"adult": 8})
    cave.leave_waitlist(first.id)
    assert cave.waitlist_entry(first.id).status is WaitlistStatus.CANCELLED
    assert cave.waitlist_entry(second.id).status is WaitlistStatus.OFFERED
