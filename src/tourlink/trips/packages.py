"""Tour operators' packages: inter-provincial bundles with costs, margin and market prices.

A package links catalogue entries — a coach from Hanoi, a night cruise in Bai Tu Long,
a cave show in Cam Pha, a pottery workshop in Chu Dau, hotel nights, meals — into a
product sold on fixed departures to groups of a set size. Its price comes from the
suppliers' costs (per person, per group or per room), minus the bundle discounts agreed
with providers, plus the operator's margin, converted into each market's currency:

    supplier cost  = Σ per-person cost × size + Σ per-group cost + Σ per-room cost × rooms
    discounts      = Σ percent × cost of the components a discount covers (if size ≥ its minimum)
    net cost       = supplier cost − discounts
    group price    = net cost × (1 + margin %)          (exact Decimal)
    price / person = group price ÷ size, rounded half up to 1 VND, then converted and
                     rounded to the market currency's minor unit (``currency.py``)

Rooms hold two people (``ROOM_OCCUPANCY``), so a group of 5 takes 3 rooms. A famtrip —
agents invited to survey a destination — is a package with a guest list and a price of
zero; its costs are still computed, because someone (the department, the providers)
covers them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from tourlink.catalog import AnyEntryT
from tourlink.core.errors import InvalidInputError
from tourlink.core.i18n import I18nText

from .currency import CURRENCIES, RateTable, check_currency, round_money

ROOM_OCCUPANCY = 2
"""People per hotel room when a cost is per room."""

CostBasis = Literal["per_person", "per_group", "per_room"]
ComponentRole = Literal[
    "transport", "accommodation", "meal", "show", "visit", "guide", "other"
]


def _require(condition: bool, message: str, field: str) -> None:
    if not condition:
        raise InvalidInputError(message, field=field)


@dataclass(frozen=True)
class Component:
    """One bought-in part of a package, e.g. two nights at a Cat Ba hotel per room.

    ``unit_cost_vnd`` is what the supplier charges per unit of ``basis``; ``quantity``
    counts nights, meals or rides.
    """

    entry_id: str
    role: ComponentRole
    unit_cost_vnd: int
    basis: CostBasis = "per_person"
    quantity: int = 1
    day: int | None = None
    """The package day (1-based) the component belongs to, for the itinerary."""

    def __post_init__(self) -> None:
        _require(self.unit_cost_vnd >= 0, "unit_cost_vnd must be ≥ 0", "unit_cost_vnd")
        _require(
            self.quantity >= 1,
            f"quantity must be ≥ 1 (got {self.quantity})",
            "quantity",
        )
        _require(self.day is None or self.day >= 1, "day counts from 1", "day")

    def cost_vnd(self, group_size: int) -> int:
        """The component's cost for a group of ``group_size`` people."""
        if self.basis == "per_person":
            units = group_size
        elif self.basis == "per_room":
            units = math.ceil(group_size / ROOM_OCCUPANCY)
        else:
            units = 1
        return self.unit_cost_vnd * units * self.quantity


@dataclass(frozen=True)
class BundleDiscount:
    """A discount a provider grants when its services are sold together.

    ``BundleDiscount("Cruise + cave show", ("bai-tu-long-cruise", "cave-show"), Decimal(10),
    min_group=10)`` takes 10 % off those two components for groups of ten or more.
    """

    name: str
    entry_ids: tuple[str, ...]
    percent: Decimal
    min_group: int = 1

    def __post_init__(self) -> None:
        _require(
            Decimal(0) < self.percent <= Decimal(100),
            f"a discount is between 0 and 100 % (got {self.percent})",
            "percent",
        )
        _require(
            bool(self.entry_ids),
            "a discount must cover at least one component",
            "entry_ids",
        )


@dataclass(frozen=True)
class Departure:
    """A fixed departure date with the seats on sale."""

    start: date
    seats: int

    def __post_init__(self) -> None:
        _require(self.seats >= 1, f"seats must be ≥ 1 (got {self.seats})", "seats")


@dataclass(frozen=True)
class Guest:
    """A famtrip guest: an agent invited to survey the destination."""

    name: str
    organisation: str = ""
    market: str = ""


@dataclass(frozen=True)
class QuoteLine:
    """One component's share of a quote (VND, for the whole group)."""

    entry_id: str
    role: ComponentRole
    cost_vnd: int
    discount_vnd: Decimal


@dataclass(frozen=True)
class Quote:
    """What a group pays for a package, with every step of the arithmetic."""

    group_size: int
    currency: str
    supplier_cost_vnd: int
    discounts_vnd: Decimal
    net_cost_vnd: Decimal
    margin_vnd: Decimal
    price_group_vnd: Decimal
    price_per_person_vnd: Decimal
    price_per_person: Decimal
    price_group: Decimal
    lines: tuple[QuoteLine, ...]
    rates_as_of: date
    sample_rates: bool


@dataclass(frozen=True)
class Package:
    """An inter-provincial package sold by a tour operator.

    Parameters
    ----------
    id, name, description
        Identity and texts in the six languages.
    days
        Length in days.
    components
        What the operator buys in; each refers to a catalogue entry.
    departures
        Fixed departure dates with seats.
    group_min, group_max
        Group size limits per booking.
    margin_percent
        The operator's margin on the net cost.
    discounts
        Bundle discounts agreed with providers.
    markets
        Markets the package is sold in and their currency (``{"ja": "JPY"}``).
    famtrip
        A famtrip has a guest list and costs nothing to its guests.
    """

    id: str
    name: I18nText
    days: int
    components: tuple[Component, ...]
    departures: tuple[Departure, ...] = ()
    group_min: int = 1
    group_max: int = 40
    margin_percent: Decimal = Decimal(15)
    discounts: tuple[BundleDiscount, ...] = ()
    description: I18nText = field(default_factory=I18nText)
    markets: Mapping[str, str] | None = None
    famtrip: bool = False
    guests: tuple[Guest, ...] = ()
    operator: str = ""
    sample: bool = True

    def __post_init__(self) -> None:
        _require(1 <= self.days <= 30, f"days must be 1..30 (got {self.days})", "days")
        _require(
            bool(self.components),
            "a package needs at least one component",
            "components",
        )
        _require(
            1 <= self.group_min <= self.group_max,
            f"group limits must satisfy 1 ≤ min ≤ max (got {self.group_min}..{self.group_max})",
            "group_min",
        )
        _require(
            Decimal(0) <= self.margin_percent <= Decimal(500),
            f"margin must be 0..500 % (got {self.margin_percent})",
            "margin_percent",
        )
        ids = {c.entry_id for c in self.components}
        for i, discount in enumerate(self.discounts):
            missing = [e for e in discount.entry_ids if e not in ids]
            _require(
                not missing,
                f"discount {discount.name!r} covers {missing}, which are not components",
                f"discounts[{i}].entry_ids",
            )
        for market, currency in (self.markets or {}).items():
            _require(
                currency in CURRENCIES,
                f"market {market!r} uses {currency!r}; use one of {', '.join(CURRENCIES)}",
                f"markets.{market}",
            )
        _require(
            not self.guests or self.famtrip,
            "only a famtrip has a guest list",
            "guests",
        )

    def quote(
        self, group_size: int, currency: str = "VND", rates: RateTable | None = None
    ) -> Quote:
        """Price the package for a group of ``group_size`` in ``currency``."""
        code = check_currency(currency)
        _require(
            self.group_min <= group_size <= self.group_max,
            f"group size must be {self.group_min}..{self.group_max} (got {group_size})",
            "group_size",
        )
        table = rates or RateTable()
        lines: list[QuoteLine] = []
        for component in self.components:
            cost = component.cost_vnd(group_size)
            percent = sum(
                (
                    d.percent
                    for d in self.discounts
                    if component.entry_id in d.entry_ids and group_size >= d.min_group
                ),
                Decimal(0),
            )
            discount = Decimal(cost) * min(percent, Decimal(100)) / Decimal(100)
            lines.append(QuoteLine(component.entry_id, component.role, cost, discount))
        supplier = sum(line.cost_vnd for line in lines)
        discounts = sum((line.discount_vnd for line in lines), Decimal(0))
        net = Decimal(supplier) - discounts
        margin = net * self.margin_percent / Decimal(100)
        group_price = Decimal(0) if self.famtrip else net + margin
        per_person_vnd = (group_price / Decimal(group_size)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        per_person = table.convert(per_person_vnd, code)
        return Quote(
            group_size=group_size,
            currency=code,
            supplier_cost_vnd=supplier,
            discounts_vnd=discounts,
            net_cost_vnd=net,
            margin_vnd=Decimal(0) if self.famtrip else margin,
            price_group_vnd=group_price,
            price_per_person_vnd=per_person_vnd,
            price_per_person=per_person,
            price_group=round_money(per_person * group_size, code),
            lines=tuple(lines),
            rates_as_of=table.as_of,
            sample_rates=table.sample,
        )

    def market_prices(
        self, group_size: int, rates: RateTable | None = None
    ) -> dict[str, Quote]:
        """The quote in every market's currency, keyed by market."""
        markets = self.markets or {"vi": "VND"}
        return {m: self.quote(group_size, c, rates) for m, c in markets.items()}

    def departure_on(self, day: date) -> Departure:
        """The departure leaving on ``day``, or ``InvalidInputError``."""
        for departure in self.departures:
            if departure.start == day:
                return departure
        raise InvalidInputError(
            f"package {self.id!r} has no departure on {day.isoformat()}",
            field="departure",
            code="unknown_departure",
        )


def to_jsonld(
    package: Package,
    lang: str,
    entries: Mapping[str, AnyEntryT],
    *,
    base_url: str = "",
    group_size: int | None = None,
    rates: RateTable | None = None,
) -> dict[str, Any]:
    """The package as a schema.org ``TouristTrip`` in ``lang``.

    The itinerary lists the catalogue entries in component order; offers give the price
    per person in every market's currency for ``group_size`` (the minimum group by
    default) and each departure date.
    """
    size = group_size or package.group_min
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for component in package.components:
        entry = entries.get(component.entry_id)
        if component.entry_id in seen or entry is None:
            continue
        seen.add(component.entry_id)
        items.append(
            {
                "@type": "ListItem",
                "position": len(items) + 1,
                "item": {
                    "@id": f"{base_url}/entries/{entry.id}",
                    "name": entry.name.localize(lang),
                },
            }
        )
    offers = [
        {
            "@type": "Offer",
            "price": str(quote.price_per_person),
            "priceCurrency": quote.currency,
            "eligibleCustomerType": market,
            "availability": "https://schema.org/InStock",
        }
        for market, quote in package.market_prices(size, rates).items()
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "@id": f"{base_url}/packages/{package.id}",
        "name": package.name.localize(lang),
        "inLanguage": lang,
        "itinerary": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": items,
        },
        "offers": offers,
    }
    if len(package.description):
        data["description"] = package.description.localize(lang)
    if package.operator:
        data["provider"] = {"@type": "Organization", "name": package.operator}
    if package.departures:
        data["subjectOf"] = [
            {
                "@type": "Event",
                "startDate": d.start.isoformat(),
                "remainingAttendeeCapacity": d.seats,
            }
            for d in package.departures
        ]
    return data


def check_components(package: Package, entries: Mapping[str, AnyEntryT]) -> None:
    """Raise ``InvalidInputError`` if a component names no catalogue entry."""
    for i, component in enumerate(package.components):
        if component.entry_id not in entries:
            raise InvalidInputError(
                f"component {component.entry_id!r} is not in the catalogue",
                field=f"components[{i}].entry_id",
                code="unknown_entry",
            )


def seats_left(departure: Departure, held: Sequence[int]) -> int:
    """Seats still on sale on a departure after the group holds ``held``."""
    return departure.seats - sum(held)
