"""Cancellations refund exact VND amounts by policy; sessions cancel and move as a whole."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tourlink.booking import (
    AlreadyCancelledError,
    BookingService,
    BookingStateError,
    BookingStatus,
    CancellationPolicy,
    MemoryNotifier,
    RefundKind,
    RefundTier,
    SlotSoldOutError,
)
from tourlink.booking.policies import refund_of
from tourlink.core.clock import FixedClock

from .conftest import SHOW_START, request, show_slot

PRICE = 2 * 450_000 + 250_000  # two adults and a child: 1 150 000 VND


def _book_at(cave: BookingService, clock: FixedClock, before_start: timedelta) -> str:
    clock.set(SHOW_START - before_start - timedelta(hours=1))
    booking = cave.book(request({"adult": 2, "child": 1}))
    clock.set(SHOW_START - before_start)
    return booking.id


@pytest.mark.parametrize(
    ("before_start", "amount", "kind"),
    [
        (timedelta(hours=72), PRICE, RefundKind.FULL),
        (
            timedelta(hours=48),
            PRICE,
            RefundKind.FULL,
        ),  # exactly 48 h counts as 48 h notice
        (timedelta(hours=47, minutes=59), 575_000, RefundKind.PARTIAL),
        (timedelta(hours=24), 575_000, RefundKind.PARTIAL),
        (timedelta(hours=23, minutes=59), 0, RefundKind.NONE),
        (timedelta(hours=2), 0, RefundKind.NONE),
    ],
)
def test_cancellation_refund_follows_the_products_policy_in_exact_vnd(
    cave: BookingService,
    clock: FixedClock,
    before_start: timedelta,
    amount: int,
    kind: RefundKind,
) -> None:
    cave.register_slot(show_slot(start=SHOW_START))
    booking_id = _book_at(cave, clock, before_start)
    cancelled = cave.cancel(booking_id, reason="plans changed")
    assert cancelled.status is BookingStatus.CANCELLED
    assert cancelled.refund is not None
    assert (cancelled.refund.amount_vnd, cancelled.refund.kind) == (amount, kind)
    assert cancelled.refund.price_vnd == PRICE


def test_partial_refunds_round_down_to_the_whole_dong() -> None:
    assert refund_of(333_333, 50).amount_vnd == 166_666
    assert refund_of(1, 50).kind is RefundKind.NONE
    assert refund_of(0, 100).kind is RefundKind.FULL


def test_policy_tiers_are_applied_from_the_longest_notice() -> None:
    policy = CancellationPolicy(
        (RefundTier(24, 50), RefundTier(72, 100), RefundTier(6, 10))
    )
    assert [t.hours_before for t in policy.tiers] == [72, 24, 6]
    assert policy.percent_for(timedelta(hours=7)) == 10
    assert policy.percent_for(timedelta(hours=5)) == 0


def test_cancelling_frees_the_places(cave: BookingService) -> None:
    booking = cave.book(request({"adult": 20}))
    cave.cancel(booking.id)
    assert cave.availability("show-1900", "standard").remaining == 20


def test_cancelling_twice_is_rejected(cave: BookingService) -> None:
    booking = cave.book(request())
    cave.cancel(booking.id)
    with pytest.raises(AlreadyCancelledError) as info:
        cave.cancel(booking.id)
    assert info.value.code == "already_cancelled"


def test_cancelling_a_hold_releases_it_without_a_refund(cave: BookingService) -> None:
    hold = cave.hold(request({"adult": 4}))
    cancelled = cave.cancel(hold.id)
    assert cancelled.refund is None
    assert cave.availability("show-1900", "standard").remaining == 20


def test_an_expired_hold_cannot_be_cancelled(
    cave: BookingService, clock: FixedClock
) -> None:
    hold = cave.hold(request())
    clock.advance(minutes=15)
    with pytest.raises(BookingStateError) as info:
        cave.cancel(hold.id)
    assert info.value.code == "booking_expired"


def test_an_operator_cancellation_refunds_in_full_even_late(
    cave: BookingService, clock: FixedClock
) -> None:
    booking = cave.book(request({"adult": 1}))
    clock.set(SHOW_START - timedelta(hours=1))
    cancelled = cave.cancel(booking.id, by_operator=True, reason="storm")
    assert cancelled.refund is not None
    assert cancelled.refund.kind is RefundKind.FULL
    assert cancelled.refund.amount_vnd == 450_000


def test_cancelling_a_session_cancels_everyone_with_full_refunds_and_notifies(
    cave: BookingService, notifier: MemoryNotifier
) -> None:
    a = cave.book(request({"adult": 2}))
    b = cave.hold(request({"child": 1}))
    cancelled = cave.cancel_session("show-1900", reason="flooded cave")
    assert {x.id for x in cancelled} == {a.id, b.id}
    assert cave.get_booking(a.id).refund.amount_vnd == 900_000  # type: ignore[union-attr]
    assert len(notifier.of_kind("session_cancelled")) == 2
    assert [e.action for e in cave.audit_log("show-1900")][-1] == "slot.cancelled"


def test_rescheduling_a_session_moves_every_booking_to_the_new_slot(
    cave: BookingService, notifier: MemoryNotifier
) -> None:
    cave.register_slot(show_slot("show-2030", start=SHOW_START + timedelta(minutes=90)))
    a = cave.book(request({"adult": 12}))
    b = cave.book(request({"adult": 8}))
    moved = cave.reschedule_session("show-1900", "show-2030", reason="lighting fault")
    assert {m.id for m in moved} == {a.id, b.id}
    assert all(cave.get_booking(x).slot_id == "show-2030" for x in (a.id, b.id))
    assert cave.availability("show-2030", "standard").remaining == 0
    assert len(notifier.of_kind("session_rescheduled")) == 2


def test_rescheduling_into_a_slot_without_room_moves_nothing(
    cave: BookingService,
) -> None:
    cave.register_slot(show_slot("show-2030", start=SHOW_START + timedelta(minutes=90)))
    cave.book(request({"adult": 15}, slot_id="show-2030"))
    a = cave.book(request({"adult": 6}))
    with pytest.raises(SlotSoldOutError):
        cave.reschedule_session("show-1900", "show-2030")
    assert cave.get_booking(a.id).slot_id == "show-1900"
    assert cave.availability("show-1900", "standard").remaining == 14
    assert cave.availability("show-2030", "standard").remaining == 5
