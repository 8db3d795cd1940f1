"""Bodies and answers of ``/api/v1/packages``, and the request's package service.

* :func:`package_service` - the process's :class:`PackageService` over the request's
  services (built on first use, with the SAMPLE packages seeded from the catalogue);
* :class:`PackageBody` - a package as JSON; :meth:`PackageBody.domain` builds the domain
  value and reports rule violations with field paths (``/body/components/2/day``);
* :func:`package_json`, :func:`quote_json`, :func:`rates_json` - the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import FieldError, InvalidInputError
from tourlink.core.i18n import I18nText, Lang
from tourlink.services.container import Services
from tourlink.services.package_samples import sample_packages
from tourlink.services.packages import (
    PackageRecord,
    PackageService,
    field_path,
    lookup_of,
    quote_steps,
)
from tourlink.trips.currency import Currency, RateTable
from tourlink.trips.packages import (
    BundleDiscount,
    Component,
    ComponentRole,
    CostBasis,
    Departure,
    Guest,
    Package,
    Quote,
)
from tourlink.trips.records import component_document

from ..deps import ServicesDep
from ..octo.directory import BookingDirectory

T = TypeVar("T")


def build_package_service(services: Services) -> PackageService:
    """A package service over ``services`` with the sample packages seeded."""
    lookup = lookup_of(services.catalog.get)
    booking = getattr(services, "booking", None)
    service = PackageService(
        lookup,
        services.clock,
        store=getattr(services, "packages", None),
        booking=booking,
        directory=BookingDirectory(booking) if booking is not None else None,
    )
    today = services.clock.now().astimezone(LOCAL_TZ).date()
    service.seed(sample_packages(today, lambda e: lookup(e) is not None))
    return service


def package_service(request: Request, services: ServicesDep) -> PackageService:
    """The package service of this process for these services (made on first use)."""
    cached = getattr(request.app.state, "packages", None)
    if cached is not None and cached[0] is services:
        service: PackageService = cached[1]
        return service
    service = build_package_service(services)
    request.app.state.packages = (services, service)
    return service


PackageServiceDep = Annotated[PackageService, Depends(package_service)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Text = dict[Lang, Annotated[str, Field(min_length=1, max_length=2000)]]


class ComponentBody(_Body):
    """A bought-in part: a catalogue entry, its role and what the supplier charges."""

    entry_id: Annotated[str, Field(min_length=1, max_length=200)]
    role: ComponentRole
    unit_cost_vnd: Annotated[int, Field(ge=0, le=10_000_000_000)]
    basis: CostBasis = "per_person"
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    day: Annotated[int | None, Field(ge=1, le=30)] = None


class DiscountBody(_Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    entry_ids: Annotated[list[str], Field(min_length=1, max_length=60)]
    percent: Annotated[Decimal, Field(gt=0, le=100)]
    min_group: Annotated[int, Field(ge=1, le=500)] = 1


class DepartureBody(_Body):
    """A fixed departure date with the seats on sale."""

    start: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    seats: Annotated[int, Field(ge=1, le=500)]


class GuestBody(_Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    organisation: Annotated[str, Field(max_length=200)] = ""
    market: Annotated[str, Field(max_length=10)] = ""


class PackageBody(_Body):
    """A package as the operator composes it (all amounts in VND)."""

    id: Annotated[str | None, Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")] = None
    name: Annotated[Text, Field(min_length=1)]
    description: Text = Field(default_factory=dict)
    days: Annotated[int, Field(ge=1, le=30)]
    components: Annotated[list[ComponentBody], Field(min_length=1, max_length=60)]
    departures: Annotated[list[DepartureBody], Field(max_length=200)] = Field(
        default_factory=list
    )
    group_min: Annotated[int, Field(ge=1, le=500)] = 1
    group_max: Annotated[int, Field(ge=1, le=500)] = 40
    margin_percent: Annotated[Decimal, Field(ge=0, le=500)] = Decimal(15)
    discounts: Annotated[list[DiscountBody], Field(max_length=20)] = Field(
        default_factory=list
    )
    markets: dict[Lang, Currency] | None = None
    famtrip: bool = False
    guests: Annotated[list[GuestBody], Field(max_length=200)] = Field(
        default_factory=list
    )
    operator: Annotated[str, Field(max_length=200)] = ""
    sample: bool = False

    def domain(self, package_id: str) -> Package:
        """The domain package; every rule broken is reported with its path."""
        errors: list[FieldError] = []

        def build(path: tuple[str | int, ...], make: Callable[[], T]) -> T | None:
            try:
                return make()
            except InvalidInputError as err:
                tail = field_path(err.field) if err.field else ()
                errors.append(FieldError((*path, *tail), err.message, err.code))
                return None

        components = [
            build(("components", i), partial(Component, **c.model_dump()))
            for i, c in enumerate(self.components)
        ]
        departures = [
            build(("departures", i), partial(_departure, d))
            for i, d in enumerate(self.departures)
        ]
        discounts = [
            build(("discounts", i), partial(_discount, d))
            for i, d in enumerate(self.discounts)
        ]
        if errors:
            raise InvalidInputError("the package is invalid", errors=errors)
        package = build(
            (),
            partial(
                Package,
                id=package_id,
                name=_i18n(self.name),
                description=_i18n(self.description),
                days=self.days,
                components=tuple(c for c in components if c),
                departures=tuple(d for d in departures if d),
                group_min=self.group_min,
                group_max=self.group_max,
                margin_percent=self.margin_percent,
                discounts=tuple(d for d in discounts if d),
                markets={str(k): str(v) for k, v in (self.markets or {}).items()}
                or None,
                famtrip=self.famtrip,
                guests=tuple(Guest(**g.model_dump()) for g in self.guests),
                operator=self.operator,
                sample=self.sample,
            ),
        )
        if package is None:
            raise InvalidInputError("the package is invalid", errors=errors)
        return package


def _i18n(texts: Text) -> I18nText:
    return I18nText({str(k): v for k, v in texts.items()})


def _discount(body: DiscountBody) -> BundleDiscount:
    return BundleDiscount(
        body.name, tuple(body.entry_ids), body.percent, body.min_group
    )


def _departure(body: DepartureBody) -> Departure:
    try:
        start = date.fromisoformat(body.start)
    except ValueError:
        raise InvalidInputError(
            f"{body.start!r} is not a date", field="start"
        ) from None
    return Departure(start, body.seats)


class HoldBody(_Body):
    """A group to hold seats (and bookable sessions) for on a departure."""

    group_size: Annotated[int, Field(ge=1, le=500)]
    holder: Annotated[str, Field(min_length=1, max_length=200)]


def _text(value: I18nText) -> dict[str, str]:
    return dict(value.items())


def package_json(
    record: PackageRecord, service: PackageService, lang: Lang, *, editor: bool
) -> dict[str, Any]:
    """The API's package: texts in every language plus ``lang``'s, itinerary, seats left,
    prices per market for the minimum group; costs, margin, guests and holds for editors."""
    p = record.package
    entries = service.entries(p)
    base = f"/api/v1/packages/{p.id}"
    data: dict[str, Any] = {
        "id": p.id,
        "name": p.name.localize(lang),
        "description": p.description.localize(lang) or None,
        "names": _text(p.name),
        "days": p.days,
        "group_min": p.group_min,
        "group_max": p.group_max,
        "famtrip": p.famtrip,
        "operator": p.operator,
        "sample": p.sample,
        "published": record.published,
        "markets": dict(p.markets or {"vi": "VND"}),
        "itinerary": [
            {
                "day": c.day,
                "entry_id": c.entry_id,
                "role": c.role,
                "name": entries[c.entry_id].name.localize(lang)
                if c.entry_id in entries
                else c.entry_id,
            }
            for c in p.components
        ],
        "departures": [
            {
                "start": d.start.isoformat(),
                "seats": d.seats,
                "seats_left": record.seats_left(d.start),
            }
            for d in p.departures
        ],
        "prices": {
            market: price_json(q)
            for market, q in service.market_prices(p, p.group_min).items()
        },
        "rates": rates_json(service.rates),
        "links": {
            "self": base,
            "quote": f"{base}/quote",
            "prices": f"{base}/prices",
            "jsonld": f"{base}?format=jsonld",
            "pdf": f"{base}.pdf",
            "page": f"/packages/{p.id}",
        },
    }
    if editor:
        data.update(
            description_texts=_text(p.description),
            owner=record.owner,
            margin_percent=str(p.margin_percent),
            components=[component_document(c) for c in p.components],
            discounts=[
                {
                    "name": d.name,
                    "entry_ids": list(d.entry_ids),
                    "percent": str(d.percent),
                    "min_group": d.min_group,
                }
                for d in p.discounts
            ],
            guests=[
                {"name": g.name, "organisation": g.organisation, "market": g.market}
                for g in p.guests
            ],
            holds=[h.to_json() for h in record.holds],
        )
    return data


def price_json(quote: Quote) -> dict[str, Any]:
    return {
        "currency": quote.currency,
        "group_size": quote.group_size,
        "price_per_person": str(quote.price_per_person),
        "price_group": str(quote.price_group),
    }


def rates_json(rates: RateTable) -> dict[str, Any]:
    return {
        "as_of": rates.as_of.isoformat(),
        "sample": rates.sample,
        "vnd_per_unit": {k: str(v) for k, v in rates.vnd_per_unit.items()},
    }


def quote_json(quote: Quote, package: Package, rates: RateTable) -> dict[str, Any]:
    """The quote with every arithmetic step; amounts as exact decimal strings."""
    return {
        "package_id": package.id,
        "group_size": quote.group_size,
        "currency": quote.currency,
        "famtrip": package.famtrip,
        "margin_percent": str(package.margin_percent),
        "supplier_cost_vnd": quote.supplier_cost_vnd,
        "discounts_vnd": str(quote.discounts_vnd),
        "net_cost_vnd": str(quote.net_cost_vnd),
        "margin_vnd": str(quote.margin_vnd),
        "price_group_vnd": str(quote.price_group_vnd),
        "price_per_person_vnd": str(quote.price_per_person_vnd),
        "price_per_person": str(quote.price_per_person),
        "price_group": str(quote.price_group),
        "rate": str(rates.vnd_per_unit[quote.currency]),  # type: ignore[index]
        "rates_as_of": quote.rates_as_of.isoformat(),
        "sample_rates": quote.sample_rates,
        "lines": [
            {
                "entry_id": line.entry_id,
                "role": line.role,
                "cost_vnd": line.cost_vnd,
                "discount_vnd": str(line.discount_vnd),
            }
            for line in quote.lines
        ],
        "steps": quote_steps(quote, package.margin_percent),
    }
