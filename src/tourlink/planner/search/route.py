"""Route bookkeeping: times, latest arrivals, O(1) insertion tests.

A state is a tuple ``(route, length, arrival, start, latest, where, cat_count,
group_count, totals)``; ``route[t, 0]`` and ``route[t, length[t] - 1]`` are the
tour's start and end nodes. ``latest[t, i]`` is the latest arrival at position ``i``
that keeps the rest of the tour feasible; with several windows per node it is the
generalisation of Vansteenwegen's MaxShift, and since the earliest start is a
non-decreasing function of the arrival, inserting a node is feasible exactly when
the new arrival at its successor is at most the successor's latest arrival.
"""

from __future__ import annotations

from typing import Any

from tourlink.planner.search._jit import INF, jit, jit_inline

Data = tuple[Any, ...]
State = tuple[Any, ...]


@jit
def earliest_start(wo: Any, wc: Any, nw: Any, j: int, a: int) -> int:
    """Earliest start at node ``j`` when arriving at ``a``; ``INF`` if all closed."""
    for w in range(nw[j]):
        if a <= wc[j, w]:
            return int(max(a, wo[j, w]))
    return INF


@jit
def latest_arrival(wo: Any, wc: Any, nw: Any, j: int, lim: int) -> int:
    """Latest arrival at ``j`` such that the visit can start by ``lim``."""
    best = -INF
    for w in range(nw[j]):
        if wo[j, w] <= lim:
            v = min(wc[j, w], lim)
            best = max(best, v)
    return best


@jit
def recompute(d: Data, s: State, t: int) -> bool:
    """Recompute arrival, start and latest arrival of tour ``t``; True if feasible."""
    tt, tmat, svc, wo, wc, nw = d[0], d[1], d[2], d[3], d[4], d[5]
    t0, t1 = d[14], d[15]
    route, ln, arr, st, la = s[0], s[1], s[2], s[3], s[4]
    mat = tmat[t]
    n = ln[t]
    ok = True
    st[t, 0] = t0[t]
    arr[t, 0] = t0[t]
    for i in range(1, n):
        p = route[t, i - 1]
        j = route[t, i]
        a = st[t, i - 1] + svc[p] + tt[mat, p, j]
        arr[t, i] = a
        if i == n - 1:
            st[t, i] = a
            if a > t1[t]:
                ok = False
        else:
            b = earliest_start(wo, wc, nw, j, a)
            if b >= INF:
                ok = False
                b = a
            st[t, i] = b
    la[t, n - 1] = t1[t]
    for i in range(n - 2, 0, -1):
        j = route[t, i]
        lim = la[t, i + 1] - tt[mat, j, route[t, i + 1]] - svc[j]
        la[t, i] = latest_arrival(wo, wc, nw, j, lim)
    la[t, 0] = la[t, 1] - tt[mat, route[t, 0], route[t, 1]]
    return ok


@jit
def insertion_shift(d: Data, s: State, t: int, p: int, j: int) -> int:
    """Delay of the arrival at position ``p`` caused by inserting ``j`` before it;
    ``INF`` when the insertion is infeasible. O(1)."""
    tt, tmat, svc, wo, wc, nw = d[0], d[1], d[2], d[3], d[4], d[5]
    route, arr, st, la = s[0], s[2], s[3], s[4]
    mat = tmat[t]
    prev = route[t, p - 1]
    nxt = route[t, p]
    a = st[t, p - 1] + svc[prev] + tt[mat, prev, j]
    b = earliest_start(wo, wc, nw, j, a)
    if b >= INF:
        return INF
    an = b + svc[j] + tt[mat, j, nxt]
    if an > la[t, p]:
        return INF
    return int(an - arr[t, p])


@jit_inline
def book_visit(d: Data, s: State, t: int, j: int) -> None:
    """Count node ``j`` as visited on tour ``t`` (its day, category and group counts,
    prize and cost); the route itself and its times are the caller's."""
    prize, cost, cat, grp = d[6], d[7], d[9], d[11]
    where, catc, grpc, acc = s[5], s[6], s[7], s[8]
    where[j] = t
    if cat[j] >= 0:
        catc[t, cat[j]] += 1
    if grp[j] >= 0:
        grpc[t, grp[j]] += 1
    acc[0] += prize[j]
    acc[1] += cost[j]


@jit
def splice_in(d: Data, s: State, t: int, p: int, j: int) -> None:
    """Put node ``j`` at position ``p`` of tour ``t`` and book it, without re-timing
    the tour (the caller recomputes it once after several splices)."""
    route, ln = s[0], s[1]
    n = ln[t]
    for i in range(n, p, -1):
        route[t, i] = route[t, i - 1]
    route[t, p] = j
    ln[t] = n + 1
    book_visit(d, s, t, j)


@jit
def insert_at(d: Data, s: State, t: int, p: int, j: int) -> bool:
    """Insert node ``j`` at position ``p`` of tour ``t`` and update the bookkeeping."""
    splice_in(d, s, t, p, j)
    return recompute(d, s, t)


@jit
def remove_at(d: Data, s: State, t: int, p: int) -> bool:
    """Remove the visit at position ``p`` of tour ``t``."""
    prize, cost, cat, grp = d[6], d[7], d[9], d[11]
    route, ln, where, catc, grpc, acc = s[0], s[1], s[5], s[6], s[7], s[8]
    j = route[t, p]
    n = ln[t]
    for i in range(p, n - 1):
        route[t, i] = route[t, i + 1]
    ln[t] = n - 1
    where[j] = -1
    if cat[j] >= 0:
        catc[t, cat[j]] -= 1
    if grp[j] >= 0:
        grpc[t, grp[j]] -= 1
    acc[0] -= prize[j]
    acc[1] -= cost[j]
    return recompute(d, s, t)


@jit
def position(s: State, j: int) -> int:
    """Position of node ``j`` in the tour that visits it (``s[5][j]``); -1 if none."""
    route, ln, where = s[0], s[1], s[5]
    t = where[j]
    if t >= 0:
        for p in range(1, ln[t] - 1):
            if route[t, p] == j:
                return p
    return -1


@jit
def remove_node(d: Data, s: State, j: int) -> bool:
    """Remove node ``j`` from whichever tour visits it."""
    p = position(s, j)
    if p < 0:
        return False
    remove_at(d, s, s[5][j], p)
    return True


@jit
def copy_state(src: State, dst: State) -> None:
    """Copy every array of ``src`` into ``dst``."""
    dst[0][:, :] = src[0]
    dst[1][:] = src[1]
    dst[2][:, :] = src[2]
    dst[3][:, :] = src[3]
    dst[4][:, :] = src[4]
    dst[5][:] = src[5]
    dst[6][:, :] = src[6]
    dst[7][:, :] = src[7]
    dst[8][:] = src[8]
