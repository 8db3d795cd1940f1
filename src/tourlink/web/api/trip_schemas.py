"""Request bodies and answers of the trip planner API, and what its routes share.

* :func:`trips_for` - the request's ``TripService`` (the container's, else one over the
  catalogue with live availability from the booking service when there is one);
* :func:`plan_store` - the services' plan store (SQL in deployments), else one in this
  process's memory (``app.state.trip_plans``);
* :func:`plan_json` - a stored plan as the API's JSON (the domain's ``to_json()`` plus id,
  locks and links);
* :func:`trip_problem` - an ``InfeasibleRequestError`` as problem+json with
  ``explanation`` and ``suggestion`` members (what cannot be met, what would make it
  possible); a sold-out plan item with its ``alternatives``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from tourlink.booking import Contact
from tourlink.core.errors import TourlinkError
from tourlink.services.container import Services
from tourlink.services.plan_booking import BookingAvailability
from tourlink.services.trip_store import MemoryPlanStore, PlanStore
from tourlink.services.trips import TripService
from tourlink.trips import (
    AddItem,
    ChangePace,
    Edit,
    LockItem,
    MoveItem,
    RemoveItem,
    TripPlan,
    UnknownAvailability,
)
from tourlink.trips.wish import Pace

from ..octo.directory import BookingDirectory
from ..problems import PROBLEM_MEDIA_TYPE, problem_title, problem_type


def trips_for(services: Services) -> TripService:
    """The trip service of ``services`` (built over its catalogue when not wired)."""
    if services.trips is not None:
        return services.trips
    booking = getattr(services, "booking", None)
    availability = (
        BookingAvailability(booking, BookingDirectory(booking))
        if booking is not None
        else UnknownAvailability()
    )
    return TripService(services.catalog, availability, services.clock)


def plan_store(request: Request) -> PlanStore:
    """The services' plans, else those of this process (created on first use)."""
    services = getattr(request.app.state, "services", None)
    shared: PlanStore | None = getattr(services, "plans", None)
    if shared is not None:
        return shared
    store = getattr(request.app.state, "trip_plans", None)
    if store is None:
        store = request.app.state.trip_plans = MemoryPlanStore()
    assert isinstance(store, MemoryPlanStore)
    return store


PlanStoreDep = Annotated[PlanStore, Depends(plan_store)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LockEdit(_Body):
    """Keep the item where it is (its day as planned)."""

    op: Literal["lock"]
    id: Annotated[str, Field(min_length=1, max_length=200)]
    day: Annotated[int, Field(ge=1, le=7)]


class RemoveEdit(_Body):
    """Never plan this item again."""

    op: Literal["remove"]
    id: Annotated[str, Field(min_length=1, max_length=200)]


class AddEdit(_Body):
    """Plan this catalogue entry (an id or a name in any language) for sure."""

    op: Literal["add"]
    id: Annotated[str, Field(min_length=1, max_length=200)]


class MoveEdit(_Body):
    """Plan the item on another day (1-based)."""

    op: Literal["move"]
    id: Annotated[str, Field(min_length=1, max_length=200)]
    day: Annotated[int, Field(ge=1, le=7)]


class PaceEdit(_Body):
    """Re-plan at another pace."""

    op: Literal["pace"]
    pace: Pace


AnyEdit = Annotated[
    LockEdit | RemoveEdit | AddEdit | MoveEdit | PaceEdit, Field(discriminator="op")
]


class EditsBody(_Body):
    """Edits applied in order, then the rest of the plan is re-planned."""

    edits: Annotated[list[AnyEdit], Field(min_length=1, max_length=50)]

    def domain(self) -> list[Edit]:
        out: list[Edit] = []
        for e in self.edits:
            if isinstance(e, LockEdit):
                out.append(LockItem(e.id, e.day))
            elif isinstance(e, RemoveEdit):
                out.append(RemoveItem(e.id))
            elif isinstance(e, AddEdit):
                out.append(AddItem(e.id))
            elif isinstance(e, MoveEdit):
                out.append(MoveItem(e.id, e.day))
            else:
                out.append(ChangePace(e.pace))
        return out


class ContactBody(_Body):
    """The lead traveller."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str | None, Field(max_length=320)] = None
    phone: Annotated[str | None, Field(max_length=40)] = None


class BookPlanBody(_Body):
    """Who books the whole plan."""

    contact: ContactBody

    def contact_of(self, lang: str) -> Contact:
        c = self.contact
        return Contact(c.name, email=c.email, phone=c.phone, language=lang)


def plan_json(plan_id: str, plan: TripPlan) -> dict[str, Any]:
    """The API's plan: ``to_json()`` plus ``id``, the wish, locks, moves and links."""
    built = plan.built
    base = f"/api/v1/plans/{plan_id}"
    return {
        "id": plan_id,
        **plan.to_json(),
        "wish": built.wish.model_dump(mode="json"),
        "locked": [
            {"id": lk.entry_id, "day": lk.day + 1, "start": lk.start.isoformat()}
            for lk in built.locks
        ],
        "moved": [{"id": k, "day": d + 1} for k, d in built.moves.items()],
        "links": {
            "self": base,
            "edits": f"{base}/edits",
            "ics": f"{base}.ics",
            "pdf": f"{base}.pdf",
            "book": f"{base}/book",
            "page": f"/trips/{plan_id}",
        },
    }


EXTRA_MEMBERS = ("explanation", "suggestion", "alternatives", "item", "refs", "day")


def trip_problem(request: Request, exc: TourlinkError) -> JSONResponse:
    """``exc`` as problem+json with its explanation, suggestion and alternatives."""
    body: dict[str, Any] = {
        "type": problem_type(exc.code),
        "title": problem_title(exc.code, exc.status),
        "status": exc.status,
        "detail": exc.message,
        "instance": request.url.path,
        "code": exc.code,
        "errors": [],
    }
    if exc.field:
        body["errors"].append(
            {
                "pointer": "/body/" + exc.field.replace(".", "/"),
                "field": exc.field,
                "message": exc.message,
                "code": exc.code,
            }
        )
    for e in exc.errors:
        body["errors"].append(
            {
                "pointer": "/body/" + "/".join(str(p) for p in e.path),
                "field": e.dotted,
                "message": e.message,
                "code": e.code,
            }
        )
    for key in EXTRA_MEMBERS:
        if key in exc.context:
            body[key] = exc.context[key]
    return JSONResponse(body, status_code=exc.status, media_type=PROBLEM_MEDIA_TYPE)
