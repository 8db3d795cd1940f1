"""The booking engine in a real browser: a visitor books a show in Japanese and gets the
QR code; an operator checks it in.

The server runs over memory services with the cave show of ``tests/web/octo/seed.py``
(19:00 and 20:30 on 5 and 6 December 2026) and a clock stopped at 10:00 local on
5 December, so the sessions are always in the future.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.helpers import serve_in_thread
from tests.web.fixtures import fixture_entries
from tests.web.octo.seed import NOW, OPTION, PRODUCT, attach_booking, slot_id
from tourlink.accounts import Role
from tourlink.booking import BookingService, BookingStatus
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
