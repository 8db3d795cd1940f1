"""OCTo contract and reseller flows: every endpoint answers in the specification's shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tourlink.booking import BookingService
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


def reserve(api: OctoClient, uuid: str, units: list[str], **extra: object) -> c.Booking:
    return api.reserve(
        uuid=uuid,
        productId=PRODUCT,
        optionId=OPTION,
        availabilityId=extra.pop("availabilityId", SHOW),
        unitItems=[{"unitId": u} for u in units],
        **extra,
    )


def test_supplier_products_and_capabilities_follow_the_specification(
    api: OctoClient, octo: TestClient
) -> None:
    assert api.supplier().endpoint.endswith("/octo")
    products = api.products()
    assert [p.id for p in products] == [PRODUCT]
    product = api.product(PRODUCT)
    assert product.timeZone == "Asia/Ho_Chi_Minh"
    assert product.availabilityType == "START_TIME"
    units = {u.id: u.type for u in product.options[0].units}
    assert units["adult"] is c.UnitTypeEnum.ADULT
    assert units["group"] is c.UnitTypeEnum.OTHER
    assert product.options[0].availabilityLocalStartTimes == ["19:00", "20:30"]
    capabilities = octo.get("/octo/capabilities").json()
    assert [x.id for x in map(c.Capability.model_validate, capabilities)] == [
        "octo/cart"
    ]


def test_octo_capabilities_header_echoes_the_supported_capabilities(
    octo: TestClient,
) -> None:
    response = octo.get(
        "/octo/products", headers={"Octo-Capabilities": "octo/cart, octo/pricing"}
    )
    assert response.headers["Octo-Capabilities"] == "octo/cart"
    response = octo.get("/octo/products", headers={"Octo-Capabilities": ""})
    assert response.headers["Octo-Capabilities"] == ""


def test_availability_and_calendar_report_vacancies_and_status(api: OctoClient) -> None:
    slots = api.availability(
        productId=PRODUCT,
        optionId=OPTION,
        localDateStart="2026-12-05",
        localDateEnd="2026-12-06",
        units=[{"id": "adult", "quantity": 2}],
    )
    assert [s.id for s in slots][:2] == [SHOW, LATE]
    assert slots[0].status is c.AvailabilityStatus.AVAILABLE
    assert slots[0].vacancies == CAPACITY
    assert slots[0].localDateTimeStart == "2026-12-05T19:00:00+07:00"
    reserve(api, "big", ["group", "group"])
    one = api.availability(productId=PRODUCT, optionId=OPTION, availabilityIds=[SHOW])
    assert one[0].status is c.AvailabilityStatus.SOLD_OUT
    assert one[0].available is False
    days = api.calendar(
        productId=PRODUCT,
        optionId=OPTION,
        localDateStart="2026-12-04",
        localDateEnd="2026-12-06",
    )
    assert [(d.localDate, d.status) for d in days] == [
        ("2026-12-04", c.AvailabilityStatus.CLOSED),
        ("2026-12-05", c.AvailabilityStatus.AVAILABLE),
        ("2026-12-06", c.AvailabilityStatus.AVAILABLE),
    ]


def test_reseller_flow_reserve_extend_confirm_get_list_cancel(
    api: OctoClient, clock: FixedClock
) -> None:
    held = reserve(api, "b-1", ["adult", "adult", "child"], resellerReference="LHT-1")
    assert held.status is c.BookingStatus.ON_HOLD
    assert held.utcExpiresAt == "2026-12-05T03:15:00Z"
    assert held.availability is not None
    assert held.availability.vacancies == CAPACITY - 3
    clock.advance(minutes=10)
    extended = api.extend("b-1", expirationMinutes=10)
    assert extended.utcExpiresAt == "2026-12-05T03:20:00Z"
    confirmed = api.confirm("b-1", contact=LAN, resellerReference="LHT-1")
    assert confirmed.status is c.BookingStatus.CONFIRMED
    assert confirmed.contact.fullName == "Thi Lan Nguyen"
    assert confirmed.voucher is not None
    assert (
        confirmed.voucher.deliveryOptions[0].deliveryFormat is c.DeliveryFormat.QRCODE
    )
    assert api.booking("b-1").status is c.BookingStatus.CONFIRMED
    assert [b.uuid for b in api.bookings(resellerReference="LHT-1")] == ["b-1"]
    assert [b.uuid for b in api.bookings(localDate="2026-12-05")] == ["b-1"]
    assert api.bookings(localDate="2026-12-06") == []
    assert [b.uuid for b in api.bookings(supplierReference=confirmed.id)] == ["b-1"]
    cancelled = api.cancel("b-1", reason="change of plans")
    assert cancelled.status is c.BookingStatus.CANCELLED
    assert cancelled.cancellation is not None
    assert cancelled.cancellation.refund is c.Refund.NONE  # 9 hours before: no tier met
    assert cancelled.cancellation.reason == "change of plans"


def test_cancellation_refund_follows_notice(api: OctoClient) -> None:
    reserve(api, "next-day", ["adult"], availabilityId=slot_id(6, "2030"))
    api.confirm("next-day", contact=LAN)
    # 6 Dec 20:30 is 34.5 hours away: the 24-hour tier refunds half.
    assert api.cancel("next-day").cancellation.refund is c.Refund.PARTIAL  # type: ignore[union-attr]
    reserve(api, "same-day", ["adult"])
    api.confirm("same-day", contact=LAN)
    assert api.delete("same-day").cancellation.refund is c.Refund.NONE  # type: ignore[union-attr]


def test_update_moves_the_booking_and_changes_the_party(
    api: OctoClient, booking: BookingService
) -> None:
    reserve(api, "m-1", ["adult"])
    moved = api.update(
        "m-1",
        availabilityId=LATE,
        unitItems=[{"unitId": "adult"}, {"unitId": "senior"}],
        notes="window seats",
    )
    assert moved.availabilityId == LATE
    assert sorted(i.unitId for i in moved.unitItems) == ["adult", "senior"]
    assert moved.notes == "window seats"
    assert booking.availability(SHOW, OPTION).remaining == CAPACITY


def test_reserving_twice_with_one_uuid_books_once(
    api: OctoClient, booking: BookingService
) -> None:
    first = reserve(api, "same", ["adult", "adult"])
    second = reserve(api, "same", ["adult", "adult"])
    assert first.id == second.id
    assert booking.availability(SHOW, OPTION).remaining == CAPACITY - 2
    with pytest.raises(OctoError) as err:
        reserve(api, "same", ["child"])
    assert err.value.code == "BAD_REQUEST"


def test_cart_order_confirms_every_booking_together(api: OctoClient) -> None:
    order = api.create_order(expirationMinutes=30)
    assert order.status is c.OrderStatus.ON_HOLD
    reserve(api, "o-1", ["adult"], orderId=order.id)
    reserve(api, "o-2", ["child"], orderId=order.id, availabilityId=LATE)
    held = api.order(order.id)
    assert [b.uuid for b in held.bookings] == ["o-1", "o-2"]
    assert held.bookings[0].model_extra is not None
    assert held.bookings[0].model_extra["orderId"] == order.id
    extended = api.order_action(order.id, "extend", expirationMinutes=10)
    assert extended.status is c.OrderStatus.ON_HOLD
    done = api.order_action(order.id, "confirm", contact=LAN)
    assert done.status is c.OrderStatus.CONFIRMED
    assert {b.status for b in done.bookings} == {c.BookingStatus.CONFIRMED}
    gone = api.order_action(order.id, "cancel", reason="trip cancelled")
    assert gone.status is c.OrderStatus.CANCELLED
    assert {b.status for b in gone.bookings} == {c.BookingStatus.CANCELLED}


def test_cart_order_with_a_lapsed_hold_confirms_nothing(
    api: OctoClient, clock: FixedClock
) -> None:
    order = api.create_order()
    reserve(api, "early", ["adult"], orderId=order.id)
    clock.advance(minutes=10)
    reserve(api, "late", ["adult"], orderId=order.id)
    clock.advance(minutes=6)  # "early" lapsed at +15 min, "late" still held
    with pytest.raises(OctoError) as err:
        api.order_action(order.id, "confirm", contact=LAN)
    assert err.value.code == "UNPROCESSABLE_ENTITY"
    assert api.booking("late").status is c.BookingStatus.ON_HOLD
    assert api.booking("early").status is c.BookingStatus.EXPIRED
