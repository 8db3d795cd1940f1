"""Exact segment re-optimisation: the labelling algorithm against a brute force."""

from __future__ import annotations

from itertools import permutations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tourlink.planner.search._jit import INF
from tourlink.planner.search.segment import best_path


def _instance(seed: int, k: int, metric: bool):
    """Sites 0 (from) and 1 (to) and ``k`` candidates 2.., each with 1-2 windows."""
    rng = np.random.default_rng(seed)
    n = k + 2
    if metric:
        xy = rng.uniform(0, 50, size=(n, 2))
        tt = np.floor(np.hypot(*(xy[:, None, :] - xy[None, :, :]).T)).astype(np.int64)
    else:
        tt = rng.integers(1, 40, size=(n, n)).astype(np.int64)
    np.fill_diagonal(tt, 0)
    svc = rng.integers(0 if not metric else 1, 15, size=n).astype(np.int64)
    svc[:2] = 0
    nw = rng.integers(1, 3, size=n).astype(np.int64)
    wo = np.zeros((n, 2), dtype=np.int64)
    wc = np.zeros((n, 2), dtype=np.int64)
    for j in range(n):
        o = int(rng.integers(0, 120))
        for w in range(nw[j]):
            c = o + int(rng.integers(0, 60))
            wo[j, w], wc[j, w] = o, c
            o = c + int(rng.integers(1, 40))
    prize = rng.integers(1, 10, size=n).astype(np.float64)
    prize[:2] = 0
    dep = int(rng.integers(0, 30))
    deadline = int(rng.integers(60, 260))
    return tt, svc, wo, wc, nw, prize, dep, deadline


def _start(wo, wc, nw, j: int, a: int) -> int:
    for w in range(nw[j]):
        if a <= wc[j, w]:
            return max(a, int(wo[j, w]))
    return INF


def _arrival(inst, seq) -> int:
    """Arrival at site 1 after visiting ``seq`` from site 0; INF if infeasible."""
    tt, svc, wo, wc, nw, _, dep, _ = inst
    t, u = dep, 0
    for c in seq:
        s = _start(wo, wc, nw, c, t + tt[u, c])
        if s >= INF:
            return INF
        t, u = s + svc[c], c
    return int(t + tt[u, 1])


def _brute_force(inst, cands) -> float:
    prize, deadline = inst[5], inst[7]
    best = 0.0
    for r in range(1, len(cands) + 1):
        for seq in permutations(cands, r):
            if _arrival(inst, seq) <= deadline:
                best = max(best, float(sum(prize[c] for c in seq)))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    k=st.integers(1, 6),
    metric=st.booleans(),
    floor_share=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_best_path_is_the_brute_force_optimum_and_feasible(
    seed: int, k: int, metric: bool, floor_share: float
) -> None:
    """The labelling finds the best path that beats the floor, and it is feasible."""
    inst = _instance(seed, k, metric)
    tt, svc, wo, wc, nw, prize, dep, deadline = inst
    cands = np.arange(2, k + 2, dtype=np.int64)
    optimum = _brute_force(inst, list(cands))
    floor = floor_share * optimum
    path = np.zeros(64, dtype=np.int64)
    score, arrival, n, _ = best_path(
        tt, svc, wo, wc, nw, prize, 0, dep, 1, deadline, cands, floor, 10**6, path
    )
    if optimum > floor:
        assert n > 0
        assert score == optimum
        seq = [int(c) for c in path[:n]]
        assert len(set(seq)) == n
        assert set(seq) <= set(cands.tolist())
        assert sum(prize[c] for c in seq) == score
        assert _arrival(inst, seq) == arrival <= deadline
    else:
        assert n == -1


def test_best_path_reports_the_label_limit() -> None:
    """A search cut short by the label limit says so instead of claiming no path."""
    inst = _instance(3, 8, True)
    tt, svc, wo, wc, nw, prize, dep, _ = inst
    wo[:] = 0
    wc[:] = 10**6
    cands = np.arange(2, 10, dtype=np.int64)
    path = np.zeros(64, dtype=np.int64)
    _, _, n, made = best_path(
        tt, svc, wo, wc, nw, prize, 0, dep, 1, 10**6, cands, 0.0, 5, path
    )
    assert n == -2
    assert made == 5
