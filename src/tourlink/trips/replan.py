"""Edit a plan and re-plan the rest: lock, remove, add, move an item, change the pace.

* ``LockItem`` keeps an item exactly where it is (a planner ``FixedVisit``);
* ``RemoveItem`` puts it on the never list;
* ``AddItem`` puts it on the must-see list;
* ``MoveItem`` makes it happen on another day, at a time the planner chooses;
* ``ChangePace`` re-plans at another pace.

Earlier locks and moves are kept; a previously planned show that is now sold out is
replaced and the traveller told (``show_sold_out``).

The rest is re-planned in about a second (``REPLAN_TIME_LIMIT``) whatever the trip's
length. The search starts from scratch, and a second is not enough to get a week back
to where the edited plan was; so the previous days, less what the edits removed, are
carried over onto the re-built problem (``carried_over``) and kept when they still pass
the planner's ``check`` and score at least as much as the new search's plan (a
re-plan that gains nothing changes nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from tourlink.catalog import AnyEntryT
from tourlink.planner import Result, TourPlan, check, schedule_routes

from .build import Built
from .errors import InfeasibleRequestError
from .nodes import Lock
from .plan import DEFAULT_TIME_LIMIT, plan_trip
from .ports import AvailabilitySource, RoutingClient
from .timeline import TripPlan, make_plan
from .wish import Pace

REPLAN_TIME_LIMIT = 1.0
"""Seconds the planner gets for a re-plan ("re-plan the rest in about a second")."""


@dataclass(frozen=True)
class LockItem:
    """Keep the item ``id`` of day ``day`` (1-based) where it is."""

    id: str
    day: int


@dataclass(frozen=True)
class RemoveItem:
    """Never plan ``id`` again."""

    id: str


@dataclass(frozen=True)
class AddItem:
    """Plan ``id`` for sure."""

    id: str


@dataclass(frozen=True)
class MoveItem:
    """Plan ``id`` on day ``day`` (1-based)."""

    id: str
    day: int


@dataclass(frozen=True)
class ChangePace:
    """Re-plan at ``pace``."""

    pace: Pace


Edit = LockItem | RemoveItem | AddItem | MoveItem | ChangePace


def replan(
    plan: TripPlan,
    edits: Sequence[Edit],
    entries: Mapping[str, AnyEntryT],
    availability: AvailabilitySource,
    today: date,
    *,
    time_limit: float | None = REPLAN_TIME_LIMIT,
    max_iterations: int | None = None,
    seed: int = 0,
    routing: RoutingClient | None = None,
) -> TripPlan:
    """Apply ``edits`` to ``plan`` and re-plan everything not locked.

    Raises
    ------
    InfeasibleRequestError
        ``invalid_edit`` when an edit names nothing in the plan, or any planning error.
    """
    built = plan.built
    wish = built.wish
    locks = list(built.locks)
    moves = dict(built.moves)
    must, never = list(wish.must_see), list(wish.never)
    pace = wish.pace
    for edit in edits:
        if isinstance(edit, LockItem):
            locks = [lk for lk in locks if lk.entry_id != edit.id]
            locks.append(_lock(plan, edit))
            moves.pop(edit.id, None)
        elif isinstance(edit, RemoveItem):
            never.append(edit.id)
            must = [m for m in must if m != edit.id]
            locks = [lk for lk in locks if lk.entry_id != edit.id]
            moves.pop(edit.id, None)
        elif isinstance(edit, AddItem):
            if edit.id not in must:
                must.append(edit.id)
            never = [n for n in never if n != edit.id]
        elif isinstance(edit, MoveItem):
            moves[edit.id] = edit.day - 1
            locks = [lk for lk in locks if lk.entry_id != edit.id]
        else:
            pace = edit.pace
    new_wish = wish.model_copy(
        update={
            "must_see": tuple(must),
            "never": tuple(dict.fromkeys(never)),
            "pace": pace,
        }
    )
    notes: list[tuple[str, str, dict[str, str]]] = []
    party = wish.party.size
    for item in plan.items():
        if item.kind == "show" and item.id is not None:
            left = availability.remaining(item.id, item.start, party)
            if left is not None and left < party:
                notes.append(("show_sold_out", item.id, {}))
                locks = [lk for lk in locks if lk.entry_id != item.id]
    again = plan_trip(new_wish, entries, availability, today,
                      time_limit=time_limit if time_limit is not None else DEFAULT_TIME_LIMIT,
                      max_iterations=max_iterations, seed=seed, locks=locks, moves=moves,
                      routing=routing, notes=notes)  # fmt: skip
    kept = carried_over(plan, again.built)
    if kept is not None and kept.score >= again.result.score:  # ties: keep the days
        return make_plan(again.built, kept)
    return again


def carried_over(plan: TripPlan, built: Built) -> Result | None:
    """``plan``'s days on the re-built problem, less what left it, if that passes the
    planner's ``check``; else ``None``. A day that lost an item starts each of its
    visits as early as it can (``schedule_routes``); the others keep their times.

    A search that starts from scratch needs more than a second to get a week back to
    the plan it edits; the previous days, less a removed item, are often still the
    better plan. Anything an edit changed that the old days break (a must-see added,
    an item moved, a sold-out session, another pace) fails the check, and the re-plan
    stands.
    """
    index = {ref: i for i, ref in enumerate(built.node_refs())}
    old = plan.built.node_refs()
    routes, ends = [], []
    for t in plan.result.tours:
        if old[t.start_node] not in index or old[t.end_node] not in index:
            return None
        ends.append(index[old[t.end_node]])
        routes.append([index[old[v.node]] for v in t.visits if old[v.node] in index])
    p = built.problem
    timed = schedule_routes(p, routes, ends=ends)
    tours = tuple(
        # a day that lost nothing keeps its times; the others start each visit early
        TourPlan(index[old[t.start_node]], end, t.departure, t.return_time,
                 tuple(replace(v, node=index[old[v.node]]) for v in t.visits))
        if len(route) == len(t.visits) else new
        for t, route, end, new in zip(plan.result.tours, routes, ends, timed.tours,
                                      strict=True)
    )  # fmt: skip
    score = sum(p.nodes[v].score for route in routes for v in route)
    visited = {v for route in routes for v in route}
    feasible = all(i in visited for i, n in enumerate(p.nodes) if n.must_visit) and all(
        any(v in g.nodes for v in route) for g in p.choice_groups for route in routes
    )
    result = Result(score, tours, plan.result.stats, feasible)
    return result if feasible and not check(p, result) else None


def _lock(plan: TripPlan, edit: LockItem) -> Lock:
    built, result = plan.built, plan.result
    if not 1 <= edit.day <= len(result.tours):
        raise InfeasibleRequestError(
            "invalid_edit", f"the trip has no day {edit.day}", "lock an item of the plan",
            context={"ref": edit.id},
        )  # fmt: skip
    tour = result.tours[edit.day - 1]
    for v in tour.visits:
        info = built.nodes[v.node]
        if info.entry_id == edit.id:
            return Lock(edit.id, edit.day - 1, built.at(v.start))
    if built.nodes[tour.end_node].entry_id == edit.id:
        return Lock(edit.id, edit.day - 1, built.at(tour.return_time))
    raise InfeasibleRequestError(
        "invalid_edit",
        f"{edit.id!r} is not planned on day {edit.day}",
        "lock a sight, show, meal, day trip or hotel as planned on that day",
        context={"ref": edit.id, "day": edit.day},
    )
