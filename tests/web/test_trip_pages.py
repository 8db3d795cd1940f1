"""The trip planner pages: the form, planning from it, the plan page with its maps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tourlink.catalog import AnyEntryT, load_catalog
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services

from .test_plans_api import trip_services

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalogue() -> list[AnyEntryT]:
    return list(load_catalog())


@pytest.fixture
def services(catalogue: list[AnyEntryT]) -> Services:
    return trip_services(catalogue, FixedClock(NOW))


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": "Sân bay Vân Đồn",
        "arrive": "2026-12-05T10:30",
        "end": "Noi Bai International Airport",
        "depart": "2026-12-07T18:00",
        "adults": "2",
        "interest_caves": "5",
        "pace": "normal",
        "diet": "none",
        "language": "ko",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("lang", ["vi", "ko", "hi"])
def test_the_planner_form_offers_points_interests_and_pace(
    client: TestClient, lang: str
) -> None:
    response = client.get(f"/trips?lang={lang}")
    assert response.status_code == 200
    assert response.headers["content-language"] == lang
    html = response.text
    assert 'id="trip-points"' in html
    assert 'name="interest_caves"' in html
    assert 'name="pace"' in html


def test_planning_from_the_form_shows_a_timeline_with_a_map_per_day(
    client: TestClient,
) -> None:
    response = client.post("/trips?lang=ko", data=form(), follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert html.count('class="trip-map map"') == 3
    assert "/api/v1/plans/" in html
    assert 'data-op="lock"' in html
    assert "/static/js/trips.js" in html


def test_a_form_that_cannot_be_planned_says_why_on_the_form(client: TestClient) -> None:
    response = client.post("/trips?lang=en", data=form(end="Atlantis Spaceport"))
    assert response.status_code == 422
    assert 'data-code="unknown_place"' in response.text
    assert "Atlantis" in response.text


def test_an_unknown_plan_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/trips/tp_missing", headers={"Accept": "text/html"})
    assert response.status_code == 404
