"""Turn a wish and the catalogue into a planner ``Problem``, with a map back to entries.

Node 0 is the arrival point and node 1 the departure point; hotels are tour ends chosen
by the planner (``Tour.end`` is a tuple of candidates and the next day starts where the
previous one ended). Sights and shows are single nodes whose windows span every day
they are open (a sight's duration includes the pace's buffer). Lunch and dinner are two
``ChoiceGroup`` s of per-day restaurant copies; on a day the meal does not apply
(arrival after lunch, departure before dinner) a zero-length placeholder at the
arrival or departure point stands in. Island day trips are excursion nodes
(:mod:`tourlink.trips.excursions`). Costs count towards the planner budget:
``budget × party − road vehicle hire − the dearest candidate hotel × nights``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import numpy as np

from tourlink.catalog import AnyEntryT, TransportLink
from tourlink.planner import ChoiceGroup, FixedVisit, Node, Problem, Tour

from .errors import InfeasibleRequestError
from .excursions import Stop, build_excursion
from .lookup import position_at
from .nodes import Lock, NodeInfo
from .ports import AvailabilitySource, RoutingClient
from .scoring import MEALS, Reason
from .selection import Selector
from .travel import (
    DEFAULT_ZONES,
    PIER_BUFFER_MINUTES,
    IslandZone,
    Position,
    TravelModel,
    crossings,
    road_minutes,
    vehicle_cost_per_day,
    zone_of,
)
from .wish import TripWish

SIGHT_CATEGORY, SHOW_CATEGORY, EXCURSION_CATEGORY = "sight", "show", "excursion"
SHOWS_PER_DAY = 1
EARLY_BOAT_MINUTE = 5 * 60 + 30
"""From day 2, the party may leave the hotel at 05:30 to catch an early boat; sights
still start within the pace's day."""


@dataclass
class Built:
    """A planner problem and everything needed to read its results."""

    problem: Problem
    nodes: list[NodeInfo]
    positions: list[Position]
    t0: datetime
    wish: TripWish
    entries: Mapping[str, AnyEntryT]
    travel: TravelModel
    reserve_transport: int
    almost_full: dict[tuple[str, int], int] = field(default_factory=dict)
    reasons: dict[str, tuple[Reason, ...]] = field(default_factory=dict)
    notes: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    """(code, entry id, params) of things the traveller should be told."""
    locks: tuple[Lock, ...] = ()
    moves: dict[str, int] = field(default_factory=dict)

    def at(self, minute: int) -> datetime:
        """Trip minutes to an aware local datetime."""
        return self.t0 + timedelta(minutes=minute)

    def node_refs(self) -> list[str]:
        """Each node's key with its rank among the nodes of that key (``x@1#1``): a
        restaurant may stand for lunch and dinner of one day under one key; stable
        when the same wish is built again."""
        seen: dict[str, int] = {}
        refs = []
        for node in self.nodes:
            rank = seen.get(node.key, 0)
            seen[node.key] = rank + 1
            refs.append(f"{node.key}#{rank}")
        return refs

    def node_of(self, key: str) -> int | None:
        """The node with ``NodeInfo.key == key``."""
        return next((i for i, n in enumerate(self.nodes) if n.key == key), None)


def build(
    wish: TripWish,
    entries: Mapping[str, AnyEntryT],
    availability: AvailabilitySource,
    today: date,
    *,
    locks: Sequence[Lock] = (),
    moves: Mapping[str, int] | None = None,
    zones: Sequence[IslandZone] = DEFAULT_ZONES,
    routing: RoutingClient | None = None,
    prune: bool = True,
) -> Built:
    """Build the planner problem for ``wish`` over the catalogue ``entries``.

    Parameters
    ----------
    wish
        A validated wish whose points and items are catalogue ids.
    entries
        The catalogue by id.
    availability
        Live session availability (sold-out sessions are left out).
    today
        The local date now; trips cannot start before it.
    locks
        Items kept exactly where they are (planner fixed visits).
    moves
        Entry id → day (0-based): the item must happen on that day, at a time the
        planner chooses.
    prune
        Leave out hotels and restaurants that are interchangeable for the planner
        (:mod:`tourlink.trips.pruning`); ``False`` keeps every candidate (benchmark
        references).

    Raises
    ------
    InfeasibleRequestError
        When the wish cannot be planned (see ``errors.CODES``).
    """
    sel = Selector(wish, entries, availability, today, zones, routing)
    sel.keep_ids = frozenset(lock.entry_id for lock in locks)
    sel.prune = prune
    sel.terminals()
    hotels = sel.hotels()
    stops, _ = sel.candidates()
    buffer = wish.rules.buffer_minutes
    charter = {z.id for z in zones if z.access == "charter"}
    by_zone: dict[str, list[Stop]] = {}
    for stop in stops:
        z = sel.zone_of[stop.entry_id]
        if z is None or z in charter:
            category = SHOW_CATEGORY if stop.kind == "show" else SIGHT_CATEGORY
            dur = stop.duration + (buffer if stop.kind == "visit" else 0)
            info = NodeInfo(stop.kind, stop.entry_id, stop.loc, stop.loc, stop.duration,
                            stop.cost, "tickets", sel.reasons[stop.entry_id])  # fmt: skip
            node = Node(stop.score, dur, stop.windows, float(stop.cost), category,
                        stop.must, stop.entry_id)  # fmt: skip
            sel.add(info, node)
        else:
            by_zone.setdefault(z, []).append(stop)
    lunch_groups: list[int] = []
    _excursions(sel, by_zone, lunch_groups)
    groups = _meals(sel, lunch_groups)
    problem_nodes = list(sel.node_defs)
    _apply_moves(sel, problem_nodes, moves or {})
    fixed, ends = _locks(sel, problem_nodes, locks, hotels)
    matrix = sel.travel.matrix(sel.positions)
    ins = np.array([n.in_loc for n in sel.nodes])
    outs = np.array([n.out_loc for n in sel.nodes])
    travel = matrix[np.ix_(outs, ins)]
    np.fill_diagonal(travel, 0)
    reserve = vehicle_cost_per_day(wish.road_vehicle, wish.party.size) * wish.days
    budget = None
    if wish.budget_per_person_vnd is not None:
        nights = wish.days - 1
        dearest = max((sel.nodes[h].nightly for h in hotels), default=0)
        budget = (
            wish.budget_per_person_vnd * wish.party.size - reserve - dearest * nights
        )
        if budget < 0:
            raise InfeasibleRequestError(
                "budget_too_low",
                f"the budget does not cover road transport ({reserve:,} VND) and hotels",
                "raise the budget or shorten the trip",
                field="budget_per_person_vnd",
            )
    tours = []
    for d, (lo, hi) in enumerate(sel.spans):
        start = 0 if d == 0 else None
        end: int | tuple[int, ...] = 1 if d == wish.days - 1 else ends[d]
        early = lo if d == 0 else min(lo, d * 1440 + EARLY_BOAT_MINUTE)
        tours.append(Tour(start=start, end=end, earliest=early, latest=hi))
    problem = Problem(
        nodes=tuple(problem_nodes),
        travel=travel,
        tours=tuple(tours),
        category_caps={
            SIGHT_CATEGORY: wish.rules.visits_per_day,
            SHOW_CATEGORY: SHOWS_PER_DAY,
            EXCURSION_CATEGORY: 1,
        },
        budget=None if budget is None else float(budget),
        choice_groups=groups,
        fixed=tuple(fixed),
        name=f"trip {wish.start_date} {wish.days}d",
    )
    return Built(problem, sel.nodes, sel.positions, sel.t0, wish, entries, sel.travel,
                 reserve, sel.almost_full, sel.reasons, sel.notes, tuple(locks),
                 dict(moves or {}))  # fmt: skip


def _excursions(
    sel: Selector, by_zone: dict[str, list[Stop]], lunch: list[int]
) -> None:
    links = [e for e in sel.entries.values() if isinstance(e, TransportLink)]
    all_cross = crossings(links)
    entries = sel.entries

    def zone(hub: str) -> str | None:
        e = entries.get(hub)
        return None if e is None else zone_of(e, entries, sel.zones)

    legs: dict[tuple[int, int], int] = {}

    def road(a: int, b: int) -> int:
        if (a, b) not in legs:
            legs[a, b] = _road(sel, a, b)
        return legs[a, b]

    for z, stops in sorted(by_zone.items()):
        outs = [c for c in all_cross if zone(c.to_id) == z and zone(c.from_id) is None
                and c.from_id in entries and c.to_id in entries
                and (c.accessible or not sel.wish.wheelchair)]  # fmt: skip
        backs = [c for c in all_cross if zone(c.from_id) == z and zone(c.to_id) is None
                 and c.from_id in entries and c.to_id in entries
                 and (c.accessible or not sel.wish.wheelchair)]  # fmt: skip
        piers: dict[str, int] = {}

        def pier_loc(hub: str, piers: dict[str, int] = piers) -> int:
            if hub not in piers:
                piers[hub] = sel.loc(position_at(entries[hub], entries, zone(hub)))
            return piers[hub]

        rest = sel.restaurants(z)
        lunches = {d: sel.meal_stops("lunch", d, rest) for d in range(sel.days)}
        exc = None
        if outs and backs:
            exc = build_excursion(
                z, stops, lunches, outs, backs,
                [sel.wish.start_date + timedelta(days=d) for d in range(sel.days)],
                sel.spans, pier_loc, road,
                lambda a, b: sel.meal_applies("lunch", a, b), sel.party,
                EARLY_BOAT_MINUTE + 60,
            )  # fmt: skip
        musts = [s.entry_id for s in stops if s.must]
        if exc is None:
            if musts:
                names = ", ".join(sel.entries[m].name.localize("en") for m in musts)
                raise InfeasibleRequestError(
                    "must_see_impossible",
                    f"{names} can only be reached by scheduled boat, and no boat day trip "
                    "fits the trip's days" + (" with wheelchair access" if sel.wish.wheelchair else "")
                    + ("" if sel.wish.dietary == "none" else f" and a {sel.wish.dietary} lunch"),
                    "add a day, arrive earlier or remove it from the must-see list",
                    field="must_see", context={"refs": ",".join(musts)},
                )  # fmt: skip
            continue
        windows = tuple(
            (x.depart_out - PIER_BUFFER_MINUTES, x.depart_out - PIER_BUFFER_MINUTES)
            for _, x in sorted(exc.days.items())
        )
        info = NodeInfo("excursion", f"excursion:{z}", pier_loc(exc.in_pier),
                        pier_loc(exc.out_pier), exc.duration, exc.cost, "transport",
                        (Reason("excursion", (("name", z),)),), excursion=exc)  # fmt: skip
        node = Node(exc.score, exc.duration, windows, float(exc.cost), EXCURSION_CATEGORY,
                    bool(musts), f"excursion:{z}")  # fmt: skip
        i = sel.add(info, node)
        if exc.covers_lunch:
            lunch.append(i)


def _road(sel: Selector, a: int, b: int) -> int:
    return road_minutes(sel.positions[a].point, sel.positions[b].point, sel.travel.mode)


def _meals(sel: Selector, lunch_extra: list[int]) -> tuple[ChoiceGroup, ...]:
    rest = sel.restaurants(None)
    groups = []
    label = {"none": "", "halal": "halal ", "vegetarian": "vegetarian "}[
        sel.wish.dietary
    ]
    for meal in ("lunch", "dinner"):
        members = list(lunch_extra) if meal == "lunch" else []
        code = f"meal_{sel.wish.dietary}" if sel.wish.dietary != "none" else "meal"
        for d, (lo, hi) in enumerate(sel.spans):
            if not sel.meal_applies(meal, lo, hi):
                first = d == 0 and (d != sel.days - 1 or meal == "lunch")
                at, loc = (
                    (lo, sel.nodes[0].in_loc) if first else (hi, sel.nodes[1].in_loc)
                )
                info = NodeInfo("skip", meal, loc, loc, day=d)
                members.append(sel.add(info, Node(0.0, 0, ((at, at),), name="skip")))
                continue
            stops = sel.meal_stops(meal, d, rest)
            if not stops:
                raise InfeasibleRequestError(
                    "no_meal_in_reach",
                    f"no {label}restaurant open for {meal} on day {d + 1}"
                    + (" with wheelchair access" if sel.wish.wheelchair else ""),
                    "allow another diet, change the arrival or departure time, or plan "
                    "where such restaurants are listed (Ha Long, Hai Phong, Hanoi)",
                    field="dietary", context={"day": d + 1, "meal": meal},
                )  # fmt: skip
            reasons = (Reason(code, (("meal", meal),)),)
            for s in stops:
                info = NodeInfo("meal", s.entry_id, s.loc, s.loc, s.duration, s.cost,
                                "meals", reasons, day=d)  # fmt: skip
                node = Node(0.0, s.duration, s.windows, float(s.cost), name=s.key)
                members.append(sel.add(info, node))
        groups.append(ChoiceGroup(tuple(members), name=MEALS[meal]["en"]))
    return tuple(groups)


def _apply_moves(sel: Selector, nodes: list[Node], moves: Mapping[str, int]) -> None:
    for ref, day in moves.items():
        i = next((k for k, n in enumerate(sel.nodes) if n.entry_id == ref
                  and n.kind in ("visit", "show", "excursion")), None)  # fmt: skip
        if i is None or not 0 <= day < sel.days:
            raise InfeasibleRequestError(
                "invalid_edit", f"cannot move {ref!r} to day {day + 1}",
                "move a sight, show or day trip of the plan to one of the trip's days",
                context={"ref": ref},
            )  # fmt: skip
        lo, hi = day * 1440, (day + 1) * 1440
        windows = tuple((max(o, lo), min(c, hi - 1)) for o, c in nodes[i].windows
                        if max(o, lo) <= min(c, hi - 1))  # fmt: skip
        if not windows:
            raise InfeasibleRequestError(
                "invalid_edit", f"{ref!r} is not open on day {day + 1}",
                "choose a day on which it is open", context={"ref": ref, "day": day + 1},
            )  # fmt: skip
        nodes[i] = replace(nodes[i], windows=windows, must_visit=True)


def _locks(
    sel: Selector, nodes: list[Node], locks: Sequence[Lock], hotels: list[int]
) -> tuple[list[FixedVisit], list[tuple[int, ...]]]:
    ends = [tuple(hotels)] * sel.days
    fixed = []
    for lock in locks:
        minute = int((lock.start - sel.t0).total_seconds() // 60)
        key = lock.entry_id
        i = next((k for k, n in enumerate(sel.nodes) if n.entry_id == key
                  and (n.kind != "meal" or n.day == lock.day)), None)  # fmt: skip
        if i is not None and sel.nodes[i].kind == "hotel":
            if lock.day < sel.days - 1:
                ends[lock.day] = (i,)
            continue
        if i is None or not any(o <= minute <= c for o, c in nodes[i].windows):
            sel.notes.append(("lock_dropped", key, {"day": str(lock.day + 1)}))
            continue
        nodes[i] = replace(nodes[i], windows=((minute, minute),))
        fixed.append(FixedVisit(i, lock.day, minute))
    return fixed, ends
