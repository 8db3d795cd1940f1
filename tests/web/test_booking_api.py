"""tourlink's booking API under /api/v1: holds, idempotency, slots, manifests, check-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tourlink.accounts import Role
from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .conftest import bearer
from .octo.conftest import TestClient as Client  # type: ignore[attr-defined]
from .octo.seed import CAPACITY, OPTION, PRODUCT, attach_booking, slot_id

if TYPE_CHECKING:
    from starlette.testclient import TestClient

SHOW = slot_id(5, "1900")
LAN = {"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "+84 912 345 678"}


@pytest.fixture
def booking(services: Services, clock: FixedClock) -> BookingService:
    return attach_booking(services, clock)


@pytest.fixture
def api(
    settings: Settings, services: Services, booking: BookingService
) -> Iterator[TestClient]:
    del booking
    with Client(create_app(settings, services)) as client:
        yield client


@pytest.fixture
def staff(api: TestClient) -> dict[str, str]:
    return bearer(api, Role.SITE_MANAGER)


def hold(api: TestClient, units: dict[str, Any], **extra: Any) -> Any:
    body = {"product_id": PRODUCT, "option_id": OPTION, "slot_id": SHOW, "units": units}
    body.update(extra)
    return api.post("/api/v1/bookings", json=body, headers=extra.pop("headers", {}))


def remaining(booking: BookingService) -> int:
    return booking.availability(SHOW, OPTION).remaining


def test_hold_confirm_modify_cancel(api: TestClient, booking: BookingService) -> None:
    held = hold(api, {"adult": 2})
    assert held.status_code == 201
    data = held.json()
    assert data["status"] == "ON_HOLD"
    assert data["price_vnd"] == 900_000
    done = api.post(
        f"/api/v1/bookings/{data['id']}/confirm", json={"contact": LAN}
    ).json()
    assert done["status"] == "CONFIRMED"
    changed = api.patch(f"/api/v1/bookings/{data['id']}", json={"units": {"adult": 3}})
    assert changed.json()["units"] == {"adult": 3}
    assert remaining(booking) == CAPACITY - 3
    cancelled = api.post(f"/api/v1/bookings/{data['id']}/cancel", json={}).json()
    assert cancelled["refund"]["kind"] == "NONE"
    again = api.post(f"/api/v1/bookings/{data['id']}/cancel", json={})
    assert again.status_code == 409
    assert again.json()["code"] == "already_cancelled"
    assert again.headers["content-type"] == "application/problem+json"


def test_idempotency_key_books_once(api: TestClient, booking: BookingService) -> None:
    headers = {"Idempotency-Key": "retry-1"}
    body = {
        "product_id": PRODUCT,
        "option_id": OPTION,
        "slot_id": SHOW,
        "units": {"adult": 1},
    }
    first = api.post("/api/v1/bookings", json=body, headers=headers).json()
    second = api.post("/api/v1/bookings", json=body, headers=headers).json()
    assert first["id"] == second["id"]
    assert remaining(booking) == CAPACITY - 1
    other = api.post(
        "/api/v1/bookings", json={**body, "units": {"adult": 2}}, headers=headers
    )
    assert other.json()["code"] == "idempotency_conflict"
    assert remaining(booking) == CAPACITY - 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"units": {"adult": 0}}, 422, "invalid_units"),
        ({"units": {"adult": -1}}, 422, "invalid_units"),
        ({"units": {"group": 3}}, 422, "invalid_units"),  # more than any slot holds
        ({"units": {"adult": 1}, "product_id": "nope"}, 404, "product_not_found"),
        ({"units": {"adult": 1}, "slot_id": "nope"}, 404, "slot_not_found"),
        ({"units": {"adult": 1}, "reference": "x" * 101}, 422, "invalid_input"),
        ({"units": {"adult": True}}, 422, "invalid_input"),  # not a count
        ({"units": {"adult": "2"}}, 422, "invalid_input"),
        ({"units": {"adult": 1.5}}, 422, "invalid_input"),
        ({"units": {"adult": 1}, "confirm": "yes"}, 422, "invalid_input"),
    ],
)
def test_bad_holds_are_specific_problems_and_change_nothing(
    api: TestClient,
    booking: BookingService,
    body: dict[str, Any],
    status: int,
    code: str,
) -> None:
    response = hold(api, **body)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    if code == "invalid_input":  # each refused field is named by its path
        assert response.json()["errors"], response.text
    assert remaining(booking) == CAPACITY


def test_malformed_json_is_a_400_problem(api: TestClient) -> None:
    response = api.post(
        "/api/v1/bookings", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_confirming_an_expired_hold_is_a_conflict(
    api: TestClient, clock: FixedClock, booking: BookingService
) -> None:
    held = hold(api, {"adult": 1}).json()
    clock.advance(minutes=15)
    response = api.post(f"/api/v1/bookings/{held['id']}/confirm", json={"contact": LAN})
    assert response.json()["code"] == "hold_expired"
    assert remaining(booking) == CAPACITY


def test_bulk_slots_every_evening_from_december_to_march(
    api: TestClient, staff: dict[str, str]
) -> None:
    body = {
        "product_id": PRODUCT,
        "first_day": "2026-12-01",
        "last_day": "2027-03-31",
        "times": ["19:00", "20:30"],
        "minutes": 75,
        "cutoff_minutes": 30,
    }
    assert api.post("/api/v1/slots/bulk", json=body).status_code == 401
    created = api.post("/api/v1/slots/bulk", json=body, headers=staff).json()
    assert created["created"] == 121 * 2
    slots = api.get(
        "/api/v1/slots", params={"product_id": PRODUCT, "start": "2027-03-31"}
    ).json()
    assert [s["start"] for s in slots] == [
        "2027-03-31T19:00:00+07:00",
        "2027-03-31T20:30:00+07:00",
    ]


@pytest.mark.parametrize(
    "field",
    [{"minutes": "75"}, {"cutoff_minutes": True}, {"weekdays": ["1"]}],
    ids=["minutes as text", "cut-off as a flag", "weekday as text"],
)
def test_bulk_slots_refuse_numbers_that_are_not_json_integers(
    api: TestClient, staff: dict[str, str], field: dict[str, Any]
) -> None:
    body = {
        "product_id": PRODUCT,
        "first_day": "2026-12-01",
        "last_day": "2026-12-02",
        "times": ["19:00"],
        "minutes": 75,
    }
    response = api.post("/api/v1/slots/bulk", json=body | field, headers=staff)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].startswith(next(iter(field)))
    listed = api.get(
        "/api/v1/slots", params={"product_id": PRODUCT, "start": "2026-12-02"}
    ).json()
    assert all(not s["start"].startswith("2026-12-02") for s in listed)


def test_close_reopen_and_waitlist(api: TestClient, staff: dict[str, str]) -> None:
    closed = api.post(
        f"/api/v1/slots/{SHOW}/close", json={"reason": "flood"}, headers=staff
    )
    assert closed.json()["state"] == "CLOSED"
    assert hold(api, {"adult": 1}).json()["code"] == "slot_closed"
    api.post(f"/api/v1/slots/{SHOW}/reopen", headers=staff)
    hold(api, {"group": 2}, confirm=True, contact=LAN)
    assert hold(api, {"adult": 1}).json()["code"] == "slot_sold_out"
    entry = api.post(
        f"/api/v1/slots/{SHOW}/waitlist",
        json={"option_id": OPTION, "units": {"adult": 1}, "contact": LAN},
    )
    assert entry.status_code == 201
    assert entry.json()["status"] == "WAITING"


def test_manifest_csv_and_checkin_once(
    api: TestClient, staff: dict[str, str], booking: BookingService
) -> None:
    sold = hold(api, {"adult": 2}, confirm=True, contact=LAN).json()
    csv = api.get(
        f"/api/v1/slots/{SHOW}/manifest", params={"format": "csv"}, headers=staff
    )
    assert csv.headers["content-type"].startswith("text/csv")
    assert "Nguyễn Thị Lan" in csv.text
    assert "'+84 912 345 678" in csv.text
    token = booking.issue_ticket(sold["id"]).token
    first = api.post("/api/v1/checkin", json={"token": token}, headers=staff)
    assert first.json()["status"] == "REDEEMED"
    second = api.post("/api/v1/checkin", json={"token": token}, headers=staff)
    assert second.status_code == 409
    assert second.json()["code"] == "already_checked_in"
    forged = api.post(
        "/api/v1/checkin", json={"token": token[:-2] + "xx"}, headers=staff
    )
    assert forged.json()["code"] == "invalid_ticket"


def test_package_holds_all_or_nothing(api: TestClient, booking: BookingService) -> None:
    hold(api, {"group": 2}, slot_id=slot_id(6, "1900"))  # the next evening is full
    items = [
        {
            "product_id": PRODUCT,
            "option_id": OPTION,
            "slot_id": SHOW,
            "units": {"adult": 1},
        },
        {
            "product_id": PRODUCT,
            "option_id": OPTION,
            "slot_id": slot_id(6, "1900"),
            "units": {"adult": 1},
        },
    ]
    refused = api.post("/api/v1/packages/bookings", json={"items": items})
    assert refused.json()["code"] == "package_item_unavailable"
    assert remaining(booking) == CAPACITY
    items[1]["slot_id"] = slot_id(6, "2030")
    package = api.post("/api/v1/packages/bookings", json={"items": items}).json()
    done = api.post(
        f"/api/v1/packages/bookings/{package['id']}/confirm", json={"contact": LAN}
    ).json()
    assert {b["status"] for b in done["bookings"]} == {"CONFIRMED"}
