"""Repair: room made on a day for a missing must-visit or choice-group member."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tests.planner.states import consistent, days, state
from tourlink.planner import (
    ChoiceGroup,
    FixedVisit,
    Node,
    Problem,
    SolveParams,
    Tour,
    check,
    solve,
)
from tourlink.planner.compile import compile_problem, empty_state
from tourlink.planner.search import engine
from tourlink.planner.search.repair import make_room, repair, unmet

pytestmark = pytest.mark.usefixtures("warm_solver")


def _line(nodes: tuple[Node, ...], m: int, latest: int, **kw: Any) -> Problem:
    """Sites on a line one unit apart, the depot at 0."""
    n = len(nodes)
    travel = np.abs(np.subtract.outer(np.arange(n), np.arange(n))).astype(np.int64)
    return Problem(nodes=nodes, travel=travel, tours=(Tour(0, 0, 0, latest),) * m, **kw)


def test_nothing_is_unmet_without_requirements() -> None:
    p = _line((Node(), *(Node(score=1, duration=5) for _ in range(4))), 2, 20)
    comp, s = state(p, [[], []])
    assert unmet(comp.data, s, -1) == 0


def test_a_missing_must_visit_counts_once_per_day() -> None:
    p = _line((Node(), Node(score=1, duration=5, must_visit=True), Node(score=1)), 3, 9)
    comp, s = state(p, [[], [], []])
    assert unmet(comp.data, s, -1) == 3
    assert [unmet(comp.data, s, i) for i in range(3)] == [3, 4, 5]  # node 1, day t


def test_make_room_evicts_the_visit_in_the_way_of_a_must_visit() -> None:
    """A full day: the visit overlapping the must-visit's window leaves."""
    nodes = (
        Node(),
        Node(score=5, duration=4, windows=((1, 2),)),
        Node(score=5, duration=4, windows=((6, 9),)),
        Node(score=1, duration=4, windows=((1, 3),), must_visit=True),
    )
    p = _line(nodes, 1, 14)
    comp, s = state(p, [[1, 2]])
    assert unmet(comp.data, s, -1) == 1
    assert make_room(comp.data, s, 3, 0)
    assert days(s) == [[3, 2]]
    consistent(p, comp, s)


def test_make_room_moves_a_lunch_from_the_day_that_has_one() -> None:
    """Day 1 lacks lunch; a member on day 0 may move there (day 0 then lacks it)."""
    nodes = (
        Node(),
        Node(score=1, duration=3, windows=((1, 25),)),
        Node(score=1, duration=3, windows=((1, 5),)),
    )
    p = _line(nodes, 1, 20, choice_groups=(ChoiceGroup((1, 2), 0, 40),))
    p = Problem(
        nodes=p.nodes,
        travel=p.travel,
        tours=(Tour(0, 0, 0, 20), Tour(0, 0, 10, 30)),
        choice_groups=p.choice_groups,
    )
    comp, s = state(p, [[1], []])
    assert unmet(comp.data, s, -1) == 2  # node 1 or node 2 to day 1
    assert [unmet(comp.data, s, i) for i in range(2)] == [1 * 2 + 1, 2 * 2 + 1]
    assert not make_room(comp.data, tuple(a.copy() for a in s), 2, 1)  # too early
    assert make_room(comp.data, s, 1, 1)
    assert days(s) == [[], [1]]
    consistent(p, comp, s)
    assert unmet(comp.data, s, -1) == 2  # now day 0 lacks it: node 1 or 2


def _two_lunch_days() -> Problem:
    """Lunch (node 1 or 2) every day; node 2 opens too early for day 1."""
    nodes = (
        Node(),
        Node(score=1, duration=3, windows=((1, 25),)),
        Node(score=1, duration=3, windows=((1, 5),)),
    )
    return Problem(
        nodes=nodes,
        travel=_line(nodes, 1, 20).travel,
        tours=(Tour(0, 0, 0, 20), Tour(0, 0, 10, 30)),
        choice_groups=(ChoiceGroup((1, 2), 0, 40),),
    )


def test_repair_chain_moves_a_lunch_and_serves_the_day_it_left() -> None:
    """Day 1 lacks lunch and only node 1 can serve it; moving node 1 there leaves
    day 0 without lunch, which node 2 then serves: one repair does both, where one
    make_room leaves a day without lunch."""
    p = _two_lunch_days()
    comp, s = state(p, [[1], []])
    assert make_room(comp.data, s, 1, 1)
    assert unmet(comp.data, s, -1) == 2  # day 0 now lacks lunch
    outcomes = set()
    for seed in range(20):
        comp, s = state(p, [[1], []])
        engine.seed_rng(seed)
        repair(comp.data, s, 3)
        consistent(p, comp, s)
        outcomes.add((str(days(s)), unmet(comp.data, s, -1)))
    # The first step picks node 1 or node 2 for day 1; node 2 cannot go there, so
    # that chain stops at once. Picking node 1 serves both days: the next step
    # never moves node 1 back, so it puts node 2 on day 0.
    assert outcomes == {("[[1], []]", 2), ("[[2], [1]]", 0)}


def test_requirements_needing_a_chain_of_moves_are_met_at_few_iterations() -> None:
    """Regression (generated seed 12, two days, the second on a slower matrix):
    the search put the must-visit lunch member on day 0, and day 1's lunch needs
    it moved and day 0 served by the other member, within the budget. With one
    repair step per iteration 8 of 10 seeds ended without lunch on day 1 at 600
    iterations."""
    features = frozenset({"groups", "must", "budget", "matrices"})
    p = generate(12, 12, 2, features).problem
    for seed in range(10):
        r = solve(p, max_iterations=600, seed=seed)
        assert check(p, r) == [], seed


def test_fixed_visits_are_never_evicted() -> None:
    nodes = (
        Node(),
        Node(score=1, duration=8, windows=((1, 3),)),
        Node(score=1, duration=4, windows=((1, 3),), must_visit=True),
    )
    p = _line(nodes, 1, 12, fixed=(FixedVisit(1, 0, 1),))
    comp, s = state(p, [[]])
    assert not make_room(comp.data, s, 2, 0)
    assert days(s) == [[1]]
    consistent(p, comp, s)


def test_lunch_that_needs_another_days_member_is_found() -> None:
    """Regression (generated seed 16888, three days): the greedy construction
    leaves day 2 without lunch; only moving day 3's lunch there, a must-visit
    to day 3 and a lesser site out (budget) serves it. Random ruin did not find
    that within 150 iterations, with or without the pool of days."""
    features = frozenset({"multi_windows", "must", "caps", "budget", "groups", "fixed"})
    p = generate(16888, 14, 3, features).problem
    for params in (SolveParams(pool_size=0), SolveParams()):
        r = solve(p, params=params, max_iterations=150, seed=16888)
        assert check(p, r) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(1, 3),
    features=st.sets(st.sampled_from(FEATURES)).map(frozenset),
)
def test_make_room_keeps_every_day_feasible_and_is_reproducible(
    seed: int, m: int, features: frozenset[str]
) -> None:
    """From the greedy plan, every repair move leaves feasible, consistently
    counted days, and the same generator seed gives the same plan."""
    p = generate(seed, 12, m, features | {"must", "groups"}).problem
    comp = compile_problem(p)
    d = comp.data
    base = empty_state(p, comp)
    if not engine.start_state(d, base):
        return
    engine.seed_rng(seed)
    engine.construct(d, base)
    for i in range(unmet(d, base, -1)):
        pair = unmet(d, base, i)
        plans = []
        for _ in range(2):
            s = tuple(a.copy() for a in base)
            engine.seed_rng(seed + i)
            inserted = make_room(d, s, pair // m, pair % m)
            consistent(p, comp, s)
            if inserted:
                assert s[5][pair // m] == pair % m
            plans.append(days(s))
        assert plans[0] == plans[1]
