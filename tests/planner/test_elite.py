"""The elite set of distinct plans and the crossover of two plans."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tests.planner.states import consistent, days, state
from tourlink.planner import Node, Problem, SolveParams, Tour, check, solve
from tourlink.planner.compile import compile_problem, empty_state
from tourlink.planner.search import engine
from tourlink.planner.search.elite import crossover, elite_add, new_elite
from tourlink.planner.search.recreate import recreate
from tourlink.planner.solver import _day_classes

pytestmark = pytest.mark.usefixtures("warm_solver")


def _line(n_sites: int, m: int, latest: int) -> Problem:
    """Sites on a line one unit apart (score = index), the depot at 0."""
    n = n_sites + 1
    travel = np.abs(np.subtract.outer(np.arange(n), np.arange(n))).astype(np.int64)
    nodes = (Node(), *(Node(score=i, duration=1) for i in range(1, n)))
    return Problem(nodes=nodes, travel=travel, tours=(Tour(0, 0, 0, latest),) * m)


def _keys(n: int) -> Any:
    return np.random.default_rng(0).integers(1, 1 << 62, size=n, dtype=np.int64)


def test_elite_keeps_distinct_plans_and_replaces_the_worst_when_full() -> None:
    p = _line(6, 1, 100)
    comp = compile_problem(p)
    elite = new_elite(2, 1, comp.capacity)
    keys = _keys(p.n_nodes)
    _, a = state(p, [[1, 2]])
    _, same = state(p, [[2, 1]])
    _, b = state(p, [[3, 4]])
    _, c = state(p, [[5, 6]])
    assert elite_add(a, elite, keys)
    assert not elite_add(same, elite, keys)  # same visits in another order
    assert elite_add(b, elite, keys)
    assert elite_add(c, elite, keys)  # prize 11 replaces prize 3
    assert sorted(elite[3]) == [7.0, 11.0]
    assert not elite_add(a, elite, keys)  # worse than both
    assert elite[5][0] == 2


def test_a_whole_day_crossover_takes_the_other_plans_day() -> None:
    """Two days: the day taken from the other plan replaces one day outright and
    its visits leave the other day."""
    p = _line(6, 2, 100)
    comp, parent = state(p, [[1, 2], [3, 4]])
    _, other = state(p, [[5, 6, 3], []])
    elite = new_elite(1, 2, comp.capacity)
    assert elite_add(other, elite, _keys(p.n_nodes))
    cls = _day_classes(p, parent)
    engine.seed_rng(0)
    crossover(comp.data, parent, elite, 0, cls, 1.0)
    assert days(parent) in ([[5, 6, 3], [4]], [[1, 2], [5, 6, 3]])
    consistent(p, comp, parent)


def test_a_slice_crossover_brings_in_the_other_plans_visits_of_the_slice() -> None:
    """One day spanning the whole slice range: the other plan's visits replace
    the visits that start inside the slice, in the other plan's order."""
    p = _line(8, 1, 40)
    comp, parent = state(p, [[1, 2, 3, 4]])
    _, other = state(p, [[5, 6, 7, 8]])
    elite = new_elite(1, 1, comp.capacity)
    assert elite_add(other, elite, _keys(p.n_nodes))
    cls = _day_classes(p, parent)
    for seed in range(20):
        _, s = state(p, [[1, 2, 3, 4]])
        engine.seed_rng(seed)
        crossover(comp.data, s, elite, 0, cls, 0.0)
        consistent(p, comp, s)
        day = days(s)[0]
        brought = [v for v in day if v >= 5]
        assert brought == sorted(brought)  # the other plan's order


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(1, 3),
    features=st.sets(st.sampled_from(FEATURES)).map(frozenset),
)
def test_crossover_keeps_plans_feasible_and_reproducible(
    seed: int, m: int, features: frozenset[str]
) -> None:
    """Restarts from crossovers every 20 iterations, with every feature in play:
    results pass the checker and the same seed gives the same plan."""
    p = generate(seed, 14, m, features).problem
    params = SolveParams(elite_size=4, restart_after=20, crossover_probability=1.0)
    a = solve(p, params=params, max_iterations=300, seed=seed)
    b = solve(p, params=params, max_iterations=300, seed=seed)
    assert check(p, a) == []
    assert (a.tours, a.score) == (b.tours, b.score)
    assert a.stats.crossovers == b.stats.crossovers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(1, 3),
    features=st.sets(st.sampled_from(FEATURES)).map(frozenset),
)
def test_crossover_of_two_searched_plans_is_consistent(
    seed: int, m: int, features: frozenset[str]
) -> None:
    """Crossing the plans of two seeds leaves feasible, consistently counted days."""
    p = generate(seed, 14, m, features).problem
    comp = compile_problem(p)
    d = comp.data
    plans = []
    for k in range(2):
        s = empty_state(p, comp)
        if not engine.start_state(d, s):
            return
        engine.seed_rng(seed + k)
        recreate(d, s, 0.5)
        plans.append(s)
    elite = new_elite(1, m, comp.capacity)
    elite_add(plans[1], elite, _keys(p.n_nodes))
    cls = _day_classes(p, plans[0])
    engine.seed_rng(seed)
    crossover(d, plans[0], elite, 0, cls, 0.5)
    consistent(p, comp, plans[0])
