"""Booking pages: a visitor books and cancels in Japanese; operators manage sessions."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .conftest import PASSWORD
from .octo.conftest import TestClient as Client  # type: ignore[attr-defined]
from .octo.seed import OPTION, PRODUCT, attach_booking, slot_id

if TYPE_CHECKING:
    from starlette.testclient import TestClient

SHOW = slot_id(5, "1900")


@pytest.fixture
def booking(services: Services, clock: FixedClock) -> BookingService:
    return attach_booking(services, clock)


@pytest.fixture
def web(
    settings: Settings, services: Services, booking: BookingService
) -> Iterator[TestClient]:
    del booking
    with Client(create_app(settings, services)) as client:
        yield client


def sign_in(web: TestClient, role: str = "site_manager") -> str:
    response = web.post(
        "/operator/login",
        data={"email": f"{role}@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = web.get("/operator/checkin").text
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_visitor_books_in_japanese_gets_a_qr_code_and_cancels(
    web: TestClient, booking: BookingService
) -> None:
    page = web.get(f"/book/{PRODUCT}?lang=ja&day=2026-12-05")
    assert page.status_code == 200
    assert 'lang="ja"' in page.text
    assert "予約" in page.text
    held = web.post(
        f"/book/{PRODUCT}/{SHOW}?lang=ja",
        data={"unit_adult": "2", "unit_child": "1"},
        follow_redirects=True,
    )
    assert "お客様情報" in held.text
    booking_id = str(held.url).split("/bookings/")[1].split("/")[0]
    shown = web.post(
        f"/bookings/{booking_id}/confirm?lang=ja",
        data={"name": "山田花子", "email": "hanako@example.jp", "phone": "+81 90"},
        follow_redirects=True,
    )
    assert "<svg" in shown.text
    assert 'data-status="CONFIRMED"' in shown.text
    cancelled = web.post(
        f"/bookings/{booking_id}/cancel?lang=ja", follow_redirects=True
    )
    assert 'data-status="CANCELLED"' in cancelled.text
    assert 'data-kind="NONE"' in cancelled.text
    assert booking.availability(SHOW, OPTION).remaining == 20


def test_a_full_session_offers_the_waiting_list(web: TestClient) -> None:
    web.post(f"/book/{PRODUCT}/{SHOW}", data={"unit_group": "2", "unit_adult": "0"})
    full = web.post(f"/book/{PRODUCT}/{SHOW}?lang=en", data={"unit_adult": "1"})
    assert full.status_code == 409
    assert "This session is full" in full.text
    joined = web.post(
        f"/book/{PRODUCT}/{SHOW}/waitlist?lang=en",
        data={"unit_adult": "1", "name": "Lan", "email": "lan@example.vn"},
    )
    assert "waiting list" in joined.text


def test_bad_party_sizes_are_refused_on_the_page(
    web: TestClient, booking: BookingService
) -> None:
    for units in ({"unit_adult": "0"}, {"unit_adult": "-3"}, {"unit_group": "5"}):
        response = web.post(f"/book/{PRODUCT}/{SHOW}", data=units)
        assert response.status_code == 422
    assert booking.availability(SHOW, OPTION).remaining == 20


def test_operator_pages_need_a_staff_sign_in(web: TestClient) -> None:
    assert web.get("/operator/slots").status_code == 401
    response = web.post(
        "/operator/login",
        data={"email": "reseller@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert web.get("/operator/slots").status_code == 403


def test_slot_calendar_shows_utilisation_and_bulk_creates_sessions(
    web: TestClient, booking: BookingService
) -> None:
    csrf = sign_in(web)
    web.post(f"/book/{PRODUCT}/{SHOW}", data={"unit_adult": "5"})
    page = web.get("/operator/slots?start=2026-12-05")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="utilisation"' in page.text
    assert 'data-used="5" data-capacity="20"' in page.text
    refused = web.post(
        "/operator/slots/bulk",
        data={
            "product_id": PRODUCT,
            "first_day": "2026-12-01",
            "last_day": "2027-03-31",
            "times": "19:00, 20:30",
            "csrf": "forged",
        },
    )
    assert refused.status_code == 403
    created = web.post(
        "/operator/slots/bulk",
        data={
            "product_id": PRODUCT,
            "first_day": "2026-12-01",
            "last_day": "2027-03-31",
            "times": "19:00, 20:30",
            "csrf": csrf,
        },
    )
    assert created.status_code == 200
    assert "242" in created.text
    closed = web.post(f"/operator/slots/{SHOW}/close", data={"csrf": csrf})
    assert closed.status_code == 200
    assert booking.availability(SHOW, OPTION).status.value == "CLOSED"


def test_manifest_page_csv_and_checkin_admits_once(
    web: TestClient, booking: BookingService
) -> None:
    csrf = sign_in(web)
    held = web.post(
        f"/book/{PRODUCT}/{SHOW}", data={"unit_adult": "2"}, follow_redirects=True
    )
    booking_id = str(held.url).split("/bookings/")[1].split("/")[0]
    web.post(
        f"/bookings/{booking_id}/confirm", data={"name": "Trần Minh", "phone": "+84 90"}
    )
    page = web.get(f"/operator/slots/{SHOW}/manifest")
    assert "Trần Minh" in page.text
    csv = web.get(f"/operator/slots/{SHOW}/manifest.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "Trần Minh" in csv.text
    token = booking.issue_ticket(booking_id).token
    first = web.post("/operator/checkin", data={"token": token, "csrf": csrf})
    assert 'class="checkin-ok"' in first.text
    second = web.post("/operator/checkin", data={"token": token, "csrf": csrf})
    assert second.status_code == 409
    assert 'data-code="already_checked_in"' in second.text
    assert booking.get_booking(booking_id).status.value == "REDEEMED"


def test_experience_page_links_to_booking_only_when_it_is_sold(
    web: TestClient, booking: BookingService
) -> None:
    assert (
        "/book/sample-kayak-lan-ha"
        not in web.get("/experiences/sample-kayak-lan-ha").text
    )
    with booking.store.unit_of_work() as tx:
        product = tx.get_product(PRODUCT)
        assert product is not None
        tx.save_product(dataclasses.replace(product, id="sample-kayak-lan-ha"))
    page = web.get("/experiences/sample-kayak-lan-ha?lang=ja").text
    assert 'href="/book/sample-kayak-lan-ha?lang=ja"' in page
    assert "セッションを予約" in page
