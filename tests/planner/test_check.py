"""The independent checker on hand-computed plans."""

from __future__ import annotations

import numpy as np
import pytest

from tourlink.planner import (
    ChoiceGroup,
    FixedVisit,
    InfeasiblePlanError,
    Node,
    Problem,
    Result,
    Tour,
    TourPlan,
    Visit,
    check,
    schedule_routes,
)

# depot 0, sites 1-3, hotels 4-5; symmetric travel, 10 between any two nodes
TRAVEL = np.full((6, 6), 10) - 10 * np.eye(6, dtype=np.int64)


def problem(**kw: object) -> Problem:
    nodes = kw.pop("nodes", None) or (
        Node(name="depot"),
        Node(score=5, duration=20, windows=((30, 40),), cost=4, category="temple"),
        Node(score=3, duration=10, windows=((0, 50), (100, 120)), cost=2),
        Node(score=4, duration=5, windows=((0, 200),), cost=3, category="temple"),
        Node(name="hotel A"),
        Node(name="hotel B"),
    )
    tours = kw.pop("tours", None) or (Tour(0, 0, 0, 200),)
    return Problem(nodes=nodes, travel=TRAVEL, tours=tours, **kw)  # type: ignore[arg-type]


def messages(p: Problem, r: Result) -> list[str]:
    return [str(v) for v in check(p, r)]


def test_waiting_for_opening_is_feasible_and_timed() -> None:
    p = problem()
    r = schedule_routes(p, [[1, 2]])
    # leave 0, arrive at 1 at 10, wait until 30, leave 50, arrive at 2 at 60:
    # window (0, 50) has closed, so wait for (100, 120)
    v1, v2 = r.tours[0].visits
    assert (v1.arrival, v1.start, v1.end, v1.wait) == (10, 30, 50, 20)
    assert (v2.arrival, v2.start, v2.end, v2.wait) == (60, 100, 110, 40)
    assert r.tours[0].return_time == 120
    assert check(p, r) == []
    assert r.score == 8


def test_missed_window_is_reported_with_node_and_time() -> None:
    p = problem()
    r = schedule_routes(p, [[3, 2, 1]])  # 3 at 10-15, 2 at 25-35, 1 arrives at 45
    assert messages(p, r) == [
        "tour 0, node 1: starts at 45, outside every window [(30, 40)]"
    ]


def test_start_between_two_windows_is_a_violation() -> None:
    p = problem()
    bad = TourPlan(0, 0, 0, 90, (Visit(2, 10, 70, 80),))
    msgs = messages(p, Result(3, (bad,)))
    assert msgs == [
        "tour 0, node 2: starts at 70, outside every window [(0, 50), (100, 120)]"
    ]


def test_inconsistent_arrival_and_end_are_reported() -> None:
    p = problem()
    bad = TourPlan(0, 0, 0, 100, (Visit(3, 5, 5, 9),))
    msgs = messages(p, Result(4, (bad,)))
    assert (
        "arrival 5 but leaving node 0 at 0 and travelling 10 arrives at 10" in msgs[0]
    )
    assert "ends at 9, expected start 5 + duration 5 = 10" in msgs[1]
    assert "return time 100 but travelling from node 3 arrives at 19" in msgs[2]


def test_day_end_is_enforced() -> None:
    p = problem(tours=(Tour(0, 0, 0, 115),))
    r = schedule_routes(p, [[1, 2]])
    assert messages(p, r) == [
        "tour 0: back at node 0 at 120, after the end of the day 115"
    ]


def test_budget_category_cap_and_duplicates() -> None:
    p = problem(budget=6, category_caps={"temple": 1})
    r = schedule_routes(p, [[1, 3]])
    assert messages(p, r) == [
        "tour 0: 2 visits of category 'temple', cap 1",
        "costs 7 exceed the budget 6",
    ]
    twice = problem(tours=(Tour(0, 0, 0, 200), Tour(0, 0, 0, 200)))
    r2 = schedule_routes(twice, [[3], [3]])
    assert messages(twice, r2) == [
        "node 3: visited 2 times (tours [0, 1])",
        "reported score 8, recomputed 4",  # a score counts once
    ]


def test_must_visit_and_fixed_visit() -> None:
    nodes = (
        Node(),
        Node(score=5, duration=20, windows=((30, 40),)),
        Node(score=3, duration=10, must_visit=True),
        Node(score=4, duration=5),
        Node(),
        Node(),
    )
    p = problem(nodes=nodes, fixed=(FixedVisit(3, 0, 50),))
    r = schedule_routes(p, [[3]])  # starts at 10, booked for 50
    assert messages(p, r) == [
        "node 2: must-visit node is not visited",
        "tour 0, node 3: fixed visit starts at 10, booked for 50",
    ]
    assert messages(p, schedule_routes(p, [[]]))[1] == (
        "tour 0, node 3: fixed visit missing from tour 0"
    )


def test_choice_group_needs_exactly_one_inside_its_window() -> None:
    lunch = ChoiceGroup((1, 2), earliest=25, latest=45, name="lunch")
    p = problem(choice_groups=(lunch,), tours=(Tour(0, 0, 0, 200), Tour(0, 0, 0, 200)))
    r = schedule_routes(p, [[1], [2, 3]])
    # day 0: node 1 at 30-50 ends after 45; day 1: node 2 at 10-20 starts before 25
    assert messages(p, r) == [
        "tour 0, node 1: choice group 0 (lunch): visit 30-50 is outside [25, 45]",
        "tour 1, node 2: choice group 0 (lunch): visit 10-20 is outside [25, 45]",
    ]
    r2 = schedule_routes(p, [[3], []])
    assert messages(p, r2) == [
        "tour 0: choice group 0 (lunch): 0 visits, expected exactly 1",
        "tour 1: choice group 0 (lunch): 0 visits, expected exactly 1",
    ]


def test_hotel_chaining_and_hotel_choice() -> None:
    p = problem(tours=(Tour(0, (4, 5), 0, 200), Tour(None, 0, 0, 200)))
    ok = schedule_routes(p, [[1], [3]], ends=[5, 0])
    assert check(p, ok) == []
    assert ok.tours[1].start_node == 5
    broken = Result(
        ok.score,
        (ok.tours[0], TourPlan(4, 0, 0, ok.tours[1].return_time, ok.tours[1].visits)),
    )
    assert messages(p, broken) == [
        "tour 1: starts at node 4, expected 5 (where the previous day ended)"
    ]
    wrong_end = schedule_routes(p, [[1], [3]], ends=[3, 0])
    assert "tour 0: ends at node 3, allowed [4, 5]" in messages(p, wrong_end)


def test_wrong_score_and_raise_on_violation() -> None:
    p = problem()
    r = schedule_routes(p, [[3]])
    lie = Result(99, r.tours)
    assert messages(p, lie) == ["reported score 99, recomputed 4"]
    with pytest.raises(InfeasiblePlanError, match="reported score 99"):
        check(p, lie, raise_on_violation=True)
