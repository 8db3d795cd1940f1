"""Tail exchange between two days (2-opt*): plans stay feasible and consistent."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import (
    assert_default_searches_as,
    assert_valid_and_reproducible,
    generate,
)
from tests.planner.states import consistent, days, state
from tourlink.planner import Node, Problem, SolveParams, Tour, solve
from tourlink.planner.search import engine
from tourlink.planner.search.exchange import two_opt_star
from tourlink.planner.solver import _day_classes

pytestmark = pytest.mark.usefixtures("warm_solver")


def test_tails_are_swapped_on_a_line() -> None:
    """Sites on a line, two days that each cross the other: the swap keeps every
    visit, and recreate's counters follow the moved visits."""
    xs = [0, 1, 2, 3, 4, 5]
    n = len(xs)
    travel = np.array([[abs(a - b) for b in xs] for a in xs], dtype=np.int64)
    p = Problem(
        nodes=(Node(), *(Node(score=1, duration=1) for _ in range(n - 1))),
        travel=travel,
        tours=(Tour(0, 0, 0, 100), Tour(0, 0, 0, 100)),
    )
    comp, s = state(p, [[1, 4], [3, 2]])
    cls = np.zeros(2, dtype=np.int64)
    engine.seed_rng(3)
    swapped = 0
    for _ in range(20):
        if two_opt_star(comp.data, s, cls):
            swapped += 1
        consistent(p, comp, s)
        assert sorted(v for d in days(s) for v in d) == [1, 2, 3, 4]
    assert swapped > 0


def test_days_of_different_classes_are_left_alone() -> None:
    p = generate(1, 12, 2, frozenset()).problem
    r = solve(p, max_iterations=200, seed=1)
    comp, s = state(p, [list(t.nodes) for t in r.tours])
    before = days(s)
    cls = np.array([0, 1], dtype=np.int64)
    for _ in range(20):
        assert not two_opt_star(comp.data, s, cls)
    assert days(s) == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_exchange_keeps_visits_feasible_and_counted(seed: int) -> None:
    """From a solved plan of two days, repeated swaps keep every day feasible, the
    counters consistent and the set of visits unchanged."""
    p = generate(seed, 16, 2, frozenset({"multi_windows", "budget"})).problem
    r = solve(p, max_iterations=200, seed=seed)
    comp, s = state(p, [list(t.nodes) for t in r.tours])
    cls = _day_classes(p, s)
    visits = sorted(v for d in days(s) for v in d)
    engine.seed_rng(seed)
    for _ in range(30):
        two_opt_star(comp.data, s, cls)
        consistent(p, comp, s)
        assert sorted(v for d in days(s) for v in d) == visits


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), features=st.sampled_from(["plain", "all"]))
def test_solves_with_frequent_exchanges_are_valid_and_reproducible(
    seed: int, features: str
) -> None:
    assert_valid_and_reproducible(
        seed, features, 2, SolveParams(exchange_probability=0.8)
    )


def test_without_exchange_the_search_is_the_one_of_before() -> None:
    """One day and five days never exchange: the default gives the plans of
    ``exchange_probability=0``."""
    for m in (1, 5):
        assert_default_searches_as(SolveParams(exchange_probability=0.0), m, 14)
