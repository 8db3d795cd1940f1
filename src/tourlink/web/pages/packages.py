"""Package pages: the public package page and brochure, and the operator's composer.

* ``GET /packages`` lists the published packages; ``GET /packages/{id}`` shows one in the
  visitor's language: itinerary per day, a map, departures with seats left, the price per
  person in the market's currency (the sample rate table and its date), the sample badge
  and the schema.org ``TouristTrip`` JSON-LD in ``<head>``. A print stylesheet turns the
  page into a brochure; the PDF is ``/api/v1/packages/{id}.pdf``.
* ``GET /operator/packages/new`` composes a package (operators and admins signed in on
  ``/operator/login``): catalogue items, departures, group limits, supplier costs, margin,
  a discount and the markets; posting it creates the package and shows its quote on
  ``GET /operator/packages/{id}?group=&currency=``.
"""

from __future__ import annotations

from typing import Annotated, Any

from babel.numbers import format_currency
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from tourlink.accounts import Role
from tourlink.catalog.search import entry_kind
from tourlink.core.errors import PermissionDeniedError, TourlinkError
from tourlink.core.i18n import LANGUAGES, Lang
from tourlink.trips.currency import CURRENCIES
from tourlink.trips.packages import Package

from ..api.package_schemas import PackageBody, PackageServiceDep, quote_json
from ..api.render import page_path
from ..deps import ServicesDep
from .booking_operator import CsrfRead, Staff, staff_of
from .context import Labels, PageLangDep, base_context, remember_language
from .templating import render_html

router = APIRouter(include_in_schema=False)
ROLES = ("transport", "accommodation", "meal", "show", "visit", "guide", "other")
BASES = ("per_person", "per_group", "per_room")
COMPONENT_ROWS = 8


def market_currency(package: Package, lang: Lang) -> str:
    """The currency of the visitor's market (VND when the package is not sold there)."""
    return (package.markets or {}).get(lang, "VND")


@router.get("/packages")
def package_list(
    request: Request, service: PackageServiceDep, lang: PageLangDep
) -> Response:
    records = service.packages()
    context = {**base_context(request, lang), "records": records}
    html = render_html(request, "packages/list.html", context, lang)
    return remember_language(request, html)


@router.get("/packages/{package_id}")
def package_page(
    request: Request, package_id: str, service: PackageServiceDep, lang: PageLangDep
) -> Response:
    record = service.visible(package_id, editor=False)
    package = record.package
    entries = service.entries(package)
    currency = market_currency(package, lang)
    quote = package.quote(package.group_min, currency, service.rates)
    days = [
        (
            day,
            [
                entries[c.entry_id]
                for c in package.components
                if c.day == day and c.entry_id in entries
            ],
        )
        for day in range(1, package.days + 1)
    ]
    labels = Labels(lang)
    markers = []
    for e in entries.values():
        location = getattr(e, "location", None)
        if location is None:
            continue
        markers.append(
            {
                "id": e.id,
                "type": e.type.value,
                "type_label": labels.type(e.type.value),
                "kind_label": labels.kind(entry_kind(e)),
                "name": e.name.localize(lang),
                "lat": location.lat,
                "lon": location.lon,
                "url": page_path(e.type, e.id),
                "sample": e.sample,
            }
        )
    base = str(request.base_url).rstrip("/")
    context = {
        **base_context(request, lang),
        "record": record,
        "package": package,
        "days": days,
        "quote": quote,
        "markers": markers,
        "jsonld": service.jsonld(record, lang, base),
        "rates": service.rates,
        "price_text": format_currency(
            quote.price_per_person, quote.currency, locale=lang
        ),
    }
    html = render_html(request, "packages/package.html", context, lang)
    return remember_language(request, html)


def package_editor(staff: Annotated[Staff, Depends(staff_of)]) -> Staff:
    """Operators and admins compose packages (site managers may not)."""
    if not staff.principal.has(Role.OPERATOR):
        raise PermissionDeniedError(
            f"the {staff.principal.role.value} role may not compose packages"
        )
    return staff


EditorDep = Annotated[Staff, Depends(package_editor)]


def _composer(
    request: Request,
    services: ServicesDep,
    lang: Lang,
    staff: Staff,
    values: dict[str, Any],
    errors: list[str],
) -> Response:
    ids = sorted(e.id for e in services.catalog.entries())
    context = {
        **base_context(request, lang),
        "ids": ids,
        "values": values,
        "errors": errors,
        "csrf": staff.csrf,
        "roles": ROLES,
        "bases": BASES,
        "rows": COMPONENT_ROWS,
        "languages_all": LANGUAGES,
        "currencies": CURRENCIES,
    }
    status = 422 if errors else 200
    return render_html(
        request, "packages/compose.html", context, lang, status_code=status
    )


@router.get("/operator/packages/new")
def compose_form(
    request: Request, services: ServicesDep, lang: PageLangDep, staff: EditorDep
) -> Response:
    return _composer(request, services, lang, staff, {}, [])


def body_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The API body of the composer's fields (empty rows are skipped)."""
    components = []
    for i in range(COMPONENT_ROWS):
        entry = form.get(f"entry_{i}", "").strip()
        if not entry:
            continue
        components.append(
            {
                "entry_id": entry,
                "role": form.get(f"role_{i}", "other"),
                "unit_cost_vnd": int(form.get(f"cost_{i}") or 0),
                "basis": form.get(f"basis_{i}", "per_person"),
                "quantity": int(form.get(f"quantity_{i}") or 1),
                "day": int(form[f"day_{i}"]) if form.get(f"day_{i}") else None,
            }
        )
    departures = []
    for line in form.get("departures", "").splitlines():
        parts = line.split()
        if len(parts) == 2:
            departures.append({"start": parts[0], "seats": int(parts[1])})
    discounts = []
    if form.get("discount_name"):
        discounts.append(
            {
                "name": form["discount_name"],
                "entry_ids": [
                    e.strip()
                    for e in form.get("discount_ids", "").split(",")
                    if e.strip()
                ],
                "percent": form.get("discount_percent") or "0",
                "min_group": int(form.get("discount_min") or 1),
            }
        )
    markets = {
        lang: form[f"market_{lang}"] for lang in LANGUAGES if form.get(f"market_{lang}")
    }
    return {
        "id": form.get("id") or None,
        "name": {k: form[f"name_{k}"] for k in ("en", "vi") if form.get(f"name_{k}")},
        "days": int(form.get("days") or 1),
        "components": components,
        "departures": departures,
        "group_min": int(form.get("group_min") or 1),
        "group_max": int(form.get("group_max") or 40),
        "margin_percent": form.get("margin") or "0",
        "discounts": discounts,
        "markets": markets or None,
        "famtrip": form.get("famtrip") == "on",
        "operator": form.get("operator", ""),
    }


@router.post("/operator/packages", dependencies=[CsrfRead])
async def compose(
    request: Request,
    services: ServicesDep,
    service: PackageServiceDep,
    lang: PageLangDep,
    staff: EditorDep,
    id: Annotated[str, Form()] = "",
) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        data = body_from_form(form)
        body = PackageBody.model_validate(data)
        record = service.create(body.domain(id or "pkg-" + staff.csrf[:8]), staff.actor)
    except (ValueError, TourlinkError) as err:
        errors = _messages(err)
        return _composer(request, services, lang, staff, form, errors)
    return RedirectResponse(
        f"/operator/packages/{record.id}?lang={lang}", status_code=303
    )


def _messages(err: Exception) -> list[str]:
    if isinstance(err, TourlinkError):
        return [e.describe() for e in err.errors] or [err.message]
    errors = getattr(err, "errors", None)
    if callable(errors):
        return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors()]
    return [str(err)]


@router.get("/operator/packages/{package_id}")
def operator_package(
    request: Request,
    package_id: str,
    service: PackageServiceDep,
    lang: PageLangDep,
    staff: EditorDep,
    group: int | None = None,
    currency: str = "VND",
) -> Response:
    record = service.get(package_id)
    package = record.package
    size = group or package.group_min
    errors: list[str] = []
    try:
        quote = quote_json(
            package.quote(size, currency, service.rates), package, service.rates
        )
    except TourlinkError as err:
        errors.append(err.message)
        quote = quote_json(
            package.quote(package.group_min, "VND", service.rates),
            package,
            service.rates,
        )
    context = {
        **base_context(request, lang),
        "record": record,
        "package": package,
        "quote": quote,
        "errors": errors,
        "currencies": CURRENCIES,
        "csrf": staff.csrf,
    }
    return render_html(request, "packages/operator.html", context, lang)


@router.post("/operator/packages/{package_id}/publish", dependencies=[CsrfRead])
def publish(
    package_id: str,
    service: PackageServiceDep,
    lang: PageLangDep,
    staff: EditorDep,
) -> Response:
    admin = staff.principal.has(Role.ADMIN)
    record = service.get(package_id)
    service.publish(package_id, not record.published, staff.actor, admin=admin)
    return RedirectResponse(
        f"/operator/packages/{package_id}?lang={lang}", status_code=303
    )
