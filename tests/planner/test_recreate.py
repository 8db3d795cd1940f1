"""Recreate: the greedy insertion against a reference that rescans everything."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tests.planner.states import consistent, days, state
from tourlink.planner.search._jit import INF
from tourlink.planner.search.recreate import recreate
from tourlink.planner.search.route import insert_at, insertion_shift

pytestmark = pytest.mark.usefixtures("warm_solver")


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
                if p_best >= 0 and val * prize[j] * prize[j] > best:
                    best, pick = val * prize[j] * prize[j], (t, p_best, j)
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
