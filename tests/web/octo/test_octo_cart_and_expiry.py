"""Cart confirmation is all or nothing; ``expirationMinutes`` is honoured within policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tourlink.booking import Booking, BookingService, BookingStatus
from tourlink.core.clock import FixedClock

from . import contract as c
from .client import OctoClient, OctoError
from .seed import CAPACITY, OPTION, PRODUCT, slot_id

if TYPE_CHECKING:
    from starlette.testclient import TestClient

SHOW = slot_id(5, "1900")
LATE = slot_id(5, "2030")
LAN = {"firstName": "Thi Lan", "lastName": "Nguyen", "emailAddress": "lan@example.vn"}


@pytest.fixture
def api(octo: TestClient) -> OctoClient:
    return OctoClient(octo)  # type: ignore[arg-type]  # a TestClient is an httpx.Client


def reserve(api: OctoClient, uuid: str, **extra: Any) -> c.Booking:
    return api.reserve(
        uuid=uuid,
        productId=PRODUCT,
        optionId=OPTION,
        availabilityId=extra.pop("availabilityId", SHOW),
        unitItems=[{"unitId": "adult"}],
        **extra,
    )


def test_an_order_with_one_lapsed_hold_confirms_none_of_its_bookings(
    api: OctoClient, booking: BookingService, clock: FixedClock
) -> None:
    order = api.create_order()
    reserve(api, "first", orderId=order.id)  # lapses at +15 min
    clock.advance(minutes=10)
    reserve(api, "second", orderId=order.id, availabilityId=LATE)  # +25 min
    clock.advance(minutes=6)
    with pytest.raises(OctoError) as err:
        api.order_action(order.id, "confirm", contact=LAN)
    assert err.value.code == "UNPROCESSABLE_ENTITY"
    assert api.booking("first").status is c.BookingStatus.EXPIRED
    assert api.booking("second").status is c.BookingStatus.ON_HOLD  # untouched
    assert api.order(order.id).status is not c.OrderStatus.CONFIRMED
    assert booking.availability(SHOW, OPTION).remaining == CAPACITY
    assert booking.availability(LATE, OPTION).remaining == CAPACITY - 1


def test_a_failure_while_confirming_an_order_confirms_nothing(
    api: OctoClient, booking: BookingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bookings of an order are confirmed in one transaction: a failure after the
    first confirmation rolls it back with the rest."""
    order = api.create_order()
    reserve(api, "first", orderId=order.id)
    reserve(api, "second", orderId=order.id, availabilityId=LATE)
    confirm = booking._confirm
    calls: list[str] = []

    def fail_second(tx: Any, ctx: Any, held: Booking, contact: Any) -> Booking:
        calls.append(held.id)
        if len(calls) == 2:
            raise RuntimeError("the database connection was lost")
        return confirm(tx, ctx, held, contact)

    monkeypatch.setattr(booking, "_confirm", fail_second)
    with pytest.raises(RuntimeError, match="connection was lost"):
        api.order_action(order.id, "confirm", contact=LAN)
    assert len(calls) == 2
    monkeypatch.undo()
    assert api.booking("first").status is c.BookingStatus.ON_HOLD
    assert api.booking("second").status is c.BookingStatus.ON_HOLD
    assert api.order(order.id).status is not c.OrderStatus.CONFIRMED
    done = api.order_action(order.id, "confirm", contact=LAN)  # a retry succeeds
    assert done.status is c.OrderStatus.CONFIRMED
    assert {b.status for b in done.bookings} == {c.BookingStatus.CONFIRMED}
    again = api.order_action(order.id, "confirm", contact=LAN)  # idempotent
    assert again.status is c.OrderStatus.CONFIRMED


def test_a_confirmed_order_takes_no_more_bookings(api: OctoClient) -> None:
    order = api.create_order()
    reserve(api, "one", orderId=order.id)
    api.order_action(order.id, "confirm", contact=LAN)
    with pytest.raises(OctoError) as err:
        reserve(api, "two", orderId=order.id)
    assert err.value.code == "UNPROCESSABLE_ENTITY"
    assert [b.uuid for b in api.order(order.id).bookings] == ["one"]


@pytest.mark.parametrize(
    ("minutes", "expires"),
    [
        (None, "2026-12-05T03:15:00Z"),  # the product's hold duration (15 minutes)
        (5, "2026-12-05T03:15:00Z"),  # shorter: a hold cannot be shortened
        (15, "2026-12-05T03:15:00Z"),
        (30, "2026-12-05T03:30:00Z"),  # granted
        (60, "2026-12-05T04:00:00Z"),
        (240, "2026-12-05T04:00:00Z"),  # capped at the policy's max_total (1 hour)
    ],
)
def test_expiration_minutes_is_honoured_within_the_products_hold_policy(
    api: OctoClient, minutes: int | None, expires: str
) -> None:
    extra = {} if minutes is None else {"expirationMinutes": minutes}
    held = reserve(api, "hold", **extra)
    assert held.utcExpiresAt == expires
    assert api.booking("hold").utcExpiresAt == expires


def test_a_retried_reservation_does_not_extend_twice(
    api: OctoClient, booking: BookingService, clock: FixedClock
) -> None:
    first = reserve(api, "retry", expirationMinutes=30)
    clock.advance(minutes=1)
    again = reserve(api, "retry", expirationMinutes=30)
    assert first.id == again.id
    assert again.utcExpiresAt == "2026-12-05T03:30:00Z"
    held = booking.get_booking(first.id)
    assert held.status is BookingStatus.ON_HOLD
    assert held.extensions == 1
    clock.advance(minutes=20)
    extended = api.extend("retry", expirationMinutes=20)  # extensions remain
    assert extended.utcExpiresAt == "2026-12-05T03:41:00Z"
