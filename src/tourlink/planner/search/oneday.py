"""A move for plans of one day: rebuild a time slice of the day in time order.

On large one-day instances with wide windows (pr16, pr19) the day is packed
between the first window openings and the last closings, and the ratio greedy of
``recreate`` keeps putting the same sites back. ``slice_rebuild`` removes the
visits of a slice of the day (a run of consecutive visits) together with the
visited near neighbours of the removed sites, and rebuilds the slice *forwards*:
from the last kept visit before the slice, it appends, one by one, the unvisited
site with the best noisy ``prize² / time used`` (travel, waiting and visit, counted
from the departure of the previous visit) that still fits before the rest of the
day, until none fits; ``recreate`` then fills what is left. This builds chains of
sites through the slice instead of the greedy's skeleton of high-ratio sites.
"""

from __future__ import annotations

import numpy as np

from tourlink.planner.search._jit import INF, jit
from tourlink.planner.search.recreate import admits
from tourlink.planner.search.route import (
    Data,
    State,
    earliest_start,
    insert_at,
    remove_at,
    remove_node,
)


@jit
def slice_rebuild(
    d: Data, s: State, t: int, k: int, neighbours: int, noise: float
) -> int:
    """Remove up to ``k`` consecutive visits of day ``t`` (and up to ``neighbours``
    visited near neighbours of each), then re-insert sites forwards from the start
    of the slice; returns the number of sites put into the slice."""
    tt, tmat, svc, wo, wc, nw = d[0], d[1], d[2], d[3], d[4], d[5]
    prize, removable, cand, near = d[6], d[13], d[19], d[20]
    route, ln, st, la, where = s[0], s[1], s[3], s[4], s[5]
    n = ln[t]
    if n <= 2:
        return 0
    p0 = 1 + np.random.randint(n - 2)
    tau = st[t, p0]
    # the slice: consecutive removable visits from p0
    removed = np.empty(k, dtype=np.int64)
    nr = 0
    p = p0
    while nr < k and p < ln[t] - 1:
        j = route[t, p]
        if removable[j]:
            remove_at(d, s, t, p)
            removed[nr] = j
            nr += 1
        else:
            p += 1
    # and the visited sites near them (they compete for the same chains)
    for i in range(nr):
        j = removed[i]
        taken = 0
        for q in range(near.shape[1]):
            if taken >= neighbours:
                break
            v = near[j, q]
            if v >= 0 and where[v] == t and removable[v]:
                remove_node(d, s, v)
                taken += 1
    # forwards from the first position at or after the slice's start time
    p = 1
    while p < ln[t] - 1 and st[t, p] < tau:
        p += 1
    mat = tmat[t]
    nc = cand.shape[0]
    weight = np.empty(nc)
    for c in range(nc):
        j = cand[c]
        weight[c] = (
            prize[j] * prize[j] * (1.0 + noise * (2.0 * np.random.random() - 1.0))
        )
    put = 0
    while True:
        prev = route[t, p - 1]
        nxt = route[t, p]
        dep = st[t, p - 1] + svc[prev]
        best = -1.0
        bj = -1
        for c in range(nc):
            j = cand[c]
            if where[j] >= 0 or prize[j] <= 0 or nw[j] == 0:
                continue
            b = earliest_start(wo, wc, nw, j, dep + tt[mat, prev, j])
            if b >= INF:
                continue
            an = b + svc[j] + tt[mat, j, nxt]
            if an > la[t, p]:
                continue
            if not admits(d, s, t, j):
                continue
            v = weight[c] / max(b + svc[j] - dep, 1)
            if v > best:
                best = v
                bj = j
        if bj < 0:
            break
        insert_at(d, s, t, p, bj)
        put += 1
        p += 1
    return put
