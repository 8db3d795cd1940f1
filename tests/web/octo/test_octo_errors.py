"""Bad OCTo requests get the specification's error bodies and change nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock

from . import contract as c
from .seed import CAPACITY, OPTION, PRODUCT, slot_id

if TYPE_CHECKING:
    from starlette.testclient import TestClient

SHOW = slot_id(5, "1900")


def body(units: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "productId": PRODUCT,
        "optionId": OPTION,
        "availabilityId": SHOW,
        "unitItems": [{"unitId": u} for u in (["adult"] if units is None else units)],
    }
    data.update(extra)
    return data


def remaining(service: BookingService) -> int:
    return service.availability(SHOW, OPTION).remaining


@pytest.mark.parametrize(
    ("changes", "code", "field", "value"),
    [
        (
            {"productId": "no-such-show"},
            "INVALID_PRODUCT_ID",
            "productId",
            "no-such-show",
        ),
        ({"optionId": "vip"}, "INVALID_OPTION_ID", "optionId", "vip"),
        ({"unitItems": [{"unitId": "dragon"}]}, "INVALID_UNIT_ID", "unitId", "dragon"),
        (
            {"availabilityId": "nope"},
            "INVALID_AVAILABILITY_ID",
            "availabilityId",
            "nope",
        ),
    ],
)
def test_unknown_ids_name_the_id_and_hold_nothing(
    octo: TestClient,
    booking: BookingService,
    changes: dict[str, Any],
    code: str,
    field: str,
    value: str,
) -> None:
    response = octo.post("/octo/bookings", json=body(**changes))
    assert response.status_code == 400
    error = c.validate_error(response.json(), code)
    assert error.model_extra is not None
    assert error.model_extra[field] == value
    assert remaining(booking) == CAPACITY


def test_more_units_than_the_slot_holds_is_unprocessable(
    octo: TestClient, booking: BookingService
) -> None:
    response = octo.post("/octo/bookings", json=body(["group", "group", "adult"]))
    assert response.status_code == 400
    assert response.json()["error"] in {"UNPROCESSABLE_ENTITY", "BAD_REQUEST"}
    assert remaining(booking) == CAPACITY


def test_a_sold_out_slot_is_unprocessable(
    octo: TestClient, booking: BookingService
) -> None:
    assert octo.post("/octo/bookings", json=body(["group", "group"])).status_code == 200
    response = octo.post("/octo/bookings", json=body(["adult"]))
    c.validate_error(response.json(), "UNPROCESSABLE_ENTITY")
    assert remaining(booking) == 0


@pytest.mark.parametrize(
    "payload",
    [
        body([]),
        body(unitItems="adult"),
        body(resellerReference="x" * 256),
        body(contact={"fullName": "y" * 300}),
        {"optionId": OPTION},
        body(expirationMinutes="30"),  # not a number
        body(expirationMinutes=True),
    ],
)
def test_malformed_reservations_are_bad_requests(
    octo: TestClient, booking: BookingService, payload: dict[str, Any]
) -> None:
    response = octo.post("/octo/bookings", json=payload)
    assert response.status_code == 400
    c.validate_error(response.json(), "BAD_REQUEST")
    assert remaining(booking) == CAPACITY


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[" * 100_000],
    ids=["unparsable", "nested past the parser's depth"],
)
def test_malformed_json_is_a_bad_request(octo: TestClient, content: bytes) -> None:
    response = octo.post(
        "/octo/bookings",
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    c.validate_error(response.json(), "BAD_REQUEST")


@pytest.mark.parametrize("quantity", [-2, True, "2", 1.5])
def test_negative_or_non_integer_units_in_an_availability_check_are_bad_requests(
    octo: TestClient, quantity: object
) -> None:
    response = octo.post(
        "/octo/availability",
        json={
            "productId": PRODUCT,
            "optionId": OPTION,
            "availabilityIds": [SHOW],
            "units": [{"id": "adult", "quantity": quantity}],
        },
    )
    assert response.status_code == 400
    c.validate_error(response.json(), "BAD_REQUEST")


def test_confirming_an_expired_hold_is_unprocessable(
    octo: TestClient, clock: FixedClock, booking: BookingService
) -> None:
    octo.post("/octo/bookings", json=body(uuid="h1"))
    clock.advance(minutes=16)
    response = octo.post(
        "/octo/bookings/h1/confirm", json={"contact": {"fullName": "Lan"}}
    )
    c.validate_error(response.json(), "UNPROCESSABLE_ENTITY")
    assert octo.get("/octo/bookings/h1").json()["status"] == "EXPIRED"
    assert remaining(booking) == CAPACITY


def test_cancelling_twice_is_unprocessable_and_keeps_the_first_refund(
    octo: TestClient,
) -> None:
    octo.post("/octo/bookings", json=body(uuid="c1"))
    octo.post("/octo/bookings/c1/confirm", json={"contact": {"fullName": "Lan"}})
    first = octo.post("/octo/bookings/c1/cancel", json={}).json()
    second = octo.post("/octo/bookings/c1/cancel", json={})
    c.validate_error(second.json(), "UNPROCESSABLE_ENTITY")
    assert octo.get("/octo/bookings/c1").json()["cancellation"] == first["cancellation"]


def test_unknown_booking_uuid(octo: TestClient) -> None:
    response = octo.get("/octo/bookings/nobody")
    error = c.validate_error(response.json(), "INVALID_BOOKING_UUID")
    assert error.model_extra == {"uuid": "nobody"}


def test_wrong_or_missing_api_key_is_unauthorized(octo: TestClient) -> None:
    for headers in ({"Authorization": "Bearer tlk_wrong"}, {"Authorization": ""}):
        response = octo.get("/octo/products", headers=headers)
        assert response.status_code == 401
        c.validate_error(response.json(), "UNAUTHORIZED")


def test_a_visitor_key_is_forbidden(octo: TestClient, services: Any) -> None:
    from tourlink.accounts import Role

    key = services.accounts.issue_api_key("kiosk", Role.VISITOR).secret
    response = octo.get("/octo/products", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403
    c.validate_error(response.json(), "FORBIDDEN")


def test_a_reseller_sees_only_its_own_bookings(
    octo: TestClient, other_reseller_key: str
) -> None:
    octo.post("/octo/bookings", json=body(uuid="mine", resellerReference="R1"))
    other = {"Authorization": f"Bearer {other_reseller_key}"}
    response = octo.get("/octo/bookings/mine", headers=other)
    c.validate_error(response.json(), "INVALID_BOOKING_UUID")
    cancel = octo.post("/octo/bookings/mine/cancel", json={}, headers=other)
    c.validate_error(cancel.json(), "INVALID_BOOKING_UUID")
    listed = octo.get(
        "/octo/bookings", params={"resellerReference": "R1"}, headers=other
    )
    assert listed.json() == []
    assert octo.get("/octo/bookings/mine").json()["status"] == "ON_HOLD"


def test_unknown_order_and_unknown_route(octo: TestClient) -> None:
    c.validate_error(octo.get("/octo/orders/nope").json(), "INVALID_ORDER_ID")
    c.validate_error(octo.get("/octo/nowhere").json(), "BAD_REQUEST")


def test_a_saturated_database_answers_503_with_a_retry_hint(
    octo: TestClient, booking: BookingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pool exhaustion or a lost connection is not an internal error: resellers retry."""
    from sqlalchemy.exc import OperationalError

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("too many clients already"))

    monkeypatch.setattr(type(booking), "hold", refuse)
    before = remaining(booking)
    response = octo.post("/octo/bookings", json=body())
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    error = c.validate_error(response.json(), "INTERNAL_SERVER_ERROR")
    assert "retry" in error.errorMessage
    assert "too many clients" not in response.text
    assert remaining(booking) == before
