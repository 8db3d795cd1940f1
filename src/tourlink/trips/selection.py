"""Choose from the catalogue what a wish can use: terminals, hotels, sights, shows, meals.

Every rule that filters or prices a candidate lives here (wheelchair access, dietary
needs, never items, opening hours, sold-out sessions, hotel budget); ``build`` assembles
the chosen candidates into a planner ``Problem``. Times are minutes from midnight before
day 1, local time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from tourlink.catalog import (
    AnyEntryT,
    Experience,
    Place,
    PlaceKind,
    Provider,
    ProviderKind,
    Tag,
)
from tourlink.catalog import opening_hours as oh
from tourlink.core.clock import LOCAL_TZ
from tourlink.planner import Node

from .errors import InfeasibleRequestError
from .excursions import Excursion, Stop
from .ports import ALMOST_FULL_PLACES, AvailabilitySource, RoutingClient
from .scoring import Reason, score_entry, with_diversity
from .travel import IslandZone, Position, TravelModel, location_of, zone_of
from .wish import ARRIVAL_BUFFER_MINUTES, DEPARTURE_BUFFER_MINUTES, TripWish

DEFAULT_OPENING = "Mo-Su 08:00-17:30"
"""Assumed opening hours of a place or experience that gives none."""
MAX_VISIT_MINUTES = 180
"""A planned visit lasts at most 3 h (an island "visit" of 24 h becomes a half day)."""
MEALS_RULES: dict[str, tuple[time, time, int]] = {
    "lunch": (time(11, 0), time(14, 0), 60),
    "dinner": (time(18, 0), time(22, 0), 75),
}
"""Meal: earliest start, latest end, minutes at the table."""
MEAL_REACH_MINUTES = 30
"""A meal is planned on a day only if the day leaves this much slack around it."""
HOTEL_SHARE = 0.6
"""Hotels may take at most this share of the total budget."""
DIETARY_OK: dict[str, frozenset[str]] = {
    "halal": frozenset({"halal"}),
    "vegetarian": frozenset({"vegetarian", "vegan"}),
}


@dataclass(frozen=True)
class Lock:
    """Keep an item: ``entry_id`` (a restaurant: its id; an excursion: ``excursion:<zone>``)
    on ``day`` (0-based) starting at ``start``."""

    entry_id: str
    day: int
    start: datetime


@dataclass(frozen=True)
class NodeInfo:
    """What planner node ``i`` stands for."""

    kind: str
    entry_id: str | None
    in_loc: int
    out_loc: int
    duration: int = 0
    cost: int = 0
    cost_kind: str = "tickets"
    reasons: tuple[Reason, ...] = ()
    day: int | None = None
    excursion: Excursion | None = None
    nightly: int = 0

    @property
    def key(self) -> str:
        """Stable identity across re-builds (a restaurant copy includes its day)."""
        base = self.entry_id or self.kind
        return f"{base}@{self.day}" if self.kind in ("meal", "skip") else base


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _name(entries: Mapping[str, AnyEntryT], entry_id: str) -> str:
    e = entries.get(entry_id)
    return e.name.localize("en") if e is not None else entry_id


def _point(entry: AnyEntryT, entries: Mapping[str, AnyEntryT]) -> Position | None:
    point = location_of(entry)
    parent = getattr(entry, "place_id", None)
    if point is None and parent and parent in entries:
        point = location_of(entries[parent])
    return None if point is None else Position(point)


def _at(
    entry: AnyEntryT, entries: Mapping[str, AnyEntryT], zone: str | None
) -> Position:
    pos = _point(entry, entries)
    if pos is None:
        msg = f"{entry.id} has no location"
        raise ValueError(msg)
    return replace(pos, zone=zone)


def _opening(entry: AnyEntryT, entries: Mapping[str, AnyEntryT]) -> str:
    if entry.opening_hours:
        return entry.opening_hours
    parent = getattr(entry, "place_id", None)
    if parent and parent in entries and entries[parent].opening_hours:
        return str(entries[parent].opening_hours)
    return DEFAULT_OPENING


class Selector:
    """Picks and prices the candidates of one wish; keeps positions and nodes in order."""

    def __init__(
        self,
        wish: TripWish,
        entries: Mapping[str, AnyEntryT],
        availability: AvailabilitySource,
        today: date,
        zones: Sequence[IslandZone],
        routing: RoutingClient | None,
    ) -> None:
        self.wish, self.entries, self.availability = wish, entries, availability
        self.zones = zones
        self.today = today
        self.t0 = datetime.combine(wish.start_date, time(0), LOCAL_TZ)
        self.days = wish.days
        self.party = wish.party.size
        self.positions: list[Position] = []
        self.nodes: list[NodeInfo] = []
        self.node_defs: list[Node] = []
        self.almost_full: dict[tuple[str, int], int] = {}
        self.notes: list[tuple[str, str, dict[str, str]]] = []
        piers = {
            p: loc
            for z in zones
            for p in z.charter_piers
            if p in entries and (loc := location_of(entries[p])) is not None
        }
        self.travel = TravelModel(
            wish.road_vehicle, zones=zones, piers=piers, routing=routing
        )
        self.spans = self._spans()

    # -- checks ---------------------------------------------------------------------
    def _entry(self, ref: str, what: str) -> AnyEntryT:
        entry = self.entries.get(ref)
        if entry is None:
            raise InfeasibleRequestError(
                "unknown_place",
                f"{what} {ref!r} is not in the catalogue",
                "pick a place from the catalogue search (names work in any language)",
                field=what.replace(" ", "_"),
                context={"ref": ref},
            )
        return entry

    def _spans(self) -> list[tuple[int, int]]:
        w, rules = self.wish, self.wish.rules
        if w.start_date < self.today:
            raise InfeasibleRequestError(
                "dates_in_past",
                f"the trip starts on {w.start_date}, before today ({self.today})",
                f"start on {self.today} or later",
                field="start_date",
            )
        arrive = _minute(w.arrival.time) + ARRIVAL_BUFFER_MINUTES[w.arrival.by]
        leave = (self.days - 1) * 1440 + _minute(w.departure.time)
        leave -= DEPARTURE_BUFFER_MINUTES[w.departure.by]
        if leave <= arrive:
            raise InfeasibleRequestError(
                "arrival_after_departure",
                f"arriving at {w.arrival.time:%H:%M} on day 1 leaves no time before "
                f"leaving at {w.departure.time:%H:%M} on day {self.days}",
                "arrive earlier, leave later or add a day",
                field="departure.time",
            )
        spans = []
        for d in range(self.days):
            lo = d * 1440 + _minute(rules.day_start)
            hi = d * 1440 + _minute(rules.day_end)
            if d == 0:
                lo = arrive
            if d == self.days - 1:
                hi = leave
            spans.append((min(lo, hi), hi))
        return spans

    # -- helpers --------------------------------------------------------------------
    def loc(self, pos: Position) -> int:
        """Register a position; its index."""
        self.positions.append(pos)
        return len(self.positions) - 1

    def add(self, info: NodeInfo, node: Node) -> int:
        """Register a node; its index."""
        self.nodes.append(info)
        self.node_defs.append(node)
        return len(self.nodes) - 1

    def _accessible(self, entry: AnyEntryT) -> bool:
        return not self.wish.wheelchair or Tag.WHEELCHAIR_ACCESSIBLE in entry.tags

    def _open_windows(self, expr: str, duration: int) -> list[tuple[int, int]]:
        end = self.t0 + timedelta(days=self.days)
        out = []
        for iv in oh.open_intervals(expr, self.t0, end):
            a = int((iv.start - self.t0).total_seconds() // 60)
            b = int(((iv.end or end) - self.t0).total_seconds() // 60) - duration
            for lo, hi in self.spans:
                lo2, hi2 = max(a, lo), min(b, hi - duration)
                if lo2 <= hi2:
                    out.append((lo2, hi2))
        return _merge(out)

    def _price(self, prices: Sequence[object]) -> int:
        party = self.wish.party
        by_unit = {p.unit: p.amount_vnd for p in prices}  # type: ignore[attr-defined]
        if "group" in by_unit:
            return int(by_unit["group"])
        per = by_unit.get("person", by_unit.get("adult", 0))
        child = by_unit.get("child", per)
        senior = by_unit.get("senior", per)
        return int(party.adults * per + party.children * child + party.seniors * senior)

    # -- parts ----------------------------------------------------------------------
    def terminals(self) -> None:
        for what, ref in (("arrival", self.wish.arrival.point),
                          ("departure", self.wish.departure.point)):  # fmt: skip
            entry = self._entry(ref, f"{what} point")
            pos = _point(entry, self.entries)
            if pos is None or zone_of(entry, self.entries, self.zones) is not None:
                raise InfeasibleRequestError(
                    "unreachable",
                    f"the {what} point {ref!r} has no location on the mainland",
                    "choose an airport, a station, a port or a hotel on the mainland",
                    field=f"{what}.point",
                )
            loc = self.loc(pos)
            self.add(NodeInfo(what, entry.id, loc, loc), Node(name=what))

    def hotels(self) -> list[int]:
        if self.days == 1:
            return []
        nights = self.days - 1
        found, fitting = [], []
        for e in self.entries.values():
            if not (isinstance(e, Provider) and e.kind == ProviderKind.ACCOMMODATION):
                continue
            pos = _point(e, self.entries)
            if pos is None or e.id in self.wish.never or not self._accessible(e):
                continue
            if zone_of(e, self.entries, self.zones) is not None or not e.prices:
                continue
            units = {p.unit: p.amount_vnd for p in e.prices}
            if "room_night" in units:
                nightly = units["room_night"] * self.wish.party.rooms
            else:
                nightly = self._price(e.prices)
            found.append((nightly, e))
            budget = self.wish.budget_per_person_vnd
            if budget is None or nightly * nights <= HOTEL_SHARE * budget * self.party:
                fitting.append((nightly, e))
        if not fitting:
            if not found:
                raise InfeasibleRequestError(
                    "no_hotel",
                    "no suitable hotel on the mainland"
                    + (" with wheelchair access" if self.wish.wheelchair else ""),
                    "plan a day trip (1 day) or choose other dates when hotels are listed",
                )
            cheapest = min(n for n, _ in found)
            need = -(-int(cheapest * nights / HOTEL_SHARE) // self.party)
            raise InfeasibleRequestError(
                "budget_below_hotels",
                f"the cheapest hotel costs {cheapest:,} VND a night for the party, more "
                f"than the budget allows for {nights} night(s)",
                f"raise the budget to at least {need:,} VND per person or shorten the trip",
                field="budget_per_person_vnd",
                context={
                    "cheapest_nightly_vnd": cheapest,
                    "needed_per_person_vnd": need,
                },
            )
        out = []
        for nightly, e in sorted(fitting, key=lambda x: (x[0], x[1].id)):
            loc = self.loc(_point(e, self.entries))  # type: ignore[arg-type]
            info = NodeInfo("hotel", e.id, loc, loc, cost_kind="hotels", nightly=nightly,
                            reasons=(Reason("hotel"),))  # fmt: skip
            out.append(self.add(info, Node(name=e.id)))
        return out

    def candidates(self) -> tuple[list[Stop], dict[str, tuple[AnyEntryT, str]]]:
        """Sights and shows on the mainland (as nodes later) and on islands (stops)."""
        w = self.wish
        for ref in (*w.must_see, *w.never):
            self._entry(ref, "must-see" if ref in w.must_see else "never item")
        chosen: dict[str, tuple[AnyEntryT, str | None]] = {}
        for e in self.entries.values():
            ok_kind = isinstance(e, Experience) or (
                isinstance(e, Place) and e.kind != PlaceKind.HUB
            )
            if not ok_kind or e.id in w.never:
                continue
            if not self._accessible(e):
                if e.id in w.must_see:
                    raise InfeasibleRequestError(
                        "not_accessible",
                        f"{_name(self.entries, e.id)} is not wheelchair accessible",
                        "remove it from the must-see list or plan without wheelchair",
                        field="must_see", context={"ref": e.id},
                    )  # fmt: skip
                continue
            if _point(e, self.entries) is not None:
                chosen[e.id] = (e, zone_of(e, self.entries, self.zones))
        for ref in w.must_see:
            if ref not in chosen:
                raise InfeasibleRequestError(
                    "not_plannable",
                    f"{_name(self.entries, ref)} is not a place or experience with a location",
                    "list places, shows or activities as must-see; hotels and "
                    "restaurants are chosen by the planner",
                    field="must_see", context={"ref": ref},
                )  # fmt: skip
        scored = {k: score_entry(e, w, self.entries) for k, (e, _) in chosen.items()}
        scores = with_diversity(scored)
        stops: list[Stop] = []
        for k, (e, zone) in chosen.items():
            assert isinstance(e, Place | Experience)
            stop = self._stop(e, scores[k], zone)
            if stop is not None:
                stops.append(stop)
        self.reasons = {k: s.reasons for k, s in scored.items()}
        self.zone_of = {k: z for k, (_, z) in chosen.items()}
        return stops, {k: (e, z or "") for k, (e, z) in chosen.items()}

    def _stop(
        self, e: Place | Experience, score: float, zone: str | None
    ) -> Stop | None:
        loc = self.loc(_at(e, self.entries, zone))
        must = e.id in self.wish.must_see
        if isinstance(e, Experience) and e.sessions:
            windows = []
            for d in range(self.days):
                lo, hi = self.spans[d]
                for s in e.sessions:
                    t = d * 1440 + _minute(s)
                    if not lo <= t <= hi - e.duration_minutes:
                        continue
                    left = self.availability.remaining(e.id, self.t0 + timedelta(minutes=t),
                                                       self.party)  # fmt: skip
                    if left is not None and left < self.party:
                        continue
                    if left is not None and left - self.party <= ALMOST_FULL_PLACES:
                        self.almost_full[(e.id, t)] = left
                    windows.append((t, t))
            if not windows:
                if must:
                    self.notes.append(("show_sold_out", e.id, {}))
                return None
            cost = self._price(e.prices)
            return Stop(e.id, e.id, "show", loc, tuple(windows), e.duration_minutes,
                        score, cost, must)  # fmt: skip
        duration = (
            e.duration_minutes if isinstance(e, Experience) else (e.visit_minutes or 60)
        )
        duration = min(duration, MAX_VISIT_MINUTES)
        windows = self._open_windows(_opening(e, self.entries), duration)
        if not windows:
            if must:
                raise InfeasibleRequestError(
                    "must_see_impossible",
                    f"{_name(self.entries, e.id)} is not open during the trip",
                    "choose other dates or remove it from the must-see list",
                    field="must_see", context={"ref": e.id},
                )  # fmt: skip
            return None
        prices = e.prices if isinstance(e, Experience) else e.admission
        return Stop(e.id, e.id, "visit", loc, tuple(windows), duration,
                    score, self._price(prices), must)  # fmt: skip

    def meal_applies(self, meal: str, lo: int, hi: int) -> bool:
        start, end, dur = MEALS_RULES[meal]
        day = (lo // 1440) * 1440
        first, last = day + _minute(start), day + _minute(end)
        return (
            lo <= last - dur - MEAL_REACH_MINUTES
            and hi >= first + dur + MEAL_REACH_MINUTES
        )

    def restaurants(self, zone: str | None) -> list[tuple[Provider, int]]:
        ok = DIETARY_OK.get(self.wish.dietary)
        out = []
        for e in self.entries.values():
            if not (isinstance(e, Provider) and e.kind == ProviderKind.RESTAURANT):
                continue
            if e.id in self.wish.never or not self._accessible(e):
                continue
            if ok is not None and not ok & {str(x) for x in e.dietary}:
                continue
            pos = _point(e, self.entries)
            if pos is None or zone_of(e, self.entries, self.zones) != zone:
                continue
            out.append((e, self.loc(replace(pos, zone=zone))))
        return out

    def meal_stops(
        self, meal: str, day: int, rest: list[tuple[Provider, int]]
    ) -> list[Stop]:
        start, end, dur = MEALS_RULES[meal]
        base = day * 1440
        lo = self.spans[day][0]
        out = []
        for e, loc in rest:
            windows = []
            for o, c in self._open_windows(e.opening_hours or "Mo-Su 10:00-21:30", dur):
                a, b = (
                    max(o, base + _minute(start), lo),
                    min(c, base + _minute(end) - dur),
                )
                if a <= b:
                    windows.append((a, b))
            if windows:
                cost = self._price(e.prices)
                out.append(Stop(f"{e.id}@{day}", e.id, "meal", loc, tuple(windows), dur,
                                0.0, cost, meal=meal))  # fmt: skip
        return out


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for o, c in sorted(windows):
        if out and o <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], c))
        else:
            out.append((o, c))
    return out
