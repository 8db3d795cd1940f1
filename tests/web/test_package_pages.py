"""Package pages: the public page in six languages and the operator's composer."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tourlink.accounts import Role
from tourlink.catalog import AnyEntryT, load_catalog
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services, memory_services

from .conftest import PASSWORD

SAMPLE = "sample-van-don-cat-ba-chu-dau-4d"
CURRENCY_SIGNS = {"vi": "₫", "en": "$", "ja": "￥", "ko": "₩", "zh": "US$", "hi": "₹"}
DAY_ONE = {
    "vi": "Ngày 1",
    "en": "Day 1",
    "ja": "1日目",
    "ko": "1일차",
    "zh": "第1天",
    "hi": "दिन 1",
}


@pytest.fixture(scope="module")
def catalogue() -> list[AnyEntryT]:
    return list(load_catalog())


@pytest.fixture
def services(catalogue: list[AnyEntryT]) -> Services:
    svc = memory_services(
        catalogue, clock=FixedClock(datetime(2026, 12, 1, 3, tzinfo=UTC))
    )
    for role in Role:
        svc.accounts.add_user(f"{role.value}@example.org", role.value, role, PASSWORD)
    return svc


def head_jsonld(html: str) -> dict[str, object]:
    head = html.split("</head>")[0]
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert found, "no JSON-LD in <head>"
    data: dict[str, object] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize("lang", ["vi", "en", "ja", "ko", "zh", "hi"])
def test_public_page_in_every_language(client: TestClient, lang: str) -> None:
    response = client.get(f"/packages/{SAMPLE}?lang={lang}")
    assert response.status_code == 200
    assert response.headers["content-language"] == lang
    html = response.text
    data = head_jsonld(html)
    assert data["@type"] == "TouristTrip"
    assert data["inLanguage"] == lang
    assert "badge-sample" in html
    price = re.search(r'id="package-price">([^<]+)<', html)
    assert price
    assert CURRENCY_SIGNS[lang] in price.group(1)
    assert DAY_ONE[lang] in html
    assert f"/api/v1/packages/{SAMPLE}.pdf?lang={lang}" in html
    assert "@media print" in html


def test_package_list_and_unknown_package(client: TestClient) -> None:
    assert SAMPLE in client.get("/packages?lang=ko").text
    assert client.get("/packages/no-such-package").status_code == 404


def login(client: TestClient, role: Role) -> str:
    response = client.post(
        "/operator/login",
        data={"email": f"{role.value}@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get("/operator/packages/new")
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found
    return found.group(1)


def test_operator_composes_a_package_and_sees_the_quote(client: TestClient) -> None:
    assert client.get("/operator/packages/new").status_code == 401
    csrf = login(client, Role.OPERATOR)
    form = {
        "csrf": csrf,
        "id": "pottery-day",
        "name_en": "Pottery day",
        "days": "1",
        "entry_0": "chu-dau-pottery-workshop",
        "role_0": "visit",
        "cost_0": "300000",
        "basis_0": "per_person",
        "quantity_0": "1",
        "day_0": "1",
        "entry_1": "hanoi-ha-long-coach",
        "role_1": "transport",
        "cost_1": "3000000",
        "basis_1": "per_group",
        "quantity_1": "1",
        "departures": "2026-12-20 12",
        "group_min": "2",
        "group_max": "12",
        "margin": "10",
        "market_ja": "JPY",
    }
    response = client.post("/operator/packages", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    quote = client.get("/operator/packages/pottery-day?group=6&currency=JPY")
    # (6 x 300k + 3M) x 1.1 = 5,280,000; / 6 = 880,000 VND; / 172 = 5116.28 -> 5116 JPY
    assert 'data-step="price_per_person">5116 JPY' in quote.text
    bad = {**form, "id": "pottery-two", "entry_0": "no-such-entry"}
    refused = client.post("/operator/packages", data=bad)
    assert refused.status_code == 422
    assert "components[0].entry_id" in refused.text


def test_site_managers_may_not_compose_packages(client: TestClient) -> None:
    client.post(
        "/operator/login",
        data={"email": "site_manager@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert client.get("/operator/packages/new").status_code == 403
