"""Operator pages: slot calendar with utilisation, bulk creation, closing, manifests and
check-in. Site managers, operators and admins sign in with their account; forms carry a
token derived from the session so other sites cannot post them."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from tourlink.accounts import Principal, Role
from tourlink.booking import BookingService
from tourlink.core.errors import (
    PermissionDeniedError,
    TourlinkError,
    UnauthenticatedError,
)

from ..api.booking_schemas import BulkSlotsBody
from ..api.bookings import bulk_slots
from ..auth import SESSION_COOKIE, TOKEN_TTL, TokenSigner, principal_for_credentials
from ..deps import ServicesDep, SettingsDep
from ..octo.directory import BookingDirectory, booking_service
from .booking_chart import utilisation_svg
from .context import PageLangDep, base_context
from .templating import render_html

router = APIRouter(prefix="/operator", include_in_schema=False)
STAFF_ROLES = (Role.OPERATOR, Role.SITE_MANAGER)


def csrf_token(secret: str, session: str) -> str:
    return hmac.new(
        secret.encode(), f"csrf|{session}".encode(), hashlib.sha256
    ).hexdigest()


def _page(
    request: Request, lang: str, template: str, status_code: int = 200, **ctx: Any
) -> Response:
    context = {**base_context(request, lang), **ctx}  # type: ignore[arg-type]
    return render_html(request, template, context, lang, status_code=status_code)  # type: ignore[arg-type]


class Staff:
    """The signed-in staff member and the CSRF token of their session."""

    def __init__(self, principal: Principal, csrf: str) -> None:
        self.principal = principal
        self.csrf = csrf
        self.actor = f"user:{principal.user_id}"


def staff_of(request: Request, services: ServicesDep, settings: SettingsDep) -> Staff:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        raise UnauthenticatedError("sign in as an operator or site manager")
    principal = principal_for_credentials(
        cookie, services, TokenSigner(settings.secret_key, services.clock)
    )
    if not principal.has(*STAFF_ROLES):
        raise PermissionDeniedError(
            f"the {principal.role.value} role may not manage sessions"
        )
    csrf = csrf_token(settings.secret_key, cookie)
    if request.method == "POST":
        sent = request.headers.get("x-csrf-token", "") or _form_csrf(request)
        if not hmac.compare_digest(sent, csrf):
            raise PermissionDeniedError(
                "the form is out of date; reload the page", code="csrf_failed"
            )
    return Staff(principal, csrf)


def _form_csrf(request: Request) -> str:
    return str(getattr(request.state, "csrf", ""))


async def _read_csrf(request: Request) -> None:
    if request.method == "POST":
        form = await request.form()
        request.state.csrf = str(form.get("csrf", ""))


StaffDep = Annotated[Staff, Depends(staff_of)]
CsrfRead = Depends(_read_csrf)


@router.get("/login")
def login_form(request: Request, lang: PageLangDep, error: str = "") -> Response:
    return _page(request, lang, "operator/login.html", error=error)


@router.post("/login")
def login(
    request: Request,
    services: ServicesDep,
    settings: SettingsDep,
    lang: PageLangDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        user = services.accounts.authenticate(email, password)
    except TourlinkError:
        return _page(
            request, lang, "operator/login.html", status_code=401, error="wrong"
        )
    token = TokenSigner(settings.secret_key, services.clock).issue(user)
    response = RedirectResponse(f"/operator/slots?lang={lang}", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(TOKEN_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
    )
    return response


@router.get("/slots")
def calendar(
    request: Request,
    services: ServicesDep,
    lang: PageLangDep,
    staff: StaffDep,
    product: str | None = None,
    start: date | None = None,
) -> Response:
    service = booking_service(services)
    directory = BookingDirectory(service)
    products = directory.products()
    chosen = (
        directory.product(product) if product else (products[0] if products else None)
    )
    first = start or service.clock.now().date()
    rows: list[dict[str, Any]] = []
    bars: list[tuple[datetime, int, int]] = []
    if chosen is not None:
        option = chosen.options[0]
        for slot in directory.slots(chosen.id, first, first + timedelta(days=13)):
            avail = service.availability(slot.id, option.id)
            used = avail.capacity - avail.remaining
            rows.append({"slot": slot, "avail": avail, "used": used})
            bars.append((slot.start, used, avail.capacity))
    chart = utilisation_svg(bars)
    return _page(
        request,
        lang,
        "operator/slots.html",
        products=products,
        product=chosen,
        rows=rows,
        start=first,
        chart=chart,
        csrf=staff.csrf,
    )


@router.post("/slots/bulk", dependencies=[CsrfRead])
def create_bulk(
    services: ServicesDep,
    lang: PageLangDep,
    staff: StaffDep,
    product_id: Annotated[str, Form(max_length=100)],
    first_day: Annotated[date, Form()],
    last_day: Annotated[date, Form()],
    times: Annotated[str, Form(max_length=200)],
    minutes: Annotated[int, Form(ge=5, le=1440)] = 75,
    cutoff_minutes: Annotated[int, Form(ge=0, le=10080)] = 30,
) -> Response:
    service = booking_service(services)
    BookingDirectory(service).product(product_id)
    try:
        starts = [time.fromisoformat(t.strip()) for t in times.split(",") if t.strip()]
    except ValueError:
        starts = []
    body = BulkSlotsBody(
        product_id=product_id,
        first_day=first_day,
        last_day=last_day,
        times=starts or [time(19)],
        minutes=minutes,
        cutoff_minutes=cutoff_minutes,
    )
    slots = bulk_slots(body)
    for slot in slots:
        service.register_slot(slot, actor=staff.actor)
    url = f"/operator/slots?product={product_id}&start={first_day.isoformat()}&lang={lang}&created={len(slots)}"
    return RedirectResponse(url, status_code=303)


@router.post("/slots/{slot_id}/close", dependencies=[CsrfRead])
def close(
    slot_id: str, services: ServicesDep, lang: PageLangDep, staff: StaffDep
) -> Response:
    service = booking_service(services)
    slot = service.close_slot(slot_id, reason="closed by operator", actor=staff.actor)
    url = f"/operator/slots?product={slot.product_id}&start={slot.start.date().isoformat()}&lang={lang}"
    return RedirectResponse(url, status_code=303)


@router.get("/slots/{slot_id}/manifest")
def manifest(
    request: Request,
    slot_id: str,
    services: ServicesDep,
    lang: PageLangDep,
    staff: StaffDep,
) -> Response:
    del staff
    service = booking_service(services)
    found = service.manifest(slot_id)
    slot = BookingDirectory(service).slot(slot_id)
    return _page(request, lang, "operator/manifest.html", manifest=found, slot=slot)


@router.get("/slots/{slot_id}/manifest.csv")
def manifest_csv(slot_id: str, services: ServicesDep, staff: StaffDep) -> Response:
    del staff
    text = booking_service(services).manifest(slot_id).to_csv()
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="manifest-{slot_id}.csv"'
        },
    )


@router.get("/checkin")
def checkin_form(request: Request, lang: PageLangDep, staff: StaffDep) -> Response:
    return _page(request, lang, "operator/checkin.html", csrf=staff.csrf, result=None)


@router.post("/checkin", dependencies=[CsrfRead])
def checkin(
    request: Request,
    services: ServicesDep,
    lang: PageLangDep,
    staff: StaffDep,
    token: Annotated[str, Form(max_length=500)],
) -> Response:
    service: BookingService = booking_service(services)
    try:
        booking = service.check_in(token.strip(), actor=staff.actor)
    except TourlinkError as err:
        return _page(
            request,
            lang,
            "operator/checkin.html",
            status_code=err.status,
            csrf=staff.csrf,
            result=None,
            error=err,
        )
    return _page(
        request, lang, "operator/checkin.html", csrf=staff.csrf, result=booking
    )
