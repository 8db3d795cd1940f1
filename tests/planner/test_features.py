"""Tourist features on small hand-made trips, each with an obvious best plan."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from tourlink.planner import (
    ChoiceGroup,
    FixedVisit,
    Node,
    Problem,
    Result,
    Tour,
    check,
    solve,
)

pytestmark = pytest.mark.usefixtures("warm_solver")


def line_travel(xs: list[int]) -> npt.NDArray[np.int64]:
    """Travel times between points on a line (a street with sites along it)."""
    a = np.array(xs, dtype=np.int64)
    out: npt.NDArray[np.int64] = np.abs(a[:, None] - a[None, :])
    return out


def solved(p: Problem, iterations: int = 400) -> Result:
    r = solve(p, max_iterations=iterations, seed=3)
    assert check(p, r) == []
    return r


def test_show_with_two_sessions_is_seen_at_the_later_one() -> None:
    # museum 1 open 0-100 takes 60; the show (2) has sessions at 30 and 90
    p = Problem(
        nodes=(
            Node(),
            Node(score=5, duration=60, windows=((0, 100),)),
            Node(score=5, duration=20, windows=((30, 30), (90, 90))),
        ),
        travel=line_travel([0, 10, 20]),
        tours=(Tour(0, 0, 0, 200),),
    )
    r = solved(p)
    assert r.score == 10
    show = next(v for v in r.tours[0] if v.node == 2)
    assert show.start == 90


def test_museum_closed_at_lunch_makes_the_visitor_wait() -> None:
    p = Problem(
        nodes=(Node(), Node(score=1, duration=30, windows=((0, 10), (60, 100)))),
        travel=line_travel([0, 20]),
        tours=(Tour(0, 0, 0, 200),),
    )
    visit = solved(p).tours[0][0]
    assert (visit.arrival, visit.start, visit.wait) == (20, 60, 40)


def test_category_cap_spreads_pagodas_over_days() -> None:
    pagoda = {"category": "pagoda", "duration": 5}
    p = Problem(
        nodes=(Node(), *(Node(score=3, **pagoda) for _ in range(4))),  # type: ignore[arg-type]
        travel=line_travel([0, 1, 2, 3, 4]),
        tours=(Tour(0, 0, 0, 100),) * 2,
        category_caps={"pagoda": 2},
    )
    r = solved(p)
    assert r.score == 12
    assert [len(t) for t in r.tours] == [2, 2]


def test_budget_prefers_the_better_value_tickets() -> None:
    p = Problem(
        nodes=(
            Node(),
            Node(score=10, cost=10),
            Node(score=6, cost=5),
            Node(score=6, cost=5),
        ),
        travel=line_travel([0, 1, 2, 3]),
        tours=(Tour(0, 0, 0, 100),),
        budget=10,
    )
    r = solved(p)
    assert r.score == 12
    assert r.visited == {2, 3}


def test_lunch_group_gives_one_restaurant_per_day_inside_lunch_time() -> None:
    # restaurants 3 and 4 (duration 30); lunch between 40 and 100
    p = Problem(
        nodes=(
            Node(),
            Node(score=5, duration=20),
            Node(score=5, duration=20),
            Node(score=1, duration=30),
            Node(score=1, duration=30),
            Node(score=1, duration=30),
        ),
        travel=line_travel([0, 5, 10, 15, 20, 25]),
        tours=(Tour(0, 0, 0, 200),) * 2,
        choice_groups=(ChoiceGroup((3, 4, 5), earliest=40, latest=100, name="lunch"),),
    )
    r = solved(p)
    assert r.feasible
    for tour in r.tours:
        lunch = [v for v in tour if v.node in (3, 4, 5)]
        assert len(lunch) == 1
        assert lunch[0].start >= 40
        assert lunch[0].end <= 100


def test_hotel_choice_takes_the_hotel_near_the_next_days_sights() -> None:
    # depot 0 at x=0; sights 1, 2 at x=100, 101; hotels 3 (x=0) and 4 (x=100)
    p = Problem(
        nodes=(
            Node(),
            Node(score=5, duration=5),
            Node(score=5, duration=5),
            Node(),
            Node(),
        ),
        travel=line_travel([0, 100, 101, 0, 100]),
        tours=(Tour(0, (3, 4), 0, 100), Tour(None, 4, 0, 30)),
    )
    r = solved(p)
    assert r.tours[0].end_node == 4
    assert r.tours[1].start_node == 4
    assert r.score == 10


def test_fixed_booking_stays_at_its_time_while_the_rest_moves() -> None:
    p = Problem(
        nodes=(Node(), *(Node(score=2, duration=10) for _ in range(4))),
        travel=line_travel([0, 5, 10, 15, 20]),
        tours=(Tour(0, 0, 0, 100),) * 2,
        fixed=(FixedVisit(node=3, tour=1, start=50),),
    )
    r = solved(p)
    booked = [v for v in r.tours[1] if v.node == 3]
    assert len(booked) == 1
    assert booked[0].start == 50
    assert r.score == 8


def test_per_day_matrix_and_span() -> None:
    # day 1 has a slow timetable (3x) and ends early; the far site goes on day 0
    base = line_travel([0, 40, 5])
    p = Problem(
        nodes=(Node(), Node(score=5, duration=5), Node(score=5, duration=5)),
        travel=np.stack([base, 3 * base]),
        tours=(Tour(0, 0, 0, 100, matrix=0), Tour(0, 0, 10, 50, matrix=1)),
    )
    r = solved(p)
    assert r.score == 10
    assert 1 in r.tours[0].nodes  # 3 x 40 out and back does not fit day 1
    assert r.tours[1].departure == 10


def test_unreachable_must_visit_is_reported_not_hidden() -> None:
    p = Problem(
        nodes=(
            Node(),
            Node(score=1, duration=5, must_visit=True, windows=((500, 600),)),
        ),
        travel=line_travel([0, 10]),
        tours=(Tour(0, 0, 0, 100),),
    )
    r = solve(p, max_iterations=50)
    assert not r.feasible
    assert [str(v) for v in check(p, r)] == ["node 1: must-visit node is not visited"]
    assert "INCOMPLETE" in r.summary()
