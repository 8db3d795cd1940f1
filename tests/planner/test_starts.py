"""Independent starts (SolveParams.starts): feasible, reproducible, never worse than
their first start, and on time."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tourlink.planner import SolveParams, check, solve

pytestmark = pytest.mark.usefixtures("warm_solver")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(1, 3),
    starts=st.integers(2, 4),
    features=st.sets(st.sampled_from(FEATURES)).map(frozenset),
)
def test_starts_keep_plans_feasible_and_reproducible(
    seed: int, m: int, starts: int, features: frozenset[str]
) -> None:
    p = generate(seed, 14, m, features).problem
    params = SolveParams(starts=starts, start_share=0.5, elite_size=seed % 2 * 4)
    a = solve(p, params=params, max_iterations=240, seed=seed)
    b = solve(p, params=params, max_iterations=240, seed=seed)
    assert check(p, a) == []
    assert (a.tours, a.score) == (b.tours, b.score)
    assert a.stats.iterations == 240
    assert 0 <= a.stats.best_iteration <= 240


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_the_main_search_keeps_the_best_start(seed: int) -> None:
    """With 2 starts over half of 1600 iterations, the first start is the search of
    400 iterations (same random numbers and temperatures): the plan returned is at
    least as good as that one's."""
    p = generate(seed, 40, 1, frozenset()).problem
    first = solve(p, max_iterations=400, seed=seed)
    params = SolveParams(starts=2, start_share=0.5)
    r = solve(p, params=params, max_iterations=1600, seed=seed)
    assert r.score >= first.score


def test_starts_change_the_search_and_one_start_does_not() -> None:
    p = generate(11, 40, 2, frozenset()).problem
    base = solve(p, max_iterations=800, seed=3)
    one = solve(
        p, params=SolveParams(starts=1, start_share=0.7), max_iterations=800, seed=3
    )
    assert (one.tours, one.score) == (base.tours, base.score)
    many = [
        solve(p, params=SolveParams(starts=4), max_iterations=800, seed=s)
        for s in range(3, 6)
    ]
    plain = [solve(p, max_iterations=800, seed=s) for s in range(3, 6)]
    assert [r.tours for r in many] != [r.tours for r in plain]


@pytest.mark.parametrize("limit", [0.3, 0.8])
def test_time_limit_is_kept_with_starts(limit: float) -> None:
    p = generate(5, 30, 2, frozenset(FEATURES)).problem
    t0 = time.perf_counter()
    r = solve(p, params=SolveParams(starts=4), time_limit=limit, seed=1)
    assert time.perf_counter() - t0 <= 1.1 * limit
    assert check(p, r) == []
