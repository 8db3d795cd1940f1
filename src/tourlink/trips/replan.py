"""Edit a plan and re-plan the rest: lock, remove, add, move an item, change the pace.

* ``LockItem`` keeps an item exactly where it is (a planner ``FixedVisit``);
* ``RemoveItem`` puts it on the never list;
* ``AddItem`` puts it on the must-see list;
* ``MoveItem`` makes it happen on another day, at a time the planner chooses;
* ``ChangePace`` re-plans at another pace.

Earlier locks and moves are kept; a previously planned show that is now sold out is
replaced and the traveller told (``show_sold_out``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tourlink.catalog import AnyEntryT

from .errors import InfeasibleRequestError
from .nodes import Lock
from .plan import DEFAULT_TIME_LIMIT, plan_trip
from .ports import AvailabilitySource, RoutingClient
from .timeline import TripPlan
from .wish import Pace

REPLAN_TIME_LIMIT = 1.0


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
    built, result = plan.built, plan.result
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
    del result
    return plan_trip(new_wish, entries, availability, today,
                     time_limit=time_limit if time_limit is not None else DEFAULT_TIME_LIMIT,
                     max_iterations=max_iterations, seed=seed, locks=locks, moves=moves,
                     routing=routing, notes=notes)  # fmt: skip


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
