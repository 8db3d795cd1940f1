from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.helpers import place
from tourlink.core.errors import InvalidInputError
from tourlink.core.i18n import I18nText
from tourlink.trips.currency import RateTable, round_money
from tourlink.trips.packages import (
    BundleDiscount,
    Component,
    Departure,
    Guest,
    Package,
    to_jsonld,
)

NAME = I18nText(
    {"vi": "Di sản Quảng Ninh – Hải Phòng", "en": "Quang Ninh – Hai Phong heritage"}
)


def heritage_package(**overrides: object) -> Package:
    """Coach 400k pp, 2 nights at 1.2M per room, cruise 6M per group, show 300k pp."""
    fields: dict[str, object] = {
        "id": "heritage-3d",
        "name": NAME,
        "days": 3,
        "components": (
            Component("hanoi-coach", "transport", 400_000),
            Component(
                "cat-ba-hotel", "accommodation", 1_200_000, "per_room", quantity=2
            ),
            Component("lan-ha-cruise", "transport", 6_000_000, "per_group"),
            Component("cave-show", "show", 300_000),
        ),
        "departures": (Departure(date(2026, 12, 12), seats=20),),
        "group_min": 2,
        "group_max": 20,
        "margin_percent": Decimal(20),
        "markets": {"vi": "VND", "en": "USD", "ja": "JPY", "ko": "KRW", "hi": "INR"},
    }
    fields.update(overrides)
    return Package(**fields)  # type: ignore[arg-type]


def test_supplier_cost_counts_people_rooms_and_groups() -> None:
    quote = heritage_package().quote(5)
    # 5 x 400k + 3 rooms x 1.2M x 2 nights + 6M + 5 x 300k
    assert quote.supplier_cost_vnd == 2_000_000 + 7_200_000 + 6_000_000 + 1_500_000


def test_margin_applies_to_the_net_cost_and_price_per_person_rounds_half_up() -> None:
    quote = heritage_package().quote(3)
    # 3 x 400k + 2 rooms x 1.2M x 2 + 6M + 3 x 300k = 12,900,000; x 1.2 = 15,480,000
    assert quote.net_cost_vnd == Decimal(12_900_000)
    assert quote.price_group_vnd == Decimal(15_480_000)
    assert quote.price_per_person_vnd == Decimal(5_160_000)


def test_bundle_discount_covers_only_its_components_above_its_group_minimum() -> None:
    discount = BundleDiscount(
        "cruise + show", ("lan-ha-cruise", "cave-show"), Decimal(10), 4
    )
    package = heritage_package(discounts=(discount,))
    assert package.quote(3).discounts_vnd == 0
    quote = package.quote(4)
    # 10 % of (6M + 4 x 300k)
    assert quote.discounts_vnd == Decimal(720_000)
    assert quote.net_cost_vnd == Decimal(quote.supplier_cost_vnd) - Decimal(720_000)


def test_prices_convert_to_each_market_currency_with_its_rounding() -> None:
    rates = RateTable(
        {
            "VND": Decimal(1),
            "USD": Decimal(26_000),
            "JPY": Decimal(170),
            "KRW": Decimal(19),
            "INR": Decimal(310),
        }
    )
    prices = heritage_package().market_prices(3, rates)
    per_person = Decimal(5_160_000)
    assert prices["vi"].price_per_person == per_person
    assert prices["en"].price_per_person == Decimal("198.46")  # 198.4615...
    assert prices["ja"].price_per_person == Decimal(30_353)  # 30352.94...
    assert prices["ko"].price_per_person == Decimal(271_579)  # 271578.947...
    assert prices["hi"].price_per_person == Decimal("16645.16")  # 16645.161...
    assert prices["en"].price_group == Decimal("595.38")


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_money(Decimal("0.125"), "USD") == Decimal("0.13")
    assert round_money(Decimal("2.5"), "JPY") == Decimal(3)


def test_famtrip_costs_nothing_to_guests_but_keeps_its_costs() -> None:
    guests = (
        Guest("Sato Aiko", "Kanko Travel", "ja"),
        Guest("Kim Min-jun", "Hana Tour", "ko"),
    )
    quote = heritage_package(famtrip=True, guests=guests).quote(2, "JPY")
    assert quote.price_per_person == 0
    assert quote.price_group == 0
    assert quote.net_cost_vnd > 0


def test_guest_list_belongs_only_to_famtrips() -> None:
    with pytest.raises(InvalidInputError, match="only a famtrip"):
        heritage_package(guests=(Guest("A"),))


@pytest.mark.parametrize(
    ("size", "currency", "field"),
    [(1, "VND", "group_size"), (21, "VND", "group_size"), (5, "EUR", "currency")],
)
def test_bad_quotes_name_the_field(size: int, currency: str, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        heritage_package().quote(size, currency)
    assert info.value.field == field


def test_discount_on_a_component_the_package_lacks_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="not components"):
        heritage_package(discounts=(BundleDiscount("x", ("nowhere",), Decimal(5)),))


def test_unknown_departure_is_a_specific_error() -> None:
    with pytest.raises(InvalidInputError) as info:
        heritage_package().departure_on(date(2026, 12, 13))
    assert info.value.code == "unknown_departure"


def test_jsonld_is_a_tourist_trip_with_itinerary_and_offers_per_market() -> None:
    entries = {
        e: place(e)
        for e in ("hanoi-coach", "cat-ba-hotel", "lan-ha-cruise", "cave-show")
    }
    data = to_jsonld(heritage_package(), "ja", entries, base_url="https://example.org")
    assert data["@type"] == "TouristTrip"
    assert data["itinerary"]["numberOfItems"] == 4
    assert {o["priceCurrency"] for o in data["offers"]} == {
        "VND",
        "USD",
        "JPY",
        "KRW",
        "INR",
    }
    assert data["subjectOf"][0]["startDate"] == "2026-12-12"
