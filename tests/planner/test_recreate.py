"""Recreate: the greedy insertion against a reference that rescans everything."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tests.planner.states import consistent, days, state
from tourlink.planner import Node, Problem, Tour
from tourlink.planner.search import engine
from tourlink.planner.search._jit import INF
from tourlink.planner.search.recreate import recreate, recreate_from
from tourlink.planner.search.route import insert_at, insertion_shift
from tourlink.planner.search.ruin import relocate, ruin

pytestmark = pytest.mark.usefixtures("warm_solver")

#: The features under which a finished plan may leave a site that fits in time.
PLAN_RULES = frozenset({"caps", "budget", "groups"})


def _greedy_reference(d: Any, s: Any) -> None:
    """Vansteenwegen's insertion without noise, every position rescanned before each
    insertion: the (node, day, position) of the largest prize² / shift wins, the
    first in candidate, day and position order on ties."""
    prize, cost, lim, cat, cap, grp, allowed, cand = (
        d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[19]
    )  # fmt: skip
    where, catc, grpc, acc = s[5], s[6], s[7], s[8]
    m = s[1].shape[0]
    while True:
        best, pick = -1.0, None
        for c in range(cand.shape[0]):
            j = int(cand[c])
            if where[j] >= 0 or prize[j] <= 0 or cost[j] > lim[0] - acc[1] + 1e-9:
                continue
            for t in range(m):
                if not allowed[j, t]:
                    continue
                if cat[j] >= 0 and catc[t, cat[j]] >= cap[cat[j]]:
                    continue
                if grp[j] >= 0 and grpc[t, grp[j]] >= 1:
                    continue
                val, p_best = -1.0, -1
                for p in range(1, int(s[1][t])):
                    shift = insertion_shift(d, s, t, p, j)
                    if shift < INF and 1.0 / max(shift, 1) > val:
                        val, p_best = 1.0 / max(shift, 1), p
                # prize² first, as recreate weighs: ties are exact in integers
                weight = prize[j] * prize[j]
                if p_best >= 0 and val * weight > best:
                    best, pick = val * weight, (t, p_best, j)
        if pick is None:
            return
        insert_at(d, s, *pick)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(1, 3),
    features=st.sets(st.sampled_from(FEATURES)).map(frozenset),
)
def test_greedy_insertion_matches_a_full_rescan_after_every_insertion(
    seed: int, m: int, features: frozenset[str]
) -> None:
    """recreate keeps each node's best position per day up to date incrementally
    (only the changed day, only from the new visit on where the old best still
    fits): its plan is the one of rescanning every position at every step."""
    p = generate(seed, 25, m, features).problem
    fixed_days: list[list[int]] = [[] for _ in range(m)]
    comp, fast = state(p, fixed_days)
    _, slow = state(p, fixed_days)
    recreate(comp.data, fast, 0.0)
    _greedy_reference(comp.data, slow)
    assert days(fast) == days(slow)
    consistent(p, comp, fast)


def _no_triangle(seed: int, m: int, two_matrices: bool) -> Problem:
    """40 sites with narrow windows and short or no visits, and random travel times
    (5-80 in each direction, far from a metric), optionally another matrix on odd
    days: a new visit can then make room for a site that fitted nowhere on its
    day."""
    rng = np.random.default_rng(seed)
    n = 41
    mats = [
        rng.integers(5, 81, size=(n, n)) * (1 - np.eye(n, dtype=np.int64))
        for _ in range(2 if two_matrices else 1)
    ]
    nodes = [Node()]
    for _ in range(n - 1):
        opens = int(rng.integers(0, 280))
        nodes.append(
            Node(
                score=int(rng.integers(1, 10)),
                duration=int(rng.integers(0, 3)),
                windows=((opens, opens + int(rng.integers(3, 30))),),
            )
        )
    return Problem(
        nodes=tuple(nodes),
        travel=np.stack(mats).astype(np.int64),
        tours=tuple(
            Tour(0, 0, 0, 300, matrix=t % 2 if two_matrices else 0) for t in range(m)
        ),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), m=st.integers(1, 3), two_matrices=st.booleans())
def test_greedy_insertion_without_the_triangle_inequality_matches_a_full_rescan(
    seed: int, m: int, two_matrices: bool
) -> None:
    """recreate rescans the sites that fitted nowhere on a day only after a new
    visit whose least extra time is negative (elsewhere they cannot fit next to
    it): where that happens often, its plan is still the one of rescanning every
    position at every step."""
    p = _no_triangle(seed, m, two_matrices)
    comp, fast = state(p, [[] for _ in range(m)])
    _, slow = state(p, [[] for _ in range(m)])
    recreate(comp.data, fast, 0.0)
    _greedy_reference(comp.data, slow)
    assert days(fast) == days(slow)
    consistent(p, comp, fast)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    m=st.integers(1, 3),
    k=st.integers(1, 8),
    op=st.integers(0, 3),
    relocate_first=st.booleans(),
    features=st.sets(st.sampled_from([f for f in FEATURES if f not in PLAN_RULES])).map(
        frozenset
    ),
)
def test_recreate_from_a_finished_plan_scans_less_and_builds_the_same_plan(
    seed: int,
    m: int,
    k: int,
    op: int,
    relocate_first: bool,
    features: frozenset[str],
) -> None:
    """Without caps, groups or budget a finished recreate leaves no site that fits
    any day, so after a move recreate_from skips the sites left out on the days the
    move did not change: with the same random numbers, the plan of recreate."""
    p = generate(seed, 25, m, features).problem
    comp, ref = state(p, [[] for _ in range(m)])
    d = comp.data
    engine.seed_rng(seed)
    recreate(d, ref, 0.5)
    moved = tuple(a.copy() for a in ref)
    if relocate_first:
        relocate(d, moved)
    ruin(d, moved, k, op)
    full = tuple(a.copy() for a in moved)
    engine.seed_rng(seed + 1)
    recreate(d, full, 0.5)
    engine.seed_rng(seed + 1)
    recreate_from(d, moved, 0.5, ref)
    assert days(moved) == days(full)
    consistent(p, comp, moved)
