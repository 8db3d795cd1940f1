"""Races on the in-memory store never oversell."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import pytest

from tourlink.booking import (
    BookingService,
    BookingStatus,
    InMemoryBookingStore,
    SlotSoldOutError,
    reconcile,
)

from .conftest import request


def test_fifty_threads_booking_twenty_places_confirm_exactly_twenty(
    cave: BookingService, store: InMemoryBookingStore
) -> None:
    barrier = threading.Barrier(50)
    confirmed: list[str] = []
    sold_out: list[SlotSoldOutError] = []
    other: list[BaseException] = []

    def worker(n: int) -> None:
        barrier.wait()
        try:
            hold = cave.hold(request({"adult": 1}), idempotency_key=f"t{n}")
            confirmed.append(cave.confirm(hold.id).id)
        except SlotSoldOutError as err:
            sold_out.append(err)
        except BaseException as err:  # collected and asserted below
            other.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    assert len(confirmed) == 20
    assert len(sold_out) == 30
    booked = [b for b in store.all_bookings() if b.status is BookingStatus.CONFIRMED]
    assert len(booked) == 20
    report = reconcile(store.snapshot(), datetime(2026, 12, 5, 3, 0, tzinfo=UTC))
    assert report.ok
    assert set(report.live_usage.values()) == {20}


@pytest.mark.parametrize("party", [1, 3])
def test_concurrent_holds_on_a_shared_pool_never_exceed_it(
    cave: BookingService, store: InMemoryBookingStore, party: int
) -> None:
    threads = [
        threading.Thread(target=_try_hold, args=(cave, party)) for _ in range(30)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    held = sum(
        sum(b.units.values())
        for b in store.all_bookings()
        if b.status is BookingStatus.ON_HOLD
    )
    assert held == 20 - 20 % party
    assert reconcile(store.snapshot(), datetime(2026, 12, 5, 3, 0, tzinfo=UTC)).ok


def _try_hold(service: BookingService, party: int) -> None:
    with contextlib.suppress(SlotSoldOutError):
        service.hold(request({"adult": party}))
