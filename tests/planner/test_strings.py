"""String removal: runs of consecutive visits cut from the days nearest a seed visit."""

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
from tourlink.planner.search.ruin import STRINGS, ruin

pytestmark = pytest.mark.usefixtures("warm_solver")


def _runs(before: list[int], after: list[int]) -> list[int]:
    """The visits of ``before`` missing from ``after``, checked to be one run."""
    gone = [p for p, v in enumerate(before) if v not in after]
    if gone:
        assert gone == list(range(gone[0], gone[-1] + 1))
    return [before[p] for p in gone]


def _two_streets() -> Problem:
    """Two days along two parallel streets, 12 sites each, one unit apart."""
    pts = [(0.0, 0.0)] + [(float(x), 0.0) for x in range(1, 13)]
    pts += [(float(x), 1.0) for x in range(1, 13)]
    travel = np.array(
        [[round(10 * np.hypot(a[0] - b[0], a[1] - b[1])) for b in pts] for a in pts],
        dtype=np.int64,
    )
    return Problem(
        nodes=(Node(), *(Node(score=1, duration=1) for _ in pts[1:])),
        travel=travel,
        tours=(Tour(0, 0, 0, 1000), Tour(0, 0, 0, 1000)),
    )


def test_strings_are_cut_from_both_days_around_a_seed() -> None:
    """Two days of twelve visits each: a ruin of six removes three consecutive
    visits of each day, and the run on the other street lies across from a removed
    visit (its nearest site on that street is in the run)."""
    p = _two_streets()
    street = [list(range(1, 13)), list(range(13, 25))]
    for rng in range(40):
        comp, s = state(p, street)
        engine.seed_rng(rng)
        ruin(comp.data, s, 6, STRINGS)
        consistent(p, comp, s)
        cut = [_runs(street[t], days(s)[t]) for t in (0, 1)]
        assert [len(c) for c in cut] == [3, 3]
        across = {j + 12 if j <= 12 else j - 12 for j in cut[0] + cut[1]}
        assert across & set(cut[0] + cut[1])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), m=st.integers(1, 4), k=st.integers(1, 12))
def test_string_ruins_remove_runs_of_at_most_k_visits(
    seed: int, m: int, k: int
) -> None:
    """On solved plans of one to four days, a string ruin leaves every day feasible
    and its counters right, removes at most ``k`` visits and at least one, and
    takes from each day one run of consecutive visits."""
    p = generate(seed, 18, m, frozenset({"multi_windows", "budget"})).problem
    r = solve(p, max_iterations=100, seed=seed)
    before = [list(t.nodes) for t in r.tours]
    comp, s = state(p, before)
    engine.seed_rng(seed)
    ruin(comp.data, s, k, STRINGS)
    consistent(p, comp, s)
    after = days(s)
    removed = [_runs(before[t], after[t]) for t in range(m)]
    n = sum(len(c) for c in removed)
    visits = sum(len(b) for b in before)
    assert n <= k
    assert n >= min(1, visits)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), features=st.sampled_from(["plain", "all"]))
def test_solves_with_frequent_string_ruins_are_valid_and_reproducible(
    seed: int, features: str
) -> None:
    assert_valid_and_reproducible(
        seed, features, 3, SolveParams(string_probability=0.8)
    )


def test_one_day_and_four_days_never_cut_strings() -> None:
    """Plans of one day and of four days draw no random number for the string
    ruin: the default gives the plans of ``string_probability=0``."""
    for m in (1, 4):
        assert_default_searches_as(SolveParams(string_probability=0.0), m, 20)


def test_three_days_cut_strings_by_default() -> None:
    """Three days use the string ruin by default (another plan than without it),
    and ``string_max_days=2`` leaves them as without it."""
    p = generate(7, 30, 3, frozenset({"multi_windows"})).problem
    on = solve(p, max_iterations=400, seed=7)
    off = solve(
        p, params=SolveParams(string_probability=0.0), max_iterations=400, seed=7
    )
    capped = solve(p, params=SolveParams(string_max_days=2), max_iterations=400, seed=7)
    assert on.tours != off.tours
    assert (capped.tours, capped.score) == (off.tours, off.score)
