"""Warm start: ``solve(..., initial=result)`` starts from a given plan."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tourlink.planner import Result, TourPlan, check, schedule_routes, solve

pytestmark = pytest.mark.usefixtures("warm_solver")

feature_sets = st.sets(st.sampled_from(FEATURES)).map(frozenset)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), m=st.integers(1, 3), features=feature_sets)
def test_warm_start_returns_a_checked_plan_at_least_as_good_as_the_initial(
    seed: int, m: int, features: frozenset[str]
) -> None:
    """A checked plan seeds the search, which only keeps something better."""
    p = generate(seed, 12, m, features).problem
    first = solve(p, max_iterations=20, seed=seed)
    assume(not check(p, first))
    second = solve(p, max_iterations=20, seed=seed + 1, initial=first)
    assert second.stats.warm_start
    assert check(p, second) == []
    assert second.score >= first.score - 1e-9


def test_warm_start_is_reproducible_for_a_seed_and_iteration_count() -> None:
    p = generate(7, 14, 2, frozenset(FEATURES)).problem
    first = solve(p, max_iterations=30, seed=3)
    a = solve(p, max_iterations=50, seed=5, initial=first)
    b = solve(p, max_iterations=50, seed=5, initial=first)
    assert a.tours == b.tours
    assert a.score == b.score


def test_initial_plan_is_kept_when_the_search_finds_nothing_better() -> None:
    """The first best plan of a warm start is the initial plan, filled greedily."""
    p = generate(11, 14, 2, frozenset({"multi_windows", "spans"})).problem
    long_run = solve(p, max_iterations=2000, seed=1)
    short = solve(p, max_iterations=1, seed=2, initial=long_run)
    assert short.stats.warm_start
    assert short.score >= long_run.score - 1e-9


def test_initial_plan_timed_elsewhere_is_re_timed() -> None:
    """Only the visit orders and hotels of ``initial`` count: a plan from
    ``schedule_routes`` (earliest starts) seeds the search like a solver's."""
    p = generate(5, 12, 2, frozenset({"hotels", "fixed"})).problem
    found = solve(p, max_iterations=40, seed=1)
    routes = [t.nodes for t in found.tours]
    ends = [t.end_node for t in found.tours]
    timed = schedule_routes(p, routes, ends=ends)
    if check(p, timed):  # a booked visit waited for its time in the solver's plan
        timed = found
    r = solve(p, max_iterations=10, seed=2, initial=timed)
    assert r.stats.warm_start
    assert not check(p, r)


def _broken(result: Result) -> Result:
    """``result`` with its first visit repeated on the last day (visited twice)."""
    visits = [v for t in result.tours for v in t.visits]
    assert visits, "the instance should have a visit"
    last = result.tours[-1]
    tours = (*result.tours[:-1], replace(last, visits=(*last.visits, visits[0])))
    return replace(result, tours=tours)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(_broken, id="site-visited-twice"),
        pytest.param(lambda r: replace(r, tours=r.tours[:-1]), id="a-day-missing"),
        pytest.param(
            lambda r: replace(r, tours=(TourPlan(0, 10**6, 0, 0, ()), *r.tours[1:])),
            id="unknown-hotel",
        ),
    ],
)
def test_infeasible_initial_is_ignored_and_the_search_runs_as_without_it(
    spoil: object,
) -> None:
    """An initial plan that ``check`` rejects is not used: same plan as no warm
    start for the same seed and iteration count, and ``warm_start`` is False."""
    p = generate(3, 12, 2, frozenset({"caps", "budget"})).problem
    good = solve(p, max_iterations=40, seed=1)
    bad = spoil(good)  # type: ignore[operator]
    plain = solve(p, max_iterations=60, seed=9)
    ignored = solve(p, max_iterations=60, seed=9, initial=bad)
    assert not ignored.stats.warm_start
    assert ignored.tours == plain.tours
    assert ignored.score == plain.score


def test_plan_of_a_problem_with_fewer_hotels_seeds_the_full_problem() -> None:
    """A search that may end each night at fewer hotels (trips' region orders)
    gives a plan that is valid for, and seeds, the problem with all of them."""
    full = generate(21, 14, 3, frozenset({"hotels", "spans"})).problem
    fewer = replace(
        full,
        tours=tuple(
            replace(t, end=t.end_choices[-1]) if len(t.end_choices) > 1 else t
            for t in full.tours
        ),
    )
    narrow = solve(fewer, max_iterations=50, seed=1)
    assert not check(full, narrow)
    wide = solve(full, max_iterations=50, seed=2, initial=narrow)
    assert wide.stats.warm_start
    assert not check(full, wide)
    assert wide.score >= narrow.score - 1e-9


def test_initial_plan_without_a_new_must_visit_is_used_and_the_search_adds_it() -> None:
    """A plan of the same trip without a must-visit is a valid start: the search
    inserts the must-visit (as after the greedy construction)."""
    p = generate(13, 10, 2, frozenset({"must"})).problem
    must = [i for i, n in enumerate(p.nodes) if n.must_visit]
    assert must
    free = replace(p, nodes=tuple(replace(n, must_visit=False) for n in p.nodes))
    start = solve(free, max_iterations=30, seed=1)
    r = solve(p, max_iterations=600, seed=2, initial=start)
    assert r.stats.warm_start
    assert check(p, r) == []
