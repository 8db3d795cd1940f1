"""Read a planner ``Result`` as a traveller's day-by-day plan: ``TripPlan``.

Every item has a ``kind`` (visit, show, meal, hotel, travel), the catalogue ``id`` where
there is one, a localised ``name``, aware ``start``/``end`` (ISO 8601 with ``+07:00``),
``mode`` and ``minutes`` for travel, ``cost`` in VND for the whole party and ``why``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from tourlink.planner import Result

from .build import Built
from .excursions import Excursion
from .explain import LONG_TRANSFER_MINUTES, PlanWarning, warning
from .scoring import Reason, why_text

ItemKind = Literal["visit", "show", "meal", "hotel", "travel"]


class PlanItem(BaseModel):
    """One line of a day."""

    model_config = ConfigDict(frozen=True)

    kind: ItemKind
    id: str | None
    name: str
    start: datetime
    end: datetime
    mode: str | None = None
    minutes: int | None = None
    cost: int = 0
    why: str = ""


class PlanDay(BaseModel):
    """One day of the plan."""

    model_config = ConfigDict(frozen=True)

    day: int
    date: date
    items: list[PlanItem]


class CostBreakdown(BaseModel):
    """What the trip costs the whole party, in VND."""

    model_config = ConfigDict(frozen=True)

    tickets: int = 0
    meals: int = 0
    hotels: int = 0
    transport: int = 0
    total: int = 0


class TripPlan(BaseModel):
    """A planned trip; ``to_json()`` is the API shape."""

    model_config = ConfigDict(frozen=True)

    language: str
    days: list[PlanDay]
    total_cost: CostBreakdown
    score: float
    warnings: list[PlanWarning]
    route: list[list[tuple[float, float]]]
    """Per day, the (lat, lon) of every stop in order, for the map."""

    _built: Built | None = PrivateAttr(default=None)
    _result: Result | None = PrivateAttr(default=None)

    @property
    def built(self) -> Built:
        """The planner problem behind the plan (for checks and re-planning)."""
        assert self._built is not None
        return self._built

    @property
    def result(self) -> Result:
        """The planner result behind the plan."""
        assert self._result is not None
        return self._result

    def attach(self, built: Built, result: Result) -> TripPlan:
        """Keep the planner problem and result behind this plan; returns ``self``."""
        self._built, self._result = built, result
        return self

    def items(self) -> list[PlanItem]:
        """Every item of every day, in order."""
        return [item for day in self.days for item in day.items]

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data (datetimes as ISO 8601 with offset)."""
        return self.model_dump(mode="json")


def make_plan(built: Built, result: Result) -> TripPlan:
    """Translate ``result`` of ``built.problem`` into a ``TripPlan``."""
    reader = _Reader(built)
    days = []
    for t, tour in enumerate(result.tours):
        days.append(reader.day(t, tour, result))
    cost = reader.cost
    cost["transport"] += built.reserve_transport
    breakdown = CostBreakdown(**cost, total=sum(cost.values()))
    plan = TripPlan(
        language=built.wish.language,
        days=days,
        total_cost=breakdown,
        score=round(result.score, 4),
        warnings=reader.warnings(),
        route=reader.routes,
    )
    return plan.attach(built, result)


class _Reader:
    def __init__(self, built: Built) -> None:
        self.b = built
        self.lang = built.wish.language
        self.cost = {"tickets": 0, "meals": 0, "hotels": 0, "transport": 0}
        self.routes: list[list[tuple[float, float]]] = []
        self.long: list[PlanItem] = []
        self.shows: list[tuple[str, int]] = []

    def name(self, entry_id: str | None) -> str:
        e = self.b.entries.get(entry_id or "")
        return e.name.localize(self.lang) if e is not None else (entry_id or "")

    def _leg(
        self, items: list[PlanItem], a: int, b: int, start: int, to: str | None
    ) -> None:
        minutes = int(self.b.problem.travel[0][a, b])
        if minutes <= 0:
            return
        pa = self.b.positions[self.b.nodes[a].out_loc]
        pb = self.b.positions[self.b.nodes[b].in_loc]
        item = PlanItem(kind="travel", id=None, name=self.name(to), start=self.b.at(start),
                        end=self.b.at(start + minutes), mode=self.b.travel.mode_between(pa, pb),
                        minutes=minutes)  # fmt: skip
        items.append(item)
        if minutes > LONG_TRANSFER_MINUTES:
            self.long.append(item)

    def _point(self, route: list[tuple[float, float]], loc: int) -> None:
        p = self.b.positions[loc].point
        if not route or route[-1] != (p.lat, p.lon):
            route.append((p.lat, p.lon))

    def leave(self, tour: Any) -> int:
        """When the day really starts: as late as the first visit allows."""
        if not tour.visits:
            return int(tour.departure)
        first = tour.visits[0]
        minutes = int(self.b.problem.travel[0][tour.start_node, first.node])
        return max(int(tour.departure), int(first.start) - minutes)

    def day(self, t: int, tour: Any, result: Result) -> PlanDay:
        b = self.b
        items: list[PlanItem] = []
        route: list[tuple[float, float]] = []
        prev, clock = tour.start_node, self.leave(tour)
        self._point(route, b.nodes[prev].out_loc)
        for v in tour.visits:
            info = b.nodes[v.node]
            to = info.entry_id
            if info.kind == "skip":
                at_end = info.in_loc == b.nodes[1].in_loc
                to = b.nodes[1 if at_end else 0].entry_id
            self._leg(items, prev, v.node, clock, to)
            prev, clock = v.node, v.end
            if info.kind == "skip":
                continue
            if info.excursion is not None:
                self._excursion(items, route, info.excursion, t)
                continue
            self._point(route, info.in_loc)
            why = why_text(info.reasons, self.lang)
            items.append(PlanItem(kind=info.kind, id=info.entry_id, name=self.name(info.entry_id),
                                  start=b.at(v.start), end=b.at(v.start + info.duration),
                                  cost=info.cost, why=why))  # fmt: skip
            self.cost["meals" if info.kind == "meal" else "tickets"] += info.cost
            if info.kind == "show":
                self.shows.append((info.entry_id or "", v.start))
        end = b.nodes[tour.end_node]
        self._leg(items, prev, tour.end_node, clock, end.entry_id)
        self._point(route, end.in_loc)
        if end.kind == "hotel":
            nxt = self.leave(result.tours[t + 1])
            items.append(PlanItem(kind="hotel", id=end.entry_id, name=self.name(end.entry_id),
                                  start=b.at(tour.return_time), end=b.at(nxt), cost=end.nightly,
                                  why=why_text(end.reasons, self.lang)))  # fmt: skip
            self.cost["hotels"] += end.nightly
        self.routes.append(route)
        return PlanDay(day=t + 1, date=b.at(t * 1440).date(), items=items)

    def _excursion(self, items: list[PlanItem], route: list[tuple[float, float]],
                   exc: Excursion, t: int) -> None:  # fmt: skip
        b, x = self.b, exc.days[t]
        party = b.wish.party.size
        for crossing, dep, arr in ((x.out, x.depart_out, x.arrive_out),
                                   (x.back, x.depart_back, x.arrive_back)):  # fmt: skip
            fare = crossing.fare_vnd * party
            self.cost["transport"] += fare
            item = PlanItem(kind="travel", id=crossing.link_id, name=self.name(crossing.to_id),
                            start=b.at(dep), end=b.at(arr), mode=crossing.mode,
                            minutes=arr - dep, cost=fare)  # fmt: skip
            if crossing is x.back:
                items.append(item)
                continue
            items.append(item)
            clock = arr
            for ts in x.stops:
                s = ts.stop
                if ts.arrival > clock:
                    items.append(PlanItem(kind="travel", id=None, name=self.name(s.entry_id),
                                          start=b.at(clock), end=b.at(ts.arrival), mode=b.travel.mode,
                                          minutes=ts.arrival - clock))  # fmt: skip
                reasons = b.nodes[0].reasons
                why = why_text(
                    self._reasons(s.entry_id, s.kind, s.meal), self.lang
                ) or why_text(reasons, self.lang)
                self._point(route, s.loc)
                items.append(PlanItem(kind=s.kind, id=s.entry_id, name=self.name(s.entry_id),
                                      start=b.at(ts.start), end=b.at(ts.end), cost=s.cost, why=why))  # fmt: skip
                self.cost["meals" if s.kind == "meal" else "tickets"] += s.cost
                clock = ts.end

    def _reasons(
        self, entry_id: str, kind: str, meal: str | None
    ) -> tuple[Reason, ...]:
        if kind == "meal":
            diet = self.b.wish.dietary
            code = "meal" if diet == "none" else f"meal_{diet}"
            return (Reason(code, (("meal", meal or "lunch"),)),)
        return tuple(self.b.reasons.get(entry_id, ()))

    def warnings(self) -> list[PlanWarning]:
        out = []
        for code, ref, params in self.b.notes:
            out.append(warning(code, self.lang, ref, name=self.name(ref), **params))
        for ref, minute in self.shows:
            left = self.b.almost_full.get((ref, minute))
            if left is not None:
                out.append(warning("show_almost_full", self.lang, ref, name=self.name(ref),
                                   left=left - self.b.wish.party.size))  # fmt: skip
        for item in self.long:
            out.append(warning("long_transfer", self.lang, None, name=item.name,
                               minutes=item.minutes))  # fmt: skip
        return out
