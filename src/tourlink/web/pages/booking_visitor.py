"""Visitor booking pages: pick a session, hold, give details, confirm, see the QR ticket,
cancel (with the refund shown); a full session offers the waiting list.

Booking ids are long random values, so the booking page's address is its own key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from tourlink.booking import (
    BookingRequest,
    BookingService,
    BookingStatus,
    Contact,
    SlotSoldOutError,
    qr_svg,
)
from tourlink.core.errors import TourlinkError
from tourlink.core.i18n import Lang

from ..deps import ServicesDep
from ..octo.directory import BookingDirectory, booking_service, local_day
from .context import PageLangDep, base_context
from .templating import render_html

router = APIRouter(include_in_schema=False)
DAYS_SHOWN = 7
FormText = Annotated[str, Form(max_length=200)]


def _page(request: Request, lang: str, template: str, **context: Any) -> Response:
    return render_html(
        request,
        template,
        {**base_context(request, lang), **context},  # type: ignore[arg-type]
        lang,  # type: ignore[arg-type]
        status_code=int(context.pop("status_code", 200)),
    )


def _units(form: dict[str, Any], unit_ids: list[str]) -> dict[str, int]:
    units: dict[str, int] = {}
    for unit_id in unit_ids:
        raw = str(form.get(f"unit_{unit_id}", "") or "0").strip()
        count = int(raw) if raw.lstrip("-").isdigit() else 0
        if count:
            units[unit_id] = count
    return units


@router.get("/book/{product_id}")
def choose_slot(
    request: Request,
    product_id: str,
    services: ServicesDep,
    lang: PageLangDep,
    day: date | None = None,
) -> Response:
    service = booking_service(services)
    directory = BookingDirectory(service)
    product = directory.product(product_id)
    option = product.options[0]
    first = day or service.clock.now().date()
    sessions = [
        (s, service.availability(s.id, option.id))
        for s in directory.slots(product.id, first, first + timedelta(days=DAYS_SHOWN))
    ]
    return _page(
        request,
        lang,
        "booking/choose.html",
        product=product,
        option=option,
        sessions=sessions,
        day=first,
    )


@router.post("/book/{product_id}/{slot_id}")
async def hold(
    request: Request,
    product_id: str,
    slot_id: str,
    services: ServicesDep,
    lang: PageLangDep,
) -> Response:
    service = booking_service(services)
    product = BookingDirectory(service).product(product_id)
    option = product.options[0]
    form = dict(await request.form())
    units = _units(form, [u.id for u in option.units])
    try:
        booking = service.hold(
            BookingRequest(product.id, option.id, slot_id, units), actor="web:visitor"
        )
    except SlotSoldOutError:
        return _full(request, lang, service, product.id, slot_id, units)
    except TourlinkError as err:
        return _page(
            request,
            lang,
            "booking/problem.html",
            product=product,
            error=err,
            status_code=err.status,
        )
    return RedirectResponse(
        f"/bookings/{booking.id}/details?lang={lang}", status_code=303
    )


def _full(
    request: Request,
    lang: str,
    service: BookingService,
    product_id: str,
    slot_id: str,
    units: dict[str, int],
) -> Response:
    slot = BookingDirectory(service).slot(slot_id)
    return _page(
        request,
        lang,
        "booking/full.html",
        product_id=product_id,
        slot=slot,
        units=units,
        status_code=409,
    )


@router.post("/book/{product_id}/{slot_id}/waitlist")
async def waitlist(
    request: Request,
    product_id: str,
    slot_id: str,
    services: ServicesDep,
    lang: PageLangDep,
    name: FormText,
    email: FormText,
) -> Response:
    service = booking_service(services)
    option = BookingDirectory(service).product(product_id).options[0]
    form = dict(await request.form())
    units = _units(form, [u.id for u in option.units])
    entry = service.join_waitlist(
        slot_id,
        option.id,
        units,
        Contact(name, email=email or None, language=lang),
        actor="web:visitor",
    )
    return _page(request, lang, "booking/waiting.html", entry=entry)


@router.get("/bookings/{booking_id}/details")
def details(
    request: Request, booking_id: str, services: ServicesDep, lang: PageLangDep
) -> Response:
    service = booking_service(services)
    booking = service.get_booking(booking_id)
    slot = BookingDirectory(service).slot(booking.slot_id)
    status = booking.effective_status(service.clock.now())
    return _page(
        request, lang, "booking/details.html", booking=booking, slot=slot, status=status
    )


@router.post("/bookings/{booking_id}/confirm")
def confirm(
    request: Request,
    booking_id: str,
    services: ServicesDep,
    lang: PageLangDep,
    name: FormText,
    email: FormText = "",
    phone: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    service = booking_service(services)
    contact = Contact(name, email=email or None, phone=phone or None, language=lang)
    return _then_show(
        request,
        lang,
        booking_id,
        lambda: service.confirm(booking_id, contact=contact, actor="web:visitor"),
    )


def _then_show(
    request: Request, lang: Lang, booking_id: str, action: Callable[[], object]
) -> Response:
    """Run a visitor's action on a booking, then show the booking (or the problem)."""
    try:
        action()
    except TourlinkError as err:
        return _page(
            request,
            lang,
            "booking/problem.html",
            product=None,
            error=err,
            status_code=err.status,
        )
    return RedirectResponse(f"/bookings/{booking_id}?lang={lang}", status_code=303)


@router.get("/bookings/{booking_id}")
def show(
    request: Request, booking_id: str, services: ServicesDep, lang: PageLangDep
) -> Response:
    service = booking_service(services)
    booking = service.get_booking(booking_id)
    slot = BookingDirectory(service).slot(booking.slot_id)
    status = booking.effective_status(service.clock.now())
    qr = None
    token = None
    if status in {BookingStatus.CONFIRMED, BookingStatus.REDEEMED}:
        token = service.issue_ticket(booking.id).token
        svg = qr_svg(token)
        qr = Markup(svg[svg.find("<svg") :])
    return _page(
        request,
        lang,
        "booking/show.html",
        booking=booking,
        slot=slot,
        status=status,
        qr=qr,
        token=token,
        day=local_day(slot),
    )


@router.post("/bookings/{booking_id}/cancel")
def cancel(
    request: Request, booking_id: str, services: ServicesDep, lang: PageLangDep
) -> Response:
    service = booking_service(services)
    return _then_show(
        request,
        lang,
        booking_id,
        lambda: service.cancel(
            booking_id, reason="cancelled by the visitor", actor="web:visitor"
        ),
    )
