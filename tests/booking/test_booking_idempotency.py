"""A retry with the same idempotency key never books twice."""

from __future__ import annotations

import threading

import pytest

from tourlink.booking import (
    BookingService,
    IdempotencyConflictError,
    InMemoryBookingStore,
    SlotSoldOutError,
)

from .conftest import request


def test_the_same_key_and_body_returns_the_same_booking(
    cave: BookingService, store: InMemoryBookingStore
) -> None:
    first = cave.hold(request({"adult": 2}), idempotency_key="retry-1")
    again = cave.hold(request({"adult": 2}), idempotency_key="retry-1")
    assert again.id == first.id
    assert len(store.all_bookings()) == 1
    assert cave.availability("show-1900", "standard").remaining == 18


def test_the_same_key_with_a_different_body_is_a_conflict(cave: BookingService) -> None:
    cave.book(request({"adult": 2}), idempotency_key="k")
    with pytest.raises(IdempotencyConflictError) as info:
        cave.book(request({"adult": 3}), idempotency_key="k")
    assert info.value.code == "idempotency_conflict"


def test_the_same_key_for_another_operation_is_a_conflict(cave: BookingService) -> None:
    cave.hold(request(), idempotency_key="k")
    with pytest.raises(IdempotencyConflictError):
        cave.book(request(), idempotency_key="k")


def test_keys_are_scoped_per_caller(
    cave: BookingService, store: InMemoryBookingStore
) -> None:
    a = cave.book(request(), idempotency_key="k", actor="reseller-a")
    b = cave.book(request(), idempotency_key="k", actor="reseller-b")
    assert a.id != b.id
    assert len(store.all_bookings()) == 2


def test_a_failed_request_is_not_remembered_and_can_be_retried(
    cave: BookingService,
) -> None:
    blocker = cave.hold(request({"adult": 20}))
    with pytest.raises(SlotSoldOutError):
        cave.book(request({"adult": 1}), idempotency_key="k")
    cave.cancel(blocker.id)
    assert cave.book(request({"adult": 1}), idempotency_key="k").units == {"adult": 1}


def test_fifty_concurrent_calls_with_one_key_make_one_booking(
    cave: BookingService, store: InMemoryBookingStore
) -> None:
    barrier = threading.Barrier(50)
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(cave.book(request({"adult": 1}), idempotency_key="same").id)
        except BaseException as err:  # collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1
    assert len(store.all_bookings()) == 1
    assert cave.availability("show-1900", "standard").remaining == 19
