"""``/api/v1/packages``: compose, publish, quote, prices, capacity and group holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tourlink.accounts import Role
from tourlink.booking import BookingRequest, Contact
from tourlink.catalog import AnyEntryT, Experience, load_catalog
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services, memory_services
from tourlink.trips.currency import RateTable

from .conftest import PASSWORD, bearer

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
SAMPLE = "sample-van-don-cat-ba-chu-dau-4d"
FAMTRIP = "sample-famtrip-ha-long-cat-ba-2d"
BOOKABLE = {
    "bai-tu-long-kayak",
    "ngoc-rong-cave-art-performance",
    "lan-ha-bay-cruise",
    "chu-dau-pottery-workshop",
}
"""Only the sessions the packages use are opened (seeding all would slow every test)."""
FIRST = (TODAY + timedelta(days=7)).isoformat()


@pytest.fixture(scope="module")
def catalogue() -> list[AnyEntryT]:
    return list(load_catalog())


@pytest.fixture
def services(catalogue: list[AnyEntryT]) -> Services:
    svc = memory_services(catalogue, clock=FixedClock(NOW), booking=True)
    assert svc.booking is not None
    svc.booking.seed(  # type: ignore[attr-defined]
        [e for e in catalogue if isinstance(e, Experience) and e.id in BOOKABLE],
        days=12,
    )
    for role in Role:
        svc.accounts.add_user(f"{role.value}@example.org", role.value, role, PASSWORD)
    return svc


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "cave-and-pottery-2d",
        "name": {"en": "Caves and pottery, 2 days", "vi": "Hang động và gốm, 2 ngày"},
        "days": 2,
        "components": [
            {
                "entry_id": "hanoi-ha-long-coach",
                "role": "transport",
                "unit_cost_vnd": 400_000,
            },
            {
                "entry_id": "sample-hotel-bai-chay",
                "role": "accommodation",
                "unit_cost_vnd": 1_200_000,
                "basis": "per_room",
                "day": 1,
            },
            {
                "entry_id": "ngoc-rong-cave-art-performance",
                "role": "show",
                "unit_cost_vnd": 300_000,
                "day": 1,
            },
            {
                "entry_id": "chu-dau-pottery-workshop",
                "role": "visit",
                "unit_cost_vnd": 250_000,
                "day": 2,
            },
        ],
        "departures": [{"start": FIRST, "seats": 10}],
        "group_min": 2,
        "group_max": 10,
        "margin_percent": "20",
        "discounts": [
            {
                "name": "show + pottery",
                "entry_ids": [
                    "ngoc-rong-cave-art-performance",
                    "chu-dau-pottery-workshop",
                ],
                "percent": "10",
                "min_group": 4,
            }
        ],
        "markets": {"vi": "VND", "en": "USD", "ja": "JPY", "ko": "KRW", "hi": "INR"},
    }
    data.update(changes)
    return data


def create(
    client: TestClient, role: Role = Role.OPERATOR, **changes: Any
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/packages", json=body(**changes), headers=bearer(client, role)
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_samples_are_seeded_published_and_marked(client: TestClient) -> None:
    listed = client.get("/api/v1/packages?lang=ja").json()
    ids = {p["id"] for p in listed["items"]}
    assert {SAMPLE, FAMTRIP} <= ids
    sample = next(p for p in listed["items"] if p["id"] == SAMPLE)
    assert sample["sample"] is True
    assert sample["published"] is True
    assert sample["rates"]["sample"] is True
    assert sample["rates"]["as_of"] == "2026-11-01"
    assert "unit_cost_vnd" not in str(sample)  # costs are for operators only


def test_writes_need_an_operator_or_admin(client: TestClient) -> None:
    assert client.post("/api/v1/packages", json=body()).status_code == 401
    visitor = bearer(client, Role.VISITOR)
    response = client.post("/api/v1/packages", json=body(), headers=visitor)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert client.post(f"/api/v1/packages/{SAMPLE}/unpublish").status_code == 401


def test_crud_publish_and_ownership(client: TestClient) -> None:
    created = create(client)
    assert created["published"] is False
    assert created["owner"].startswith("user:")
    assert client.get("/api/v1/packages/cave-and-pottery-2d").status_code == 404
    op = bearer(client, Role.OPERATOR)
    assert (
        client.get("/api/v1/packages/cave-and-pottery-2d", headers=op).status_code
        == 200
    )
    again = client.post("/api/v1/packages", json=body(), headers=op)
    assert again.status_code == 409
    assert again.json()["code"] == "package_exists"
    changed = client.put(
        "/api/v1/packages/cave-and-pottery-2d",
        json=body(id=None, group_max=8),
        headers=op,
    )
    assert changed.status_code == 200
    assert changed.json()["group_max"] == 8
    published = client.post("/api/v1/packages/cave-and-pottery-2d/publish", headers=op)
    assert published.json()["published"] is True
    assert client.get("/api/v1/packages/cave-and-pottery-2d").status_code == 200
    # another operator's package: 403; an admin may change it
    assert (
        client.post(f"/api/v1/packages/{SAMPLE}/unpublish", headers=op).status_code
        == 403
    )
    admin = bearer(client, Role.ADMIN)
    assert (
        client.post(f"/api/v1/packages/{SAMPLE}/unpublish", headers=admin).status_code
        == 200
    )
    assert client.get(f"/api/v1/packages/{SAMPLE}").status_code == 404


def test_invalid_packages_answer_problems_with_field_paths(client: TestClient) -> None:
    op = bearer(client, Role.OPERATOR)
    bad = body(discounts=[])
    bad["components"][3]["entry_id"] = "no-such-workshop"
    response = client.post("/api/v1/packages", json=bad, headers=op)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/components/3/entry_id"
    bad = body(departures=[{"start": FIRST, "seats": 0}])
    fields = [
        e["field"]
        for e in client.post("/api/v1/packages", json=bad, headers=op).json()["errors"]
    ]
    assert fields == ["departures[0].seats"]
    bad = body(discounts=[{"name": "x", "entry_ids": ["ha-long-bay"], "percent": "5"}])
    problem = client.post("/api/v1/packages", json=bad, headers=op).json()
    assert problem["errors"][0]["pointer"] == "/body/discounts/0/entry_ids"
    bad = body(guests=[{"name": "A"}])
    assert (
        client.post("/api/v1/packages", json=bad, headers=op).json()["errors"][0][
            "field"
        ]
        == "guests"
    )


def test_quote_through_the_api_matches_the_domain_exactly(client: TestClient) -> None:
    create(client)
    op = bearer(client, Role.OPERATOR)
    quote = client.get(
        "/api/v1/packages/cave-and-pottery-2d/quote?group=8&currency=JPY", headers=op
    ).json()
    # 8 x 400k + 4 rooms x 1.2M + 8 x 300k + 8 x 250k = 12,400,000
    assert quote["supplier_cost_vnd"] == 12_400_000
    assert Decimal(quote["discounts_vnd"]) == Decimal(440_000)  # 10 % of 2.4M + 2M
    assert Decimal(quote["price_group_vnd"]) == Decimal(14_352_000)  # 11.96M x 1.2
    assert Decimal(quote["price_per_person_vnd"]) == Decimal(1_794_000)
    assert Decimal(quote["price_per_person"]) == Decimal(
        10_430
    )  # 1,794,000 / 172 = 10430.2
    assert [s["step"] for s in quote["steps"]][-1] == "price_group"
    from tourlink.web.api.package_schemas import package_service

    record = next(
        r
        for r in _store(client).packages(include_drafts=True)
        if r.id == "cave-and-pottery-2d"
    )
    domain = record.package.quote(8, "JPY", RateTable())
    assert quote["price_group"] == str(domain.price_group)
    assert package_service is not None


def _store(client: TestClient) -> Any:
    return client.app.state.packages[1]  # type: ignore[attr-defined]


@pytest.mark.parametrize("currency", ["VND", "USD", "JPY", "KRW", "INR"])
def test_every_market_currency_is_quoted(client: TestClient, currency: str) -> None:
    quote = client.get(
        f"/api/v1/packages/{SAMPLE}/quote?group=8&currency={currency}"
    ).json()
    assert quote["currency"] == currency
    assert quote["sample_rates"] is True
    minor = Decimal(quote["price_per_person"]).as_tuple().exponent
    assert minor == (-2 if currency in ("USD", "INR") else 0)


def test_bad_quotes_point_at_the_query(client: TestClient) -> None:
    problem = client.get(f"/api/v1/packages/{SAMPLE}/quote?group=8&currency=EUR").json()
    assert problem["code"] == "unsupported_currency"
    assert problem["errors"][0]["pointer"] == "/query/currency"
    problem = client.get(f"/api/v1/packages/{SAMPLE}/quote?group=40").json()
    assert problem["errors"][0]["pointer"] == "/query/group"


def test_prices_per_market_show_the_rate_table(client: TestClient) -> None:
    prices = client.get(f"/api/v1/packages/{SAMPLE}/prices?group=8").json()
    assert prices["rates"]["sample"] is True
    assert prices["markets"]["ja"]["currency"] == "JPY"
    assert prices["markets"]["hi"]["currency"] == "INR"


def test_famtrip_is_free_and_has_a_guest_list(client: TestClient) -> None:
    quote = client.get(f"/api/v1/packages/{FAMTRIP}/quote?group=3&currency=KRW").json()
    assert quote["price_per_person"] == "0"
    assert quote["price_group"] == "0"
    assert int(quote["supplier_cost_vnd"]) > 0
    admin = bearer(client, Role.ADMIN)
    guests = client.get(f"/api/v1/packages/{FAMTRIP}", headers=admin).json()["guests"]
    assert {g["market"] for g in guests} == {"ja", "ko", "hi"}


def test_hold_takes_seats_and_sessions_all_or_nothing(
    client: TestClient, services: Services
) -> None:
    create(client)
    op = bearer(client, Role.OPERATOR)
    base = "/api/v1/packages/cave-and-pottery-2d"
    check = client.get(f"{base}/departures/{FIRST}/capacity?group=6", headers=op).json()
    assert check["fits"]
    assert check["seats_left"] == 10
    assert {s["entry_id"] for s in check["sessions"]} == {
        "ngoc-rong-cave-art-performance",
        "chu-dau-pottery-workshop",
    }
    held = client.post(
        f"{base}/departures/{FIRST}/holds",
        json={"group_size": 6, "holder": "Kanko group"},
        headers=op,
    )
    assert held.status_code == 201, held.text
    assert held.json()["seats_left"] == 4
    assert held.json()["booking_package_id"]
    assert len(held.json()["sessions"]) == 2
    # the pottery workshop on day 2 is nearly full now (20 places, 6 held): walk-ins
    # take 12 more at 09:00 and 17 at 14:00, so a group of 4 fits in neither session
    assert services.booking is not None
    morning = held.json()["sessions"][1]["slot_id"]
    for slot, people in ((morning, 12), (morning.replace("0900", "1400"), 17)):
        services.booking.book(
            BookingRequest(
                "chu-dau-pottery-workshop",
                "standard",
                slot,
                {"person": people},
                contact=Contact("Walk-in"),
            )
        )
    before = services.booking.availability(
        held.json()["sessions"][0]["slot_id"], "standard"
    ).remaining
    refused = client.post(
        f"{base}/departures/{FIRST}/holds",
        json={"group_size": 4, "holder": "B"},
        headers=op,
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "package_sold_out"
    after = services.booking.availability(
        held.json()["sessions"][0]["slot_id"], "standard"
    ).remaining
    assert after == before  # nothing of the second group was held
    assert client.get(base, headers=op).json()["departures"][0]["seats_left"] == 4
    too_many = client.post(
        f"{base}/departures/{FIRST}/holds",
        json={"group_size": 5, "holder": "C"},
        headers=op,
    )
    assert too_many.status_code == 409
    released = client.delete(f"{base}/holds/{held.json()['id']}", headers=op)
    assert released.json()["departures"][0]["seats_left"] == 10


def test_a_retried_hold_returns_the_same_hold_and_a_reused_key_is_refused(
    client: TestClient,
) -> None:
    create(client)
    op = bearer(client, Role.OPERATOR)
    base = f"/api/v1/packages/cave-and-pottery-2d/departures/{FIRST}/holds"
    key = {**op, "Idempotency-Key": "kanko-2026-12-01"}
    body = {"group_size": 6, "holder": "Kanko group"}
    first = client.post(base, json=body, headers=key)
    again = client.post(base, json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["seats_left"] == 4
    other = client.post(base, json={**body, "group_size": 2}, headers=key)
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert other.json()["errors"][0]["field"] == "idempotency_key"
    package = client.get("/api/v1/packages/cave-and-pottery-2d", headers=op).json()
    assert package["departures"][0]["seats_left"] == 4


def test_unknown_departure_is_a_problem(client: TestClient) -> None:
    problem = client.get(
        f"/api/v1/packages/{SAMPLE}/departures/2030-01-01/capacity?group=4"
    ).json()
    assert problem["code"] == "unknown_departure"


@pytest.mark.parametrize("how", ["query", "accept"])
def test_public_package_as_tourist_trip_jsonld(client: TestClient, how: str) -> None:
    if how == "query":
        response = client.get(f"/api/v1/packages/{SAMPLE}?format=jsonld&lang=ko")
    else:
        response = client.get(
            f"/api/v1/packages/{SAMPLE}?lang=ko",
            headers={"Accept": "application/ld+json"},
        )
    assert response.headers["content-type"].startswith("application/ld+json")
    data = response.json()
    assert data["@type"] == "TouristTrip"
    assert data["inLanguage"] == "ko"
    assert data["itinerary"]["numberOfItems"] == 10
    assert "KRW" in {o["priceCurrency"] for o in data["offers"]}
