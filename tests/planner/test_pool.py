"""The pool of days: distinct routes kept, best disjoint set selected and loaded."""

from __future__ import annotations

import itertools
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.planner.instances import generate
from tests.planner.states import state
from tourlink.planner import FixedVisit, Node, Problem, SolveParams, Tour, check, solve
from tourlink.planner.compile import compile_problem, empty_state
from tourlink.planner.search.pool import load, new_pool, pool_add, select
from tourlink.planner.solver import _day_classes

pytestmark = pytest.mark.usefixtures("warm_solver")


def _star(n_sites: int, m: int, budget: float | None = None) -> Problem:
    """Sites one time unit from the depot and from each other; wide days."""
    nodes = (
        Node(),
        *(Node(score=i, duration=1, cost=i) for i in range(1, n_sites + 1)),
    )
    n = n_sites + 1
    travel = np.ones((n, n), dtype=np.int64) - np.eye(n, dtype=np.int64)
    return Problem(
        nodes=nodes, travel=travel, tours=(Tour(0, 0, 0, 1000),) * m, budget=budget
    )


def _keys(n: int) -> Any:
    return np.random.default_rng(0).integers(1, 1 << 62, size=n, dtype=np.int64)


def test_pool_keeps_one_copy_of_a_day_with_the_same_visits() -> None:
    """Two days with the same visits in another order are one entry."""
    p = _star(4, 2)
    comp, s = state(p, [[1, 2], [2, 1]])
    pool = new_pool(8, comp.capacity, p.n_nodes)
    cls, keys = np.zeros(2, dtype=np.int64), _keys(p.n_nodes)
    assert pool_add(comp.data, s, 0, pool, cls, keys)
    assert not pool_add(comp.data, s, 1, pool, cls, keys)
    assert pool[7][0] == 1


def test_full_pool_replaces_its_lowest_prize_route_by_a_better_one() -> None:
    p = _star(4, 3)
    comp, s = state(p, [[1], [2], [4]])
    pool = new_pool(2, comp.capacity, p.n_nodes)
    cls, keys = np.zeros(3, dtype=np.int64), _keys(p.n_nodes)
    assert pool_add(comp.data, s, 0, pool, cls, keys)
    assert pool_add(comp.data, s, 1, pool, cls, keys)
    assert pool_add(comp.data, s, 2, pool, cls, keys)  # prize 4 replaces prize 1
    assert sorted(pool[2][:2]) == [2.0, 4.0]
    _, worse = state(p, [[3], [], []])
    assert pool_add(comp.data, worse, 0, pool, cls, keys)  # 3 replaces 2
    assert not pool_add(comp.data, s, 1, pool, cls, keys)  # 2 is below both


def _fill(
    pool: Any, routes: list[tuple[list[int], int]], prize: Any, cost: Any
) -> None:
    seqs, lens, pz, cs, cls, _, bits, count = pool
    for i, (visits, c) in enumerate(routes):
        seq = [0, *visits, 0]
        seqs[i, : len(seq)] = seq
        lens[i] = len(seq)
        pz[i] = sum(prize[j] for j in visits)
        cs[i] = sum(cost[j] for j in visits)
        cls[i] = c
        bits[i, :] = 0
        for j in visits:
            bits[i, j >> 6] |= np.uint64(1) << np.uint64(j & 63)
    count[0] = len(routes)


def _best_by_enumeration(
    routes: list[tuple[list[int], int]],
    day_class: list[int],
    prize: Any,
    cost: Any,
    budget: float,
) -> float:
    best = -1.0
    options = [[i for i, r in enumerate(routes) if r[1] == c] for c in day_class]
    for combo in itertools.product(*options):
        if len(set(combo)) < len(combo):
            continue
        seen: list[int] = [j for i in combo for j in routes[i][0]]
        if len(seen) != len(set(seen)):
            continue
        if sum(cost[j] for j in seen) > budget + 1e-9:
            continue
        best = max(best, sum(prize[j] for j in seen))
    return best


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(2, 3),
    n_routes=st.integers(1, 9),
    two_classes=st.booleans(),
    tight_budget=st.booleans(),
)
def test_selection_finds_the_best_disjoint_set_of_days(
    seed: int, m: int, n_routes: int, two_classes: bool, tight_budget: bool
) -> None:
    """On small pools the branch and bound matches full enumeration."""
    rng = random.Random(seed)
    n_sites = 8
    budget = 12.0 if tight_budget else None
    p = _star(n_sites, m, budget)
    comp = compile_problem(p)
    prize, cost = comp.data[6], comp.data[7]
    day_class = [0] * m
    if two_classes:
        day_class[-1] = 1
    routes = [
        (rng.sample(range(1, n_sites + 1), rng.randint(1, 4)), rng.choice(day_class))
        for _ in range(n_routes)
    ]
    pool = new_pool(16, comp.capacity, p.n_nodes)
    _fill(pool, routes, prize, cost)
    picks = np.zeros(m, dtype=np.int64)
    cls = np.array(day_class, dtype=np.int64)
    got = select(comp.data, pool, cls, picks, 10**6)
    want = _best_by_enumeration(
        routes, day_class, prize, cost, np.inf if budget is None else budget
    )
    assert got == want
    if got >= 0:
        chosen = [routes[int(i)] for i in picks]
        assert [c for _, c in chosen] == day_class
        assert sum(prize[j] for r, _ in chosen for j in r) == got


def test_loaded_selection_is_a_consistent_plan() -> None:
    """Loading picked routes sets visits, days and totals as insertions would."""
    p = _star(5, 2)
    comp, s = state(p, [[], []])
    pool = new_pool(4, comp.capacity, p.n_nodes)
    prize, cost = comp.data[6], comp.data[7]
    _fill(pool, [([1, 2], 0), ([3, 5], 0)], prize, cost)
    assert load(comp.data, pool, np.array([1, 0], dtype=np.int64), s)
    _, want = state(p, [[3, 5], [1, 2]])
    for a, b in zip(s, want, strict=True):
        np.testing.assert_array_equal(a, b)


def test_interchangeable_days_share_a_class_and_booked_days_do_not() -> None:
    p = _star(4, 3)
    comp = compile_problem(p)
    assert list(_day_classes(p, empty_state(p, comp))) == [0, 0, 0]
    booked = Problem(
        nodes=(
            Node(),
            *(Node(score=1, duration=1, windows=((0, 500),)) for _ in range(4)),
        ),
        travel=p.travel,
        tours=p.tours,
        fixed=(FixedVisit(2, 1, 10),),
    )
    comp = compile_problem(booked)
    assert list(_day_classes(booked, empty_state(booked, comp))) == [0, 1, 0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), m=st.integers(2, 3))
@example(seed=16888, m=3)  # lunch on day 2 only by moving another day's (repair)
def test_frequent_recombination_keeps_plans_feasible_and_reproducible(
    seed: int, m: int
) -> None:
    """A pool consulted every iteration, with every feature in play."""
    features = frozenset({"multi_windows", "must", "caps", "budget", "groups", "fixed"})
    p = generate(seed, 14, m, features).problem
    params = SolveParams(pool_size=16, pool_interval=1, pool_max_days=3)
    a = solve(p, params=params, max_iterations=150, seed=seed)
    b = solve(p, params=params, max_iterations=150, seed=seed)
    assert check(p, a) == []
    assert (a.tours, a.score) == (b.tours, b.score)


def test_the_pool_is_left_out_beyond_pool_max_days() -> None:
    """By default five days are searched exactly as without a pool."""
    p = generate(5, 30, 5, frozenset({"multi_windows"})).problem
    default = solve(p, max_iterations=400, seed=5)
    without = solve(p, params=SolveParams(pool_size=0), max_iterations=400, seed=5)
    pooled = solve(
        p,
        params=SolveParams(pool_interval=1, pool_max_days=5),
        max_iterations=400,
        seed=5,
    )
    assert (default.tours, default.score) == (without.tours, without.score)
    assert default.stats.recombinations == 0
    assert pooled.stats.recombinations > 0


def test_four_days_use_the_pool_by_default() -> None:
    """Plans of up to four days recombine pooled days unless told otherwise."""
    p = generate(2, 30, 4, frozenset({"multi_windows"})).problem
    pooled = solve(p, params=SolveParams(pool_interval=1), max_iterations=400, seed=2)
    capped = solve(
        p,
        params=SolveParams(pool_interval=1, pool_max_days=3),
        max_iterations=400,
        seed=2,
    )
    assert check(p, pooled) == []
    assert pooled.stats.recombinations > 0
    assert capped.stats.recombinations == 0
