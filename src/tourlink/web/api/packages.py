"""``/api/v1/packages``: tour operators' packages, their quotes, seats and group holds.

Reading a published package is public (``?format=jsonld`` or ``Accept:
application/ld+json`` answers a schema.org ``TouristTrip``); composing, publishing and
holding seats need an operator or admin. An operator changes only its own packages.
Packages live in memory per process (see ``docs/dev/packages.md``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from tourlink.accounts import Principal, Role
from tourlink.core.errors import InvalidInputError
from tourlink.core.i18n import Lang
from tourlink.services.trip_store import new_id
from tourlink.trips.currency import CURRENCIES

from ..deps import LangDep, PrincipalDep, RequireEditor
from ..pdf import brochure_response
from .common import JSONLD_MEDIA_TYPE
from .package_schemas import (
    HoldBody,
    PackageBody,
    PackageServiceDep,
    package_json,
    quote_json,
    rates_json,
)

router = APIRouter(prefix="/packages", tags=["Tour packages"])

GroupQuery = Annotated[int | None, Query(ge=1, le=500, description="Group size")]
CurrencyQuery = Annotated[
    str, Query(description=f"One of {', '.join(CURRENCIES)}", max_length=3)
]


def _editor(principal: Principal) -> bool:
    return principal.is_authenticated and principal.has(Role.OPERATOR)


def _admin(principal: Principal) -> bool:
    return principal.has(Role.ADMIN)


def _actor(principal: Principal) -> str:
    return (
        f"user:{principal.user_id}"
        if principal.user_id
        else f"key:{principal.api_key_id}"
    )


def _in_query(err: InvalidInputError, names: dict[str, str]) -> InvalidInputError:
    """A domain error about a query parameter, pointing at ``/query/<name>``."""
    field = names.get(err.field or "", err.field)
    return InvalidInputError(
        err.message,
        code=err.code,
        field=field,
        context={**err.context, "location": "query"},
    )


QUERY_NAMES = {"group_size": "group", "currency": "currency", "departure": "departure"}


@router.get("", summary="Published packages (editors add `?drafts=true`)")
def list_packages(
    service: PackageServiceDep,
    lang: LangDep,
    principal: PrincipalDep,
    drafts: bool = False,
) -> dict[str, Any]:
    editor = _editor(principal)
    records = service.packages(include_drafts=drafts and editor)
    return {
        "items": [package_json(r, service, lang, editor=editor) for r in records],
        "total": len(records),
    }


@router.post("", status_code=201, summary="Compose a package (operators, admins)")
def create_package(
    body: PackageBody,
    service: PackageServiceDep,
    lang: LangDep,
    principal: RequireEditor,
) -> JSONResponse:
    package = body.domain(body.id or new_id("pkg").lower().replace("_", "-"))
    record = service.create(package, _actor(principal))
    return JSONResponse(
        package_json(record, service, lang, editor=True),
        status_code=201,
        headers={"Location": f"/api/v1/packages/{record.id}"},
    )


def _wants_jsonld(request: Request, fmt: str | None) -> bool:
    return fmt == "jsonld" or JSONLD_MEDIA_TYPE in request.headers.get("accept", "")


@router.get(
    "/{package_id}.pdf",
    summary="The printable brochure as a PDF in the requested language",
    response_class=Response,
)
def package_pdf(
    package_id: str,
    service: PackageServiceDep,
    lang: LangDep,
    principal: PrincipalDep,
) -> Response:
    from tourlink.services.package_brochure import brochure_lines

    record = service.visible(package_id, editor=_editor(principal))
    market = (record.package.markets or {}).get(lang)
    lines = brochure_lines(record, service, lang, market)
    return brochure_response(
        lines,
        title=record.package.name.localize(lang),
        language=lang,
        filename=f"{package_id}-{lang}.pdf",
    )


@router.get(
    "/{package_id}",
    summary="A package (JSON, or schema.org TouristTrip JSON-LD)",
    responses={200: {"content": {JSONLD_MEDIA_TYPE: {}}}},
)
def get_package(
    request: Request,
    package_id: str,
    service: PackageServiceDep,
    lang: LangDep,
    principal: PrincipalDep,
    format: Annotated[str | None, Query(pattern="^(json|jsonld)$")] = None,
) -> Response:
    editor = _editor(principal)
    record = service.visible(package_id, editor=editor)
    headers = {"Content-Language": lang, "Vary": "Accept, Accept-Language"}
    if _wants_jsonld(request, format):
        base = str(request.base_url).rstrip("/")
        return JSONResponse(
            service.jsonld(record, lang, base),
            media_type=JSONLD_MEDIA_TYPE,
            headers=headers,
        )
    return JSONResponse(
        package_json(record, service, lang, editor=editor), headers=headers
    )


@router.put("/{package_id}", summary="Replace a package (its owner or an admin)")
def update_package(
    package_id: str,
    body: PackageBody,
    service: PackageServiceDep,
    lang: LangDep,
    principal: RequireEditor,
) -> dict[str, Any]:
    if body.id is not None and body.id != package_id:
        raise InvalidInputError(
            f"the body's id {body.id!r} differs from the URL's {package_id!r}",
            field="id",
        )
    record = service.update(
        body.domain(package_id), _actor(principal), admin=_admin(principal)
    )
    return package_json(record, service, lang, editor=True)


def _publish(
    package_id: str, published: bool, service: Any, lang: Lang, principal: Principal
) -> dict[str, Any]:
    record = service.publish(
        package_id, published, _actor(principal), admin=_admin(principal)
    )
    return package_json(record, service, lang, editor=True)


@router.post("/{package_id}/publish", summary="Put a package on sale")
def publish_package(
    package_id: str, service: PackageServiceDep, lang: LangDep, principal: RequireEditor
) -> dict[str, Any]:
    return _publish(package_id, True, service, lang, principal)


@router.post("/{package_id}/unpublish", summary="Take a package off sale")
def unpublish_package(
    package_id: str, service: PackageServiceDep, lang: LangDep, principal: RequireEditor
) -> dict[str, Any]:
    return _publish(package_id, False, service, lang, principal)


@router.get("/{package_id}/quote", summary="What a group pays, with every step")
def quote_package(
    package_id: str,
    service: PackageServiceDep,
    principal: PrincipalDep,
    group: GroupQuery = None,
    currency: CurrencyQuery = "VND",
) -> dict[str, Any]:
    record = service.visible(package_id, editor=_editor(principal))
    size = group or record.package.group_min
    try:
        quote = record.package.quote(size, currency.upper(), service.rates)
    except InvalidInputError as err:
        raise _in_query(err, QUERY_NAMES) from None
    return quote_json(quote, record.package, service.rates)


@router.get("/{package_id}/prices", summary="The price per market in its currency")
def package_prices(
    package_id: str,
    service: PackageServiceDep,
    principal: PrincipalDep,
    group: GroupQuery = None,
) -> dict[str, Any]:
    record = service.visible(package_id, editor=_editor(principal))
    size = group or record.package.group_min
    try:
        prices = service.market_prices(record.package, size)
    except InvalidInputError as err:
        raise _in_query(err, QUERY_NAMES) from None
    return {
        "package_id": package_id,
        "group_size": size,
        "rates": rates_json(service.rates),
        "markets": {
            m: {
                "currency": q.currency,
                "price_per_person": str(q.price_per_person),
                "price_group": str(q.price_group),
            }
            for m, q in prices.items()
        },
    }


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{value!r} is not a date (YYYY-MM-DD)",
            field="departure",
            context={"location": "path"},
        ) from None


@router.get(
    "/{package_id}/departures/{departure}/capacity",
    summary="Seats left and whether the sessions fit a group",
)
def package_capacity(
    package_id: str,
    departure: str,
    service: PackageServiceDep,
    principal: PrincipalDep,
    group: Annotated[int, Query(ge=1, le=500)],
) -> dict[str, Any]:
    service.visible(package_id, editor=_editor(principal))
    try:
        check = service.capacity(package_id, _day(departure), group)
    except InvalidInputError as err:
        raise _in_query(err, QUERY_NAMES) from None
    return check.to_json()


@router.post(
    "/{package_id}/departures/{departure}/holds",
    status_code=201,
    summary="Hold seats and every bookable session for a group (all or nothing)",
    responses={409: {"content": {"application/problem+json": {}}}},
)
def hold_departure(
    package_id: str,
    departure: str,
    body: HoldBody,
    service: PackageServiceDep,
    _editor_only: RequireEditor,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=200)
    ] = None,
) -> JSONResponse:
    service.visible(package_id, editor=True)
    hold = service.hold(
        package_id,
        _day(departure),
        body.group_size,
        body.holder,
        idempotency_key=idempotency_key,
    )
    record = service.get(package_id)
    return JSONResponse(
        {**hold.to_json(), "seats_left": record.seats_left(hold.departure)},
        status_code=201,
    )


@router.delete("/{package_id}/holds/{hold_id}", summary="Release a group hold")
def release_hold(
    package_id: str,
    hold_id: str,
    service: PackageServiceDep,
    lang: LangDep,
    principal: RequireEditor,
) -> dict[str, Any]:
    record = service.release(
        package_id, hold_id, _actor(principal), admin=_admin(principal)
    )
    return package_json(record, service, lang, editor=True)
