"""Whole days of a plan moved with their nights: block moves, meals taken on the new
day, visits that no longer fit dropped."""

from __future__ import annotations

import numpy as np

from tourlink.planner import (
    ChoiceGroup,
    FixedVisit,
    Node,
    Problem,
    Result,
    Tour,
    check,
    schedule_routes,
)
from tourlink.trips.reorder import block_moves, reorder, reordered_days

DAY = 1440
LUNCH = (660, 780)


def _trip(
    travel_minutes: int = 10, first_day: tuple[int, int] = (480, 1320)
) -> Problem:
    """Four days (08:00-22:00, the first ``first_day``) from the arrival (0) to the
    departure (1); hotels 2 and 3; sights 4 and 5 (open 08:00-20:00 every day);
    restaurant "R" for lunch on every day (nodes 6 to 9, one copy per day)."""
    sight = tuple((d * DAY + 480, d * DAY + 1200) for d in range(4))
    lunch = [
        Node(0.0, 60, ((d * DAY + LUNCH[0], d * DAY + LUNCH[1]),), name="R")
        for d in range(4)
    ]
    nodes = [Node(), Node(), Node(), Node(), Node(5.0, 60, sight), Node(3.0, 60, sight)]
    nodes += lunch
    n = len(nodes)
    travel = np.full((n, n), travel_minutes, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    spans = [first_day, *((d * DAY + 480, d * DAY + 1320) for d in range(1, 4))]
    tours = tuple(
        Tour(0 if d == 0 else None, (2, 3) if d < 3 else 1, lo, hi)
        for d, (lo, hi) in enumerate(spans)
    )
    return Problem(
        tuple(nodes), travel, tours, choice_groups=(ChoiceGroup((6, 7, 8, 9)),)
    )


def _plan(p: Problem, routes: list[list[int]], ends: list[int]) -> Result:
    result = schedule_routes(p, routes, ends=ends)
    assert not check(p, result)
    return result


def test_block_moves_exchange_two_adjacent_blocks_and_keep_the_last_day() -> None:
    orders = block_moves(5)
    assert (0, 1, 2, 3) not in orders
    assert (2, 3, 0, 1) in orders  # the first two days after the next two
    assert (1, 0, 2, 3) in orders  # two days swapped
    assert all(sorted(o) == [0, 1, 2, 3] for o in orders)
    assert len(orders) == len(set(orders)) == 10


def test_a_moved_day_keeps_its_visits_hotel_and_lunch_restaurant() -> None:
    p = _trip()
    plan = _plan(p, [[6, 4], [7, 5], [8], [9]], [2, 3, 3, 1])
    moved = reorder(p, plan, (1, 0, 2))
    assert moved is not None
    assert [t.nodes for t in moved.tours] == [(6, 5), (7, 4), (8,), (9,)]
    assert [t.end_node for t in moved.tours] == [3, 2, 3, 1]
    assert not check(p, moved)


def test_visits_that_no_longer_fit_their_new_day_are_dropped_least_first() -> None:
    # an arrival day of 10:00-18:20 with 100-minute drives: day 1's lunch and two
    # sights do not all fit on it, the lesser sight (5) is left out
    p = _trip(travel_minutes=100, first_day=(600, 1100))
    plan = _plan(p, [[6], [7, 4, 5], [8], [9]], [2, 3, 3, 1])
    moved = reorder(p, plan, (1, 0, 2))
    assert moved is not None
    assert not check(p, moved)
    assert [t.nodes for t in moved.tours] == [(6, 4), (7,), (8,), (9,)]
    assert moved.score == plan.score - p.nodes[5].score


def test_plans_with_booked_visits_are_not_reordered() -> None:
    p = _trip()
    booked = Problem(p.nodes, p.travel, p.tours, choice_groups=p.choice_groups,
                     fixed=(FixedVisit(4, 0, 490),))  # fmt: skip
    plan = _plan(booked, [[4, 6], [7], [8], [9]], [2, 3, 3, 1])
    assert reorder(booked, plan, (1, 0, 2)) is None


def test_reordered_days_are_new_night_sequences_best_first() -> None:
    p = _trip()
    plan = _plan(p, [[6, 4], [7, 5], [8], [9]], [2, 3, 3, 1])
    found = reordered_days(p, plan)
    nights = [tuple(t.end_node for t in r.tours) for r in found]
    assert (2, 3, 3, 1) not in nights
    assert len(nights) == len(set(nights)) > 0
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
