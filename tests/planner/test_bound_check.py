"""The bound of ``benchmarks/planner_bound.py``: it proves exactly the scores above the
optimum out of reach, and what it reports as reachable is a feasible plan."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import ONE_DAY_RULES, generate, with_rule
from tests.planner.test_reader import DATA
from tests.planner.test_solver import brute_force
from tourlink.planner import Node, Problem, Tour, check, read_toptw, schedule_routes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n_sites=st.integers(1, 8),
    spans=st.booleans(),
    ng_size=st.sampled_from([1, 2, 8]),
)
def test_the_bound_rules_out_every_score_above_the_optimum_and_no_other(
    bound_tool: ModuleType, seed: int, n_sites: int, spans: bool, ng_size: int
) -> None:
    features = frozenset({"spans"} if spans else set())
    problem = generate(seed, n_sites, 1, features).problem
    best = brute_force(problem)
    above = bound_tool.bound(problem, best + 0.5, ng_size=ng_size)
    assert above.proved
    assert above.plan == []
    at = bound_tool.bound(problem, best, ng_size=ng_size)
    assert not at.proved
    plan = schedule_routes(problem, [at.plan])
    assert check(problem, plan) == []
    assert plan.score == pytest.approx(best)


def test_small_neighbourhoods_grow_until_the_relaxation_answers(
    bound_tool: ModuleType,
) -> None:
    # five sites close together and open all day: with a neighbourhood of one site
    # a path may go back and forth between two of them, so the first relaxation
    # scores far more than the five sites hold
    problem = generate(11, 5, 1, frozenset()).problem
    problem = replace(
        problem,
        nodes=(
            problem.nodes[0],
            *(replace(n, windows=((0, 10**4),), duration=1) for n in problem.nodes[1:]),
        ),
        tours=(Tour(0, 0, 0, 10**4),),
    )
    total = sum(n.score for n in problem.nodes)
    found = bound_tool.bound(problem, total + 1, ng_size=1)
    assert found.proved
    assert found.rounds[0].relaxed is not None
    assert found.rounds[0].relaxed > total
    assert found.rounds[-1].relaxed is None
    assert found.rounds[-1].memory > 1


def test_a_return_is_remembered_by_the_sites_visited_in_between(
    bound_tool: ModuleType,
) -> None:
    extra: dict[int, list[int]] = {3: [9]}
    bound_tool._remember_returns([1, 2, 3, 1, 4, 2], extra)
    assert extra == {2: [1], 3: [9, 1, 2], 1: [2], 4: [2]}


@pytest.mark.parametrize("rule", ONE_DAY_RULES)
def test_problems_with_rules_it_does_not_model_are_refused(
    bound_tool: ModuleType, rule: str
) -> None:
    problem = generate(3, 6, 1, frozenset()).problem
    bound_tool.bound(problem, 1.0)
    with pytest.raises(ValueError, match="one-day problems"):
        bound_tool.bound(with_rule(problem, rule), 1.0)


def test_two_sites_with_no_time_between_them_are_refused(
    bound_tool: ModuleType,
) -> None:
    # a walk could go between them for ever, so no walk bound exists
    problem = Problem(
        nodes=(Node(), Node(score=1.0), Node(score=1.0)),
        travel=np.array([[0, 5, 5], [5, 0, 0], [5, 0, 0]]),
        tours=(Tour(0, 0, 0, 100),),
    )
    with pytest.raises(ValueError, match="every move from one site to another"):
        bound_tool.bound(problem, 1.0)


def test_labels_that_outgrow_the_first_arrays_give_the_same_answer(
    bound_tool: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = generate(5, 8, 1, frozenset()).problem
    best = brute_force(problem)
    roomy = bound_tool.bound(problem, best, ng_size=2)
    monkeypatch.setattr(bound_tool, "FIRST_ROOM", (1, 1))
    assert bound_tool.bound(problem, best + 0.5, ng_size=2).proved
    cramped = bound_tool.bound(problem, best, ng_size=2)
    assert cramped.plan == roomy.plan
    assert cramped.rounds == roomy.rounds


needs_data = pytest.mark.skipif(
    not (DATA / "instances").is_dir(), reason="benchmark data not present"
)


@needs_data
def test_on_pr01_it_agrees_with_the_published_exact_optimum(
    bound_tool: ModuleType,
) -> None:
    # Righini and Salani's finished exact run: 308 (the table's "optimal" row)
    problem = read_toptw(DATA / "instances" / "pr01.txt", tours=1)
    assert bound_tool.bound(problem, 309).proved
    found = bound_tool.bound(problem, 308)
    plan = schedule_routes(problem, [found.plan])
    assert check(problem, plan) == []
    assert plan.score >= 308


@needs_data
def test_the_table_score_of_pr12_that_the_benchmark_corrects_is_out_of_reach(
    bound_tool: ModuleType,
) -> None:
    # one row of benchmarks/planner_optima.csv, re-proved (about 25 CPU s)
    problem = read_toptw(DATA / "instances" / "pr12.txt", tours=1)
    assert bound_tool.bound(problem, 442).proved
