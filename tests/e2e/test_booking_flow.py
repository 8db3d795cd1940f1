"""The booking engine in a real browser: a visitor books a show in Japanese and gets the
QR code; an operator checks it in, by typing the code or by holding the QR code to the
camera (Chromium's fake camera playing a video of it).

The server runs over memory services with the cave show of ``tests/web/octo/seed.py``
(19:00 and 20:30 on 5 and 6 December 2026) and a clock stopped at 10:00 local on
5 December, so the sessions are always in the future.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.conftest import CHROMIUM_ARGS
from tests.helpers import serve_in_thread
from tests.web.fixtures import fixture_entries
from tests.web.octo.seed import NOW, OPTION, PRODUCT, attach_booking, slot_id
from tourlink.accounts import Role
from tourlink.booking import (
    Booking,
    BookingRequest,
    BookingService,
    BookingStatus,
    Contact,
)
from tourlink.booking.checkin import qr_png
from tourlink.core.clock import FixedClock
from tourlink.services.container import memory_services
from tourlink.settings import Settings
from tourlink.web.app import create_app

pytestmark = pytest.mark.e2e

MANAGER = "manager@example.org"
PASSWORD = "correct horse battery"
SHOW = slot_id(5, "1900")
LATE_SHOW = slot_id(5, "2030")


@dataclass
class BookingServer:
    url: str
    booking: BookingService


@pytest.fixture(scope="module")
def booking_server() -> Iterator[BookingServer]:
    """A live server with the cave show and a site manager, on a free localhost port."""
    clock = FixedClock(NOW)
    services = memory_services(fixture_entries(), clock=clock)
    services.accounts.add_user(MANAGER, "Site manager", Role.SITE_MANAGER, PASSWORD)
    booking = attach_booking(services, clock)
    settings = Settings(
        environment="test", secret_key="e2e-booking-secret", default_language="en"
    )
    with serve_in_thread(create_app(settings, services)) as url:
        yield BookingServer(url, booking)


@contextmanager
def browsing(
    browser: Browser, base: str, locale: str
) -> Iterator[tuple[Page, list[str]]]:
    """A fresh context (own cookies) in ``locale`` that refuses other origins' requests."""
    context = browser.new_context(
        locale=locale, viewport={"width": 1280, "height": 900}, base_url=base
    )
    try:
        external: list[str] = []

        def guard(route: Route) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                external.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            yield page, external
        finally:
            page.close()
    finally:
        context.close()


def test_visitor_books_in_japanese_and_the_operator_checks_the_ticket_in(
    browser: Browser, booking_server: BookingServer
) -> None:
    base = booking_server.url
    booking = booking_server.booking
    with browsing(browser, base, "ja-JP") as (visitor, visitor_external):
        # Accept-Language alone (ja-JP) gives the Japanese pages.
        visitor.goto(f"/book/{PRODUCT}")
        expect(visitor.locator("html")).to_have_attribute("lang", "ja")
        expect(visitor.locator("h1")).to_contain_text("セッションを予約")
        sessions = visitor.locator("li.session")
        expect(sessions).to_have_count(4)
        show = visitor.locator(f'li.session[data-slot="{SHOW}"]')
        expect(show).to_have_attribute("data-status", "AVAILABLE")
        expect(show.locator("h2")).to_contain_text("19:00")
        expect(
            visitor.locator(f'li.session[data-slot="{LATE_SHOW}"] h2')
        ).to_contain_text("20:30")

        # Two adults and a child at 19:00.
        show.locator('input[name="unit_adult"]').fill("2")
        show.locator('input[name="unit_child"]').fill("1")
        show.get_by_role("button", name="席を確保").click()
        expect(visitor).to_have_url(re.compile(r"/bookings/[^/]+/details\?lang=ja$"))
        expect(visitor.locator("h1")).to_have_text("お客様情報")
        booking_id = visitor.url.split("/bookings/")[1].split("/")[0]
        assert booking.get_booking(booking_id).status is BookingStatus.ON_HOLD
        assert booking.availability(SHOW, OPTION).remaining == 17

        visitor.get_by_label("お名前").fill("山田花子")
        visitor.get_by_label("メールアドレス").fill("hanako@example.jp")
        visitor.get_by_role("button", name="予約を確定").click()

        # The booking page: its address is the booking reference; the QR code and the
        # ticket code it encodes.
        expect(visitor).to_have_url(f"{base}/bookings/{booking_id}?lang=ja")
        ticket = visitor.locator("section.booking")
        expect(ticket).to_have_attribute("data-status", "CONFIRMED")
        expect(visitor.locator("h1")).to_have_text("ご予約内容")
        expect(ticket.locator(".status")).to_have_text("確定済み")
        expect(ticket.locator("figure.ticket-qr svg")).to_be_visible()
        token = ticket.locator("code.ticket-token").inner_text().strip()
        assert token
        confirmed = booking.get_booking(booking_id)
        assert confirmed.status is BookingStatus.CONFIRMED
        assert confirmed.contact is not None
        assert confirmed.contact.name == "山田花子"
        assert dict(confirmed.units) == {"adult": 2, "child": 1}

        with browsing(browser, base, "en-US") as (operator, operator_external):
            operator.goto("/operator/login")
            operator.get_by_label("Email").fill(MANAGER)
            operator.get_by_label("Password").fill(PASSWORD)
            operator.get_by_role("button", name="Sign in").click()
            expect(operator).to_have_url(re.compile(r"/operator/slots"))

            operator.goto("/operator/checkin")
            expect(operator.locator("h1")).to_have_text("Check-in")
            operator.get_by_label("Ticket code").fill(token)
            operator.get_by_role("button", name="Check in").click()
            admitted = operator.locator("p.checkin-ok")
            expect(admitted).to_have_attribute("data-booking", booking_id)
            expect(admitted).to_contain_text("Welcome! Admitted")
            expect(admitted).to_contain_text("山田花子")
            assert booking.get_booking(booking_id).status is BookingStatus.REDEEMED

            # The same code a second time is refused.
            operator.get_by_label("Ticket code").fill(token)
            operator.get_by_role("button", name="Check in").click()
            refused = operator.locator("p.checkin-refused")
            expect(refused).to_have_attribute("data-code", "already_checked_in")
            expect(refused).to_have_text("This ticket was already used.")
            expect(operator.locator("p.checkin-ok")).to_have_count(0)
            assert operator_external == []

        # The visitor's booking page now says they are checked in.
        visitor.reload()
        expect(ticket).to_have_attribute("data-status", "REDEEMED")
        expect(ticket.locator(".status")).to_have_text("入場済み")
        expect(ticket.locator("figure.ticket-qr")).to_have_count(0)
        assert visitor_external == []


def _camera_video(token: str, path: Path) -> Path:
    """A one-frame Y4M video of the ticket's QR code on white, what a camera held up
    to the visitor's phone sees; Chromium's fake camera plays it in a loop. Small
    (320 x 240, 5 frames a second), so decoding it costs the other tests little CPU."""
    width, height = 320, 240
    code = Image.open(io.BytesIO(qr_png(token))).convert("L")
    side = min(width, height) - 40
    frame = Image.new("L", (width, height), 255)
    frame.paste(
        code.resize((side, side), Image.Resampling.NEAREST), ((width - side) // 2, 20)
    )
    y, cb, cr = frame.convert("RGB").convert("YCbCr").split()
    half = (width // 2, height // 2)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        out.write(b"FRAME\n")
        out.write(y.tobytes())
        out.write(cb.resize(half).tobytes())
        out.write(cr.resize(half).tobytes())
    return path


def _ticket(booking: BookingService, name: str) -> tuple[Booking, str]:
    """A confirmed booking of one adult at 20:30 for ``name``, and its ticket code."""
    placed = booking.book(
        BookingRequest(PRODUCT, OPTION, LATE_SHOW, {"adult": 1}, contact=Contact(name)),
        actor="e2e",
    )
    return placed, booking.issue_ticket(placed.id).token


def _sign_in(operator: Page) -> None:
    operator.goto("/operator/login")
    operator.get_by_label("Email").fill(MANAGER)
    operator.get_by_label("Password").fill(PASSWORD)
    operator.get_by_role("button", name="Sign in").click()
    expect(operator).to_have_url(re.compile(r"/operator/slots"))


def test_operator_checks_a_ticket_in_by_holding_its_qr_code_to_the_camera(
    browser: Browser,
    chromium_path: Path,
    booking_server: BookingServer,
    tmp_path: Path,
) -> None:
    booking = booking_server.booking
    placed, token = _ticket(booking, "Kim Min-ji")
    video = _camera_video(token, tmp_path / "ticket.y4m")
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # A second browser of the same Playwright session, with a fake camera playing the
    # video (the session's browser has no camera).
    with_camera = browser.browser_type.launch(
        executable_path=str(chromium_path), args=CHROMIUM_ARGS + camera
    )
    try:
        with browsing(with_camera, booking_server.url, "en-US") as (operator, external):
            operator.context.grant_permissions(["camera"])
            _sign_in(operator)
            operator.goto("/operator/checkin?lang=ko")
            expect(operator.locator(".checkin-scan")).to_be_visible()
            operator.get_by_role("button", name="카메라로 스캔").click()
            admitted = operator.locator("p.checkin-ok")
            expect(admitted).to_have_attribute("data-booking", placed.id)
            expect(admitted).to_contain_text("Kim Min-ji")
            assert booking.get_booking(placed.id).status is BookingStatus.REDEEMED

            # Ready for the next ticket: the camera is on again by itself, and the
            # ticket still in front of it is not sent a second time.
            expect(operator.locator(".scan-video")).to_be_visible()
            operator.wait_for_timeout(1500)
            expect(admitted).to_be_visible()
            expect(operator.locator("p.checkin-refused")).to_have_count(0)
            operator.get_by_role("button", name="카메라 끄기").click()
            expect(operator.locator(".scan-video")).to_be_hidden()
            operator.goto("/operator/checkin?lang=ko")  # stays off on the next visit
            expect(operator.locator(".scan-video")).to_be_hidden()
            assert external == []
    finally:
        with_camera.close()


def test_without_a_camera_the_page_says_so_and_the_typed_code_still_works(
    browser: Browser, booking_server: BookingServer
) -> None:
    booking = booking_server.booking
    placed, token = _ticket(booking, "Lê Văn An")
    with browsing(browser, booking_server.url, "en-US") as (operator, external):
        _sign_in(operator)
        operator.goto("/operator/checkin?lang=vi")
        operator.get_by_role("button", name="Quét bằng camera").click()
        expect(operator.locator(".scan-error")).to_have_text(
            "Không mở được camera; hãy nhập mã vé."
        )
        expect(operator.locator(".scan-video")).to_be_hidden()
        operator.get_by_label("Mã vé").fill(token)
        operator.locator("form.checkin-form button[type=submit]").click()
        expect(operator.locator("p.checkin-ok")).to_have_attribute(
            "data-booking", placed.id
        )
        assert external == []
