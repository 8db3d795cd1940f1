"""The race of a long trip's searches and the day item a continuation must include."""

from __future__ import annotations

import numpy as np

from tourlink.planner import Node, Problem, Result, Tour, TourPlan, Visit
from tourlink.trips.plan import DAY_ITEM_MINUTES, day_item


def _trip(scores_and_minutes: list[tuple[float, int]]) -> Problem:
    """A one-day trip from node 0 back to node 0 with the given sights (1, 2, ...)."""
    nodes = [Node(0.0, 0), *(Node(s, d) for s, d in scores_and_minutes)]
    n = len(nodes)
    travel = np.full((n, n), 10, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    return Problem(tuple(nodes), travel, (Tour(0, 0, 0, 1440),))


def _plan(score: float, visits: tuple[int, ...] = ()) -> Result:
    return Result(
        score, (TourPlan(0, 0, 0, 0, tuple(Visit(v, 0, 0, 0) for v in visits)),)
    )


def test_day_item_is_the_best_scoring_unvisited_long_visit() -> None:
    long_ = DAY_ITEM_MINUTES
    p = _trip([(20.0, long_ + 300), (30.0, 120), (25.0, long_), (5.0, long_ + 60)])
    assert day_item(p, _plan(100.0)) == 3
    assert day_item(p, _plan(100.0, (3,))) == 1


def test_day_item_worth_too_little_of_the_plan_is_not_forced() -> None:
    p = _trip([(4.0, DAY_ITEM_MINUTES + 100), (30.0, 60)])
    assert day_item(p, _plan(60.0)) == 1
    assert day_item(p, _plan(200.0)) is None
    assert day_item(_trip([(30.0, 60)]), _plan(10.0)) is None
