"""``/api/v1/plans``: plan, read, edit, export and book trips over the bundled catalogue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tourlink.booking import BookingRequest, Contact
from tourlink.catalog import AnyEntryT, Experience, load_catalog
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services, memory_services
from tourlink.services.trips import TripService
from tourlink.trips import MemoryAvailability
from tourlink.web.octo.directory import BookingDirectory

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
CAVE_SHOW = "ngoc-rong-cave-art-performance"


@pytest.fixture(scope="module")
def catalogue() -> list[AnyEntryT]:
    return list(load_catalog())


def trip_services(entries: list[AnyEntryT], clock: FixedClock) -> Services:
    """Memory services with bookings seeded for two weeks and a reproducible planner."""
    svc = memory_services(entries, clock=clock, booking=True)
    assert svc.booking is not None
    svc.booking.seed(  # type: ignore[attr-defined]
        [e for e in entries if isinstance(e, Experience)], days=14
    )
    svc.trips = TripService(
        svc.catalog, MemoryAvailability(), clock, time_limit=None, max_iterations=1000
    )
    return svc


@pytest.fixture
def services(catalogue: list[AnyEntryT]) -> Services:
    return trip_services(catalogue, FixedClock(NOW))


def wish(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "start_date": "2026-12-05",
        "days": 3,
        "arrival": {
            "point": "Van Don International Airport",
            "time": "10:30",
            "by": "flight",
        },
        "departure": {"point": "Sân bay Nội Bài", "time": "18:00", "by": "flight"},
        "party": {"adults": 2},
        "interests": {"caves": 5, "performances": 4},
        "language": "ko",
    }
    body.update(changes)
    return body


@pytest.fixture
def planned(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/v1/plans", json=wish())
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    return plan


def items(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for day in plan["days"] for item in day["items"]]


def test_a_planned_trip_has_days_of_timed_items_costs_and_a_route(
    planned: dict[str, Any],
) -> None:
    assert len(planned["days"]) == 3
    kinds = {item["kind"] for item in items(planned)}
    assert {"travel", "meal", "hotel", "show"} <= kinds
    for item in items(planned):
        assert datetime.fromisoformat(item["start"]).utcoffset() is not None
        assert item["start"].endswith("+07:00")
        if item["kind"] == "travel":
            assert item["mode"]
            assert item["minutes"] > 0
        else:
            assert item["id"]
    assert planned["total_cost"]["total"] == sum(
        planned["total_cost"][k] for k in ("tickets", "meals", "hotels", "transport")
    )
    assert len(planned["route"]) == 3
    assert planned["links"]["ics"] == f"/api/v1/plans/{planned['id']}.ics"


def test_a_stored_plan_is_read_back_by_id(
    client: TestClient, planned: dict[str, Any]
) -> None:
    response = client.get(planned["links"]["self"])
    assert response.status_code == 200
    assert response.json()["days"] == planned["days"]


def test_locking_an_item_keeps_it_when_re_planning(
    client: TestClient, planned: dict[str, Any]
) -> None:
    show = next(
        (d["day"], i)
        for d in planned["days"]
        for i in d["items"]
        if i["kind"] == "show"
    )
    day, item = show
    response = client.post(
        planned["links"]["edits"],
        json={"edits": [{"op": "lock", "id": item["id"], "day": day}]},
    )
    assert response.status_code == 200, response.text
    replanned = response.json()
    assert {"id": item["id"], "day": day, "start": item["start"]} in replanned["locked"]
    kept = [i for i in items(replanned) if i["id"] == item["id"]]
    assert kept
    assert kept[0]["start"] == item["start"]


def test_removing_an_item_re_plans_without_it(
    client: TestClient, planned: dict[str, Any]
) -> None:
    visit = next(i for i in items(planned) if i["kind"] in ("visit", "show"))
    response = client.post(
        planned["links"]["edits"], json={"edits": [{"op": "remove", "id": visit["id"]}]}
    )
    assert response.status_code == 200, response.text
    assert visit["id"] not in {i["id"] for i in items(response.json())}


def test_an_edit_naming_nothing_in_the_plan_is_an_invalid_edit(
    client: TestClient, planned: dict[str, Any]
) -> None:
    response = client.post(
        planned["links"]["edits"],
        json={"edits": [{"op": "lock", "id": "bai-chay-beach", "day": 1}]},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_edit"


def test_the_ics_export_is_a_calendar_with_one_event_per_stop(
    client: TestClient, planned: dict[str, Any]
) -> None:
    response = client.get(planned["links"]["ics"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    stops = [i for i in items(planned) if i["kind"] != "travel"]
    assert response.text.count("BEGIN:VEVENT") == len(stops)


def test_a_korean_plan_downloads_as_a_pdf_with_the_korean_font(
    client: TestClient, planned: dict[str, Any]
) -> None:
    response = client.get(planned["links"]["pdf"])
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert b"NotoSansKorean" in response.content


def test_an_english_plan_downloads_as_a_pdf(client: TestClient) -> None:
    created = client.post("/api/v1/plans", json=wish(language="en")).json()
    response = client.get(created["links"]["pdf"])
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_booking_the_plan_confirms_its_shows_as_one_package_with_qr_codes(
    client: TestClient, planned: dict[str, Any]
) -> None:
    response = client.post(
        planned["links"]["book"], json={"contact": {"name": "Kim Minji"}}
    )
    assert response.status_code == 201, response.text
    booked = response.json()
    assert booked["package_id"].startswith("pk")
    assert booked["items"], booked
    shows = {i["id"] for i in items(planned) if i["kind"] == "show"}
    assert {i["id"] for i in booked["items"]} <= shows
    for item in booked["items"]:
        assert item["status"] == "CONFIRMED"
        assert item["qr_svg"].startswith("<?xml") or "<svg" in item["qr_svg"]
        assert item["units"] == {"adult": 2} or item["units"] == {"person": 2}


def test_a_sold_out_item_books_nothing_and_offers_other_sessions(
    client: TestClient, planned: dict[str, Any], services: Services
) -> None:
    assert services.booking is not None
    show = next(i for i in items(planned) if i["id"] == CAVE_SHOW)
    directory = BookingDirectory(services.booking)
    start = datetime.fromisoformat(show["start"])
    slot = next(s for s in directory.slots(CAVE_SHOW) if s.start == start)
    services.booking.book(  # another party buys the session out meanwhile
        BookingRequest(
            CAVE_SHOW, "standard", slot.id, {"adult": 60}, contact=Contact("Tour desk")
        )
    )
    response = client.post(
        planned["links"]["book"], json={"contact": {"name": "Kim Minji"}}
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "plan_item_sold_out"
    assert problem["item"] == CAVE_SHOW
    assert problem["alternatives"]
    assert all(a["slot_id"] != slot.id for a in problem["alternatives"])


def test_an_unknown_plan_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/plans/tp_nothing")
    assert response.status_code == 404
    assert response.json()["code"] == "plan_not_found"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"start_date": "2026-11-20"}, "dates_in_past"),
        (
            {
                "days": 1,
                "arrival": {
                    "point": "van-don-airport",
                    "time": "19:00",
                    "by": "flight",
                },
            },
            "arrival_after_departure",
        ),
        (
            {"departure": {"point": "Atlantis Spaceport", "time": "18:00"}},
            "unknown_place",
        ),
        ({"budget_per_person_vnd": 100_000}, "budget_below_hotels"),
        (
            {
                "days": 1,
                "arrival": {"point": "Hanoi", "time": "09:00"},
                "departure": {"point": "Hanoi", "time": "17:00"},
                "must_see": ["Co To Island", "Tam Coc", "Yen Tu"],
            },
            "must_see_impossible",
        ),
    ],
)
def test_a_wish_that_cannot_be_met_answers_why_and_what_would_help(
    raw_client: TestClient, changes: dict[str, Any], code: str
) -> None:
    response = raw_client.post("/api/v1/plans", json=wish(**changes))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    assert problem["explanation"]
    assert problem["suggestion"]


def test_a_broken_field_is_a_field_error_not_a_plan(raw_client: TestClient) -> None:
    response = raw_client.post("/api/v1/plans", json=wish(days=12))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "days"
