"""Insertion through time warp (an experiment, off by default): the move leaves every
day feasible and counted, and the search is unchanged where it is off."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import generate
from tests.planner.states import consistent, days, state
from tourlink.planner import Node, Problem, SolveParams, Tour, check, solve
from tourlink.planner.search import engine
from tourlink.planner.search.timewarp import _pass, warp_insert

pytestmark = pytest.mark.usefixtures("warm_solver")


def test_time_warp_is_counted_once_per_late_visit() -> None:
    """Sites on a line, unit visits; site 2 closes at 3. Visiting 1, 3 then 2
    arrives at 2 at 1 + 1 + 2 + 1 + 1 = 6, 3 after it closed: the day goes back to
    3 and returns to the depot at 3 + 1 + 2 = 6."""
    xs = [0, 1, 2, 3]
    travel = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    p = Problem(
        nodes=(
            Node(),
            Node(score=1, duration=1),
            Node(score=1, duration=1, windows=((0, 3),)),
            Node(score=1, duration=1),
        ),
        travel=travel,
        tours=(Tour(0, 0, 0, 100), Tour(0, 0, 0, 5)),
    )
    comp, s = state(p, [[1, 3], []])
    d = comp.data
    assert _pass(d, s, 0, -1, -1, -1) == (0, 8)
    # site 2 before the end (position 3): late by 3
    assert _pass(d, s, 0, -1, 3, 2) == (3, 6)
    # site 2 between 1 and 3: on time
    assert _pass(d, s, 0, -1, 2, 2) == (0, 9)
    # without site 3 (position 2), site 2 at the end is on time
    assert _pass(d, s, 0, 2, 3, 2) == (0, 6)
    # day 2 ends at 5: site 3 alone returns at 3 + 1 + 3 = 7, 2 late
    assert _pass(d, s, 1, -1, -1, -1) == (0, 0)
    assert _pass(d, s, 1, -1, 1, 3) == (2, 5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    size=st.integers(1, 4),
    move=st.sampled_from([0.0, 1.0]),
    steps=st.sampled_from([0, 5]),
)
def test_warp_insert_leaves_days_feasible_and_counted(
    seed: int, size: int, move: float, steps: int
) -> None:
    """From a solved plan of two days, repeated moves keep every day feasible, the
    counters consistent and the budget kept."""
    p = generate(seed, 16, 2, frozenset({"multi_windows", "budget"})).problem
    r = solve(p, max_iterations=200, seed=seed)
    comp, s = state(p, [list(t.nodes) for t in r.tours])
    d = comp.data
    engine.seed_rng(seed)
    for _ in range(30):
        warp_insert(d, s, size, 10.0, move, steps)
        consistent(p, comp, s)
        assert s[8][1] <= d[8][0] + 1e-9
        assert all(_pass(d, s, t, -1, -1, -1)[0] == 0 for t in range(2))
        assert len({v for day in days(s) for v in day}) == sum(map(len, days(s)))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_solves_with_the_move_are_valid_and_reproducible(seed: int) -> None:
    p = generate(seed, 14, 2, frozenset({"multi_windows", "budget"})).problem
    params = SolveParams(warp_probability=0.5, warp_size=2, warp_steps=3)
    a = solve(p, params=params, max_iterations=300, seed=seed)
    b = solve(p, params=params, max_iterations=300, seed=seed)
    assert check(p, a) == []
    assert (a.tours, a.score) == (b.tours, b.score)


def test_one_and_three_days_never_warp() -> None:
    """The move is on only where the tail exchange is (two days): one and three
    days give the plans of the default."""
    for m in (1, 3):
        p = generate(7, 14, m, frozenset({"multi_windows"})).problem
        a = solve(p, max_iterations=400, seed=7)
        b = solve(
            p, params=SolveParams(warp_probability=0.9), max_iterations=400, seed=7
        )
        assert (a.tours, a.score) == (b.tours, b.score)
