"""The slice rebuild of one-day plans: the state stays consistent, fixed visits
stay, and plans of several days do not depend on it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tests.planner.states import consistent, days, state
from tourlink.planner import SolveParams, check, solve
from tourlink.planner.search.engine import seed_rng
from tourlink.planner.search.oneday import slice_rebuild
from tourlink.planner.search.recreate import recreate

pytestmark = pytest.mark.usefixtures("warm_solver")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    k=st.integers(1, 12),
    neighbours=st.integers(0, 3),
    features=st.sets(st.sampled_from(FEATURES)).map(frozenset),
)
def test_slice_rebuild_keeps_the_day_feasible_and_the_counts_right(
    seed: int, k: int, neighbours: int, features: frozenset[str]
) -> None:
    p = generate(seed, 25, 1, features).problem
    comp, s = state(p, [[]])
    recreate(comp.data, s, 0.0)
    fixed = {f.node for f in p.fixed}
    before = days(s)[0]
    seed_rng(seed)
    slice_rebuild(comp.data, s, 0, k, neighbours, 0.5)
    consistent(p, comp, s)
    after = days(s)[0]
    assert fixed <= set(after)
    assert len(set(after)) == len(after)
    if not before:
        assert after == []


def test_plans_of_several_days_do_not_depend_on_the_slice_probability() -> None:
    p = generate(11, 30, 2, frozenset()).problem
    a = solve(p, params=SolveParams(slice_probability=0.0), max_iterations=300, seed=2)
    b = solve(p, params=SolveParams(slice_probability=1.0), max_iterations=300, seed=2)
    assert [t.nodes for t in a.tours] == [t.nodes for t in b.tours]


def test_one_day_plans_with_only_slice_rebuilds_keep_every_rule() -> None:
    only_slices = SolveParams(slice_probability=1.0)
    for seed in range(8):
        p = generate(seed, 12, 1, frozenset(FEATURES)).problem
        r = solve(p, params=only_slices, max_iterations=600, seed=seed)
        assert r.feasible
        assert check(p, r) == []


def test_slice_probability_is_validated() -> None:
    with pytest.raises(ValueError, match="slice_probability"):
        SolveParams(slice_probability=1.5)
