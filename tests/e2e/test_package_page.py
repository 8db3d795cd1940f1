"""Browser test: a Japanese visitor reads the sample package in yen, with its itinerary."""

from __future__ import annotations

import json

import pytest

from .conftest import Visit

SAMPLE = "sample-van-don-cat-ba-chu-dau-4d"

pytestmark = pytest.mark.e2e


def test_japanese_package_page_shows_yen_and_the_itinerary(visit: Visit) -> None:
    page = visit.page
    visit.goto(f"/packages/{SAMPLE}?lang=ja")
    assert page.locator("html").get_attribute("lang") == "ja"
    price = page.locator("#package-price").inner_text()
    assert "￥" in price
    assert page.locator(".package-day h3").first.inner_text() == "1日目"
    assert page.locator(".package-day").count() == 4
    itinerary = page.locator(".package-itinerary").inner_text()
    assert "ゴックロン洞窟" in itinerary
    assert page.locator(".badge-sample").first.is_visible()
    data = json.loads(
        page.locator('head script[type="application/ld+json"]').inner_text()
    )
    assert data["@type"] == "TouristTrip"
    assert "JPY" in {o["priceCurrency"] for o in data["offers"]}
    page.wait_for_function("document.getElementById('map').dataset.markers > 0")
    assert visit.external == []
