"""``/api/v1`` booking endpoints: products, slots, availability, bookings, packages,
waiting lists, manifests and check-in. Errors are RFC 9457 problems (the app's handler
maps the domain's errors); writes that create bookings honour ``Idempotency-Key``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse, Response

from tourlink.accounts import Principal, Role
from tourlink.booking import (
    BookingService,
    InvalidBookingDataError,
    PackageItem,
    Slot,
    SlotState,
)
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import PermissionDeniedError, UnauthenticatedError

from ..deps import PrincipalDep, ServicesDep
from ..octo.directory import BookingDirectory, booking_service
from .booking_schemas import (
    BulkSlotsBody,
    CancelBody,
    CheckinBody,
    CloseBody,
    ConfirmBody,
    HoldBody,
    ModifyBody,
    PackageBody,
    SlotBody,
    WaitlistBody,
    actor_of,
    booking_json,
    contact_of,
    place_booking,
    slot_json,
)

router = APIRouter(tags=["Bookings"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
MAX_BULK_SLOTS = 1000


async def _service(services: ServicesDep) -> BookingService:
    # ``async``: a plain attribute read needs no trip through the thread pool.
    return booking_service(services)


ServiceDep = Annotated[BookingService, Depends(_service)]


def require_staff(principal: PrincipalDep) -> Principal:
    """Operators, site managers and admins manage slots, manifests and check-in."""
    if not principal.is_authenticated:
        raise UnauthenticatedError("sign in as an operator or site manager")
    if not principal.has(Role.OPERATOR, Role.SITE_MANAGER):
        raise PermissionDeniedError(
            f"the {principal.role.value} role may not manage sessions",
            context={"role": principal.role.value},
        )
    return principal


StaffDep = Annotated[Principal, Depends(require_staff)]


# --- products, slots, availability ------------------------------------------------------
@router.get("/products", summary="Bookable products")
def list_products(service: ServiceDep) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "experience_id": p.experience_id,
            "title": p.title,
            "options": [
                {
                    "id": o.id,
                    "title": o.title,
                    "units": [{"id": u.id, "price_vnd": u.price_vnd} for u in o.units],
                }
                for o in p.options
            ],
        }
        for p in BookingDirectory(service).products()
    ]


@router.get("/slots", summary="Slots of a product between two local dates")
def list_slots(
    service: ServiceDep,
    product_id: Annotated[str, Query(max_length=100)],
    start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:
    directory = BookingDirectory(service)
    directory.product(product_id)
    return [slot_json(s) for s in directory.slots(product_id, start, end)]


def _new_slot(
    body: SlotBody | BulkSlotsBody, start: datetime, slot_id: str | None
) -> Slot:
    return Slot(
        slot_id or f"{body.product_id}-{start.astimezone(LOCAL_TZ):%Y%m%d-%H%M}",
        body.product_id,
        start,
        start + timedelta(minutes=body.minutes),
        cutoff=timedelta(minutes=body.cutoff_minutes),
    )


@router.post("/slots", status_code=201, summary="Create one slot")
def create_slot(body: SlotBody, service: ServiceDep, staff: StaffDep) -> dict[str, Any]:
    try:
        start = datetime.fromisoformat(body.start)
    except ValueError:
        raise InvalidBookingDataError(
            f"start {body.start!r} is not an ISO date-time", field="start"
        ) from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=LOCAL_TZ)
    slot = service.register_slot(_new_slot(body, start, body.id), actor=actor_of(staff))
    return slot_json(slot)


def bulk_slots(body: BulkSlotsBody) -> list[Slot]:
    """The slots of a bulk request: every (week)day × every local start time."""
    if body.last_day < body.first_day:
        raise InvalidBookingDataError("last_day is before first_day", field="last_day")
    days = (body.last_day - body.first_day).days + 1
    if days * len(body.times) > MAX_BULK_SLOTS:
        raise InvalidBookingDataError(
            f"at most {MAX_BULK_SLOTS} slots at once; split the period",
            field="last_day",
        )
    slots = []
    for offset in range(days):
        day = body.first_day + timedelta(days=offset)
        if body.weekdays is not None and day.isoweekday() not in body.weekdays:
            continue
        for at in sorted(body.times):
            start = datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)
            slots.append(_new_slot(body, start, None))
    return slots


@router.post(
    "/slots/bulk", status_code=201, summary="Create slots every day at set times"
)
def create_slots(
    body: BulkSlotsBody, service: ServiceDep, staff: StaffDep
) -> dict[str, Any]:
    BookingDirectory(service).product(body.product_id)
    slots = bulk_slots(body)
    for slot in slots:
        service.register_slot(slot, actor=actor_of(staff))
    return {"created": len(slots), "slots": [s.id for s in slots]}


@router.post("/slots/{slot_id}/close", summary="Close a slot to sales")
def close_slot(
    slot_id: str, body: CloseBody, service: ServiceDep, staff: StaffDep
) -> dict[str, Any]:
    return slot_json(
        service.close_slot(slot_id, reason=body.reason, actor=actor_of(staff))
    )


@router.post("/slots/{slot_id}/reopen", summary="Reopen a closed slot")
def reopen_slot(slot_id: str, service: ServiceDep, staff: StaffDep) -> dict[str, Any]:
    slot = service.reopen_slot(slot_id, actor=actor_of(staff))
    assert slot.state is SlotState.OPEN
    return slot_json(slot)


@router.get("/availability", summary="Availability of a slot for a party")
def availability(
    service: ServiceDep,
    slot_id: Annotated[str, Query(max_length=100)],
    option_id: Annotated[str, Query(max_length=100)],
    adult: Annotated[int | None, Query(ge=-1000, le=10_000)] = None,
    child: Annotated[int | None, Query(ge=-1000, le=10_000)] = None,
    senior: Annotated[int | None, Query(ge=-1000, le=10_000)] = None,
) -> dict[str, Any]:
    party = {
        k: v
        for k, v in (("adult", adult), ("child", child), ("senior", senior))
        if v is not None
    }
    found = service.availability(slot_id, option_id, party or None)
    return {
        "slot_id": found.slot_id,
        "status": found.status.value,
        "remaining": found.remaining,
        "capacity": found.capacity,
        "fits": found.fits,
        "waiting": found.waiting,
    }


# --- bookings -----------------------------------------------------------------------------
@router.post(
    "/bookings",
    status_code=201,
    response_model=dict[str, Any],
    summary="Hold (or book) places",
)
def hold(
    body: HoldBody,
    service: ServiceDep,
    principal: PrincipalDep,
    key: IdempotencyKey = None,
) -> Response:
    booking = place_booking(service, body, principal, key)
    # The hot path: the body is plain JSON already, so it is encoded once here rather
    # than validated against ``dict[str, Any]`` and walked by ``jsonable_encoder``.
    return JSONResponse(booking_json(booking, service.clock.now()), status_code=201)


@router.get("/bookings/{booking_id}", summary="A booking")
def get_booking(booking_id: str, service: ServiceDep) -> dict[str, Any]:
    return booking_json(service.get_booking(booking_id), service.clock.now())


@router.post("/bookings/{booking_id}/confirm", summary="Confirm a hold")
def confirm(
    booking_id: str, body: ConfirmBody, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    booking = service.confirm(
        booking_id, contact=contact_of(body.contact), actor=actor_of(principal)
    )
    return booking_json(booking, service.clock.now())


@router.post("/bookings/{booking_id}/cancel", summary="Cancel (refund per policy)")
def cancel(
    booking_id: str, body: CancelBody, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    booking = service.cancel(booking_id, reason=body.reason, actor=actor_of(principal))
    return booking_json(booking, service.clock.now())


@router.patch("/bookings/{booking_id}", summary="Change party or slot in place")
def modify(
    booking_id: str, body: ModifyBody, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    booking = service.modify(
        booking_id, units=body.units, slot_id=body.slot_id, actor=actor_of(principal)
    )
    return booking_json(booking, service.clock.now())


# --- packages, waiting lists --------------------------------------------------------------
@router.post(
    "/packages/bookings", status_code=201, summary="Hold a package, all or nothing"
)
def hold_package(
    body: PackageBody,
    service: ServiceDep,
    principal: PrincipalDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    items = [
        PackageItem(i.product_id, i.option_id, i.slot_id, i.units) for i in body.items
    ]
    package = service.hold_package(
        items,
        contact=contact_of(body.contact),
        idempotency_key=key,
        actor=actor_of(principal),
    )
    return _package_json(service, package.id)


def _package_json(service: BookingService, package_id: str) -> dict[str, Any]:
    now = service.clock.now()
    return {
        "id": package_id,
        "bookings": [
            booking_json(b, now) for b in service.package_bookings(package_id)
        ],
    }


@router.get("/packages/bookings/{package_id}", summary="A package")
def get_package(package_id: str, service: ServiceDep) -> dict[str, Any]:
    return _package_json(service, package_id)


@router.post("/packages/bookings/{package_id}/confirm", summary="Confirm every item")
def confirm_package(
    package_id: str, body: ConfirmBody, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    service.confirm_package(
        package_id, contact=contact_of(body.contact), actor=actor_of(principal)
    )
    return _package_json(service, package_id)


@router.post("/packages/bookings/{package_id}/cancel", summary="Cancel every item")
def cancel_package(
    package_id: str, body: CancelBody, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    service.cancel_package(package_id, reason=body.reason, actor=actor_of(principal))
    return _package_json(service, package_id)


@router.post(
    "/slots/{slot_id}/waitlist",
    status_code=201,
    summary="Join a sold-out slot's waiting list",
)
def join_waitlist(
    slot_id: str, body: WaitlistBody, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    contact = contact_of(body.contact)
    assert contact is not None
    entry = service.join_waitlist(
        slot_id, body.option_id, body.units, contact, actor=actor_of(principal)
    )
    return {
        "id": entry.id,
        "slot_id": entry.slot_id,
        "position": entry.position,
        "status": entry.effective_status(service.clock.now()).value,
    }


# --- manifests, check-in -------------------------------------------------------------------
@router.get(
    "/slots/{slot_id}/manifest", summary="Who is booked (JSON, or CSV with ?format=csv)"
)
def manifest(
    slot_id: str,
    service: ServiceDep,
    staff: StaffDep,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Any:
    del staff
    found = service.manifest(slot_id)
    if format == "csv":
        return Response(
            found.to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="manifest-{slot_id}.csv"'
            },
        )
    return {
        "slot_id": found.slot_id,
        "total_units": found.total_units,
        "checked_in_units": found.checked_in_units,
        "rows": [
            {
                "booking_id": r.booking_id,
                "name": r.name,
                "units": dict(r.units),
                "status": r.status.value,
                "checked_in": r.checked_in,
            }
            for r in found.rows
        ],
    }


@router.post("/checkin", summary="Scan a ticket: admits its party once")
def checkin(body: CheckinBody, service: ServiceDep, staff: StaffDep) -> dict[str, Any]:
    booking = service.check_in(body.token, actor=actor_of(staff))
    return booking_json(booking, service.clock.now())
