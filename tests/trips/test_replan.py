"""Re-planning after an edit: the previous days carry over when the new search is worse."""

from __future__ import annotations

from typing import Any

import pytest

from tourlink.planner import check
from tourlink.trips import (
    AddItem,
    LockItem,
    RemoveItem,
    TripPlan,
    TripWish,
    UnknownAvailability,
    plan_trip,
    replan,
)

from .fixtures import FAST, TODAY, entries, wish

CATALOG = entries()
TINY: dict[str, Any] = {"time_limit": None, "max_iterations": 1, "seed": 3}
"""A re-plan search far too short to find the plan again on its own."""


@pytest.fixture(scope="module")
def five_days() -> TripPlan:
    return plan_trip(TripWish.parse(wish(days=5)), CATALOG, UnknownAvailability(),
                     TODAY, **FAST)  # fmt: skip


def _items(plan: TripPlan) -> list[tuple[str | None, object]]:
    return [(i.id, i.start) for i in plan.items()]


def _mainland_sight(plan: TripPlan) -> str:
    """A planned sight that is its own node (not part of an island day trip)."""
    built = plan.built
    return next(
        built.nodes[v.node].entry_id or ""
        for t in plan.result.tours
        for v in t.visits
        if built.nodes[v.node].kind == "visit"
    )


def test_an_unedited_replan_is_never_worse_than_the_plan(five_days: TripPlan) -> None:
    """A one-iteration search cannot rebuild five days; the old days are kept."""
    again = replan(five_days, [], CATALOG, UnknownAvailability(), TODAY, **TINY)
    assert again.result.score >= five_days.result.score
    assert check(again.built.problem, again.result) == []
    assert _items(again) == _items(five_days)


def test_removing_a_sight_keeps_the_other_days(five_days: TripPlan) -> None:
    sight = _mainland_sight(five_days)
    again = replan(five_days, [RemoveItem(sight)], CATALOG, UnknownAvailability(),
                   TODAY, **TINY)  # fmt: skip
    assert sight not in {i.id for i in again.items()}
    assert check(again.built.problem, again.result) == []

    def by_day(plan: TripPlan) -> set[tuple[int, str | None]]:
        return {(d.day, i.id) for d in plan.days for i in d.items if i.id is not None}

    assert {x for x in by_day(five_days) if x[1] != sight} <= by_day(again)


def test_a_locked_item_stays_when_the_old_days_carry_over(five_days: TripPlan) -> None:
    ref = _mainland_sight(five_days)
    sight = next(i for i in five_days.items() if i.id == ref)
    day = next(d.day for d in five_days.days if sight in d.items)
    again = replan(five_days, [LockItem(sight.id or "", day)], CATALOG,
                   UnknownAvailability(), TODAY, **TINY)  # fmt: skip
    assert (sight.id, sight.start) in _items(again)
    assert check(again.built.problem, again.result) == []


def test_an_added_must_see_is_planned_even_if_the_old_days_scored_more() -> None:
    """The old days lack the must-see, fail the check and are not carried over."""
    plan = plan_trip(TripWish.parse(wish(days=5, never=["yen-tu"])), CATALOG,
                     UnknownAvailability(), TODAY, **FAST)  # fmt: skip
    again = replan(plan, [AddItem("yen-tu")], CATALOG, UnknownAvailability(), TODAY,
                   time_limit=None, max_iterations=300, seed=1)  # fmt: skip
    assert "yen-tu" in {i.id for i in again.items()}
    assert check(again.built.problem, again.result) == []
