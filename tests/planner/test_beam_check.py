"""The beam check of ``benchmarks/planner_beam.py``: exact when wide enough, and what
it reports is a feasible plan of that score."""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import ONE_DAY_RULES, generate, with_rule
from tests.planner.test_solver import brute_force
from tourlink.planner import check, schedule_routes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n_sites=st.integers(1, 7),
    spans=st.booleans(),
    mu=st.sampled_from([0.0, 1.0, 5.0]),
)
def test_a_beam_wider_than_the_states_finds_the_optimum(
    beam_tool: ModuleType, seed: int, n_sites: int, spans: bool, mu: float
) -> None:
    features = frozenset({"spans"} if spans else set())
    problem = generate(seed, n_sites, 1, features).problem
    value, path = beam_tool.beam(problem, width=10**6, mu=mu)
    assert value == pytest.approx(brute_force(problem))
    plan = schedule_routes(problem, [path])
    assert check(problem, plan) == []
    assert plan.score == pytest.approx(value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n_sites=st.integers(4, 7), width=st.integers(1, 3))
def test_a_narrow_beam_reports_a_feasible_path_of_its_score(
    beam_tool: ModuleType, seed: int, n_sites: int, width: int
) -> None:
    problem = generate(seed, n_sites, 1, frozenset()).problem
    value, path = beam_tool.beam(problem, width=width, mu=1.0)
    plan = schedule_routes(problem, [path])
    assert check(problem, plan) == []
    assert plan.score == pytest.approx(value)
    assert value <= brute_force(problem)


@pytest.mark.parametrize("rule", ONE_DAY_RULES)
def test_problems_with_rules_it_does_not_model_are_refused(
    beam_tool: ModuleType, rule: str
) -> None:
    problem = generate(3, 6, 1, frozenset()).problem
    beam_tool.beam(problem, width=10, mu=1.0)
    with pytest.raises(ValueError, match="one-day problems"):
        beam_tool.beam(with_rule(problem, rule), width=10, mu=1.0)
