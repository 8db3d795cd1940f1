"""The traveller's trip planner pages.

``GET /trips`` is the form; posting it plans the trip (no JavaScript needed) and
redirects to ``/trips/{id}``: a day-by-day timeline with a route map per day, costs and
warnings. Lock / remove / move / add / pace and "Book the whole trip" call the JSON API
from ``/static/js/trips.js`` and re-render the page.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tourlink.catalog import EntryType
from tourlink.catalog.search import SearchQuery, entry_kind
from tourlink.core.errors import InvalidInputError, TourlinkError
from tourlink.core.i18n import LANGUAGE_NAMES, LANGUAGES, Lang
from tourlink.trips import InfeasibleRequestError, TripPlan, TripWish
from tourlink.trips.wish import INTEREST_TAGS, MAX_DAYS

from ..api.trip_schemas import PlanStoreDep, trips_for
from ..deps import ServicesDep
from .context import PageLangDep, base_context, remember_language
from .templating import render_html

router = APIRouter(include_in_schema=False)
POINT_KINDS = {"hub", "city_quarter", "landmark", "island", "bay"}
INTERESTS = sorted(INTEREST_TAGS)


def point_names(services: ServicesDep, lang: Lang) -> list[str]:
    """Names of arrival/departure points for the searchable select (hubs first)."""
    page = services.catalog.search(
        SearchQuery(
            types=(EntryType.PLACE,), sort="name", sort_language=lang, limit=500
        )
    )
    hits = [h.entry for h in page.items if entry_kind(h.entry) in POINT_KINDS]
    hits.sort(key=lambda e: entry_kind(e) != "hub")
    return [e.name.localize(lang) for e in hits]


def _form_context(
    request: Request, services: ServicesDep, lang: Lang, values: dict[str, Any]
) -> dict[str, Any]:
    return {
        **base_context(request, lang),
        "points": point_names(services, lang),
        "interests": INTERESTS,
        "languages_all": [(c, LANGUAGE_NAMES[c]) for c in LANGUAGES],
        "values": values,
        "max_days": MAX_DAYS,
    }


def default_values(today: date, lang: str) -> dict[str, Any]:
    return {
        "start": "",
        "end": "",
        "arrive": f"{today.replace(day=1).isoformat()}T10:30",
        "depart": "",
        "adults": 2,
        "children": 0,
        "seniors": 0,
        "pace": "normal",
        "budget": "",
        "diet": "none",
        "wheelchair": False,
        "language": lang,
        "interests": dict.fromkeys(INTERESTS, 1),
    }


@router.get("/trips")
def planner_form(
    request: Request, services: ServicesDep, lang: PageLangDep
) -> Response:
    today = services.clock.now().date()
    context = _form_context(request, services, lang, default_values(today, lang))
    context["values"]["arrive"] = ""
    html = render_html(request, "trips/planner.html", context, lang)
    return remember_language(request, html)


def _mode(name: str) -> str:
    lowered = name.lower()
    return "flight" if "airport" in lowered or "sân bay" in lowered else "road"


def wish_from_form(form: dict[str, Any]) -> TripWish:
    """The wish of the planner form (names are resolved by the service)."""
    try:
        arrive = datetime.fromisoformat(str(form["arrive"]))
        depart = datetime.fromisoformat(str(form["depart"]))
    except ValueError:
        raise InvalidInputError(
            "give the arrival and departure as a date and a time", field="arrive"
        ) from None
    if depart <= arrive:
        raise InfeasibleRequestError(
            "arrival_after_departure",
            "the departure is not after the arrival",
            "choose a departure later than the arrival",
            field="depart",
        )
    budget = str(form.get("budget") or "").replace(",", "").replace(".", "").strip()
    return TripWish.parse(
        {
            "start_date": arrive.date(),
            "days": (depart.date() - arrive.date()).days + 1,
            "arrival": {
                "point": form["start"],
                "time": time(arrive.hour, arrive.minute),
                "by": form.get("arrive_by") or _mode(str(form["start"])),
            },
            "departure": {
                "point": form["end"],
                "time": time(depart.hour, depart.minute),
                "by": form.get("depart_by") or _mode(str(form["end"])),
            },
            "party": {
                "adults": form.get("adults") or 0,
                "children": form.get("children") or 0,
                "seniors": form.get("seniors") or 0,
            },
            "interests": form["interests"],
            "must_see": [
                m.strip() for m in str(form.get("must") or "").split(",") if m.strip()
            ],
            "pace": form.get("pace") or "normal",
            "budget_per_person_vnd": int(budget) if budget.isdigit() else None,
            "dietary": form.get("diet") or "none",
            "wheelchair": bool(form.get("wheelchair")),
            "language": form.get("language") or "en",
        }
    )


@router.post("/trips")
async def plan_from_form(
    request: Request,
    services: ServicesDep,
    store: PlanStoreDep,
    lang: PageLangDep,
    start: Annotated[str, Form(max_length=200)],
    end: Annotated[str, Form(max_length=200)],
    arrive: Annotated[str, Form(max_length=40)],
    depart: Annotated[str, Form(max_length=40)],
) -> Response:
    raw = await request.form()
    form: dict[str, Any] = {k: raw.get(k) for k in raw}
    form.update(start=start, end=end, arrive=arrive, depart=depart)
    form["wheelchair"] = raw.get("wheelchair") is not None
    form["interests"] = {
        i: int(str(raw.get(f"interest_{i}") or 1))
        for i in INTERESTS
        if str(raw.get(f"interest_{i}") or "1").isdigit()
    }
    try:
        wish = wish_from_form(form)
        plan = trips_for(services).plan(wish)
    except TourlinkError as exc:
        context = _form_context(request, services, lang, form)
        context["problem"] = {
            "code": exc.code,
            "explanation": exc.context.get("explanation", exc.message),
            "suggestion": exc.context.get("suggestion", ""),
        }
        return render_html(
            request, "trips/planner.html", context, lang, status_code=exc.status
        )
    plan_id = store.add(plan)
    return RedirectResponse(f"/trips/{plan_id}?lang={lang}", status_code=303)


def map_days(plan: TripPlan) -> list[dict[str, Any]]:
    """Per day: the route polyline and the stops (name, kind) for the day's map."""
    entries = plan.built.entries
    days = []
    for day, route in zip(plan.days, plan.route, strict=False):
        stops = []
        for item in day.items:
            entry = entries.get(item.id or "")
            if item.kind != "travel" and entry is not None and entry.location:
                loc = entry.location
                stops.append(
                    {
                        "name": item.name,
                        "kind": item.kind,
                        "lat": loc.lat,
                        "lon": loc.lon,
                    }
                )
        days.append({"route": [list(p) for p in route], "stops": stops})
    return days


@router.get("/trips/{plan_id}")
def plan_page(
    request: Request,
    plan_id: str,
    services: ServicesDep,
    store: PlanStoreDep,
    lang: PageLangDep,
) -> Response:
    plan = store.get(plan_id)
    built = plan.built
    context = {
        **base_context(request, lang),
        "plan_id": plan_id,
        "plan": plan,
        "wish": built.wish,
        "locked": {lk.entry_id for lk in built.locks},
        "maps": map_days(plan),
        "points": point_names(services, lang),
        "booking": getattr(services, "booking", None) is not None,
    }
    return render_html(request, "trips/plan.html", context, lang)
