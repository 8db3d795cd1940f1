"""``/api/v1/plans``: plan a trip, read it, edit and re-plan it, export it, book it.

Plans are kept by the services' plan store (SQL in deployments, see
:mod:`tourlink.services.trip_store`). A wish that cannot be planned answers a problem whose ``code`` names the reason
(``dates_in_past``, ``unknown_place``, ``budget_below_hotels``...) with ``explanation``
(what cannot be met) and ``suggestion`` (what would make it possible).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response

from tourlink.services.plan_booking import PlanItemSoldOutError, book_plan
from tourlink.trips import InfeasibleRequestError, TripWish, to_ics

from ..deps import ServicesDep
from ..octo.directory import BookingDirectory, booking_service
from ..pdf import pdf_response
from .trip_schemas import (
    BookPlanBody,
    EditsBody,
    PlanStoreDep,
    plan_json,
    trip_problem,
    trips_for,
)

router = APIRouter(prefix="/plans", tags=["Trip plans"])

INFEASIBLE = {
    422: {
        "description": "The wish cannot be planned: `code` names why, `explanation` "
        "what cannot be met and `suggestion` what would make it possible.",
        "content": {"application/problem+json": {}},
    }
}


@router.post(
    "",
    status_code=201,
    summary="Plan a trip",
    responses=INFEASIBLE,  # type: ignore[arg-type]
)
def create_plan(
    request: Request, wish: TripWish, services: ServicesDep, store: PlanStoreDep
) -> Any:
    try:
        plan = trips_for(services).plan(wish)
    except InfeasibleRequestError as exc:
        return trip_problem(request, exc)
    plan_id = store.add(plan)
    return JSONResponse(
        plan_json(plan_id, plan),
        status_code=201,
        headers={"Location": f"/api/v1/plans/{plan_id}"},
    )


@router.get("/{plan_id}.ics", summary="The plan as iCalendar")
def plan_ics(plan_id: str, store: PlanStoreDep) -> Response:
    plan = store.get(plan_id)
    return Response(
        to_ics(plan),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="trip-{plan_id}.ics"'},
    )


@router.get("/{plan_id}.pdf", summary="The plan as a printable PDF")
def plan_pdf(plan_id: str, store: PlanStoreDep) -> Response:
    return pdf_response(store.get(plan_id), f"trip-{plan_id}.pdf")


@router.get("/{plan_id}", summary="A planned trip")
def get_plan(plan_id: str, store: PlanStoreDep) -> dict[str, Any]:
    return plan_json(plan_id, store.get(plan_id))


@router.post(
    "/{plan_id}/edits",
    summary="Lock, remove, add, move items or change the pace; re-plan the rest",
    responses=INFEASIBLE,  # type: ignore[arg-type]
)
def edit_plan(
    request: Request,
    plan_id: str,
    body: EditsBody,
    services: ServicesDep,
    store: PlanStoreDep,
) -> Any:
    plan = store.get(plan_id)
    try:
        new_plan = trips_for(services).replan(plan, body.domain())
    except InfeasibleRequestError as exc:
        return trip_problem(request, exc)
    store.replace(plan_id, new_plan)
    return plan_json(plan_id, new_plan)


@router.post(
    "/{plan_id}/book",
    status_code=201,
    summary="Book every bookable item of the plan as one package (all or nothing)",
    responses={
        409: {
            "description": "An item sold out meanwhile; nothing was held. "
            "`alternatives` lists other sessions during the trip that fit.",
            "content": {"application/problem+json": {}},
        }
    },
)
def book_whole_plan(
    request: Request,
    plan_id: str,
    body: BookPlanBody,
    services: ServicesDep,
    store: PlanStoreDep,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=200)
    ] = None,
) -> Any:
    plan = store.get(plan_id)
    service = booking_service(services)
    try:
        booked = book_plan(
            plan,
            service,
            BookingDirectory(service),
            body.contact_of(plan.language),
            idempotency_key=idempotency_key,
        )
    except PlanItemSoldOutError as exc:
        return trip_problem(request, exc)
    return JSONResponse({"plan_id": plan_id, **booked.to_json()}, status_code=201)
