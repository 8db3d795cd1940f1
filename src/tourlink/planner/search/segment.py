"""Exact re-optimisation of a segment of a day (a labelling algorithm).

A segment is a run of consecutive visits of one day. With the departure from the
visit before it fixed and the latest arrival at the visit after it (which keeps the
rest of the day feasible) as a deadline, ``best_path`` finds the path of the most
prize from the one to the other through a set of at most 63 candidate sites (the
segment's own visits and unvisited sites near it), each visited at most once: an
elementary resource-constrained longest path, solved exactly by labelling.

A label is a partial path: its last site, the start time there, its prize and the
set of candidates it has visited or can no longer reach in time (Feillet et al.
2004). Labels are extended in order of time; a label is dropped when another at
the same site starts no later, has at least its prize and a subset of its set, and
when the prize it could still collect - a fractional knapsack over the candidates
not in its set, each costing its visit plus its shortest way in, with the time left
before the deadline - cannot beat the best path found so far.

The search does not call it: as a move it found nothing the search missed and cost
iterations (docs/dev/planner.md, "Exact segment re-optimisation"). It serves the check
``benchmarks/planner_segments.py``, which re-plans every run of a finished plan
exactly to show whether a better one exists within a day.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np

from tourlink.planner.search._jit import INF, jit
from tourlink.planner.search.route import earliest_start

#: At most this many candidates (one bit each in a 64-bit set, one bit spare).
MAX_CANDIDATES = 63

_EPS = 1e-9


@jit
def _triangle_holds(tt: Any, svc: Any, ends: Any, via: Any) -> bool:
    """True when no detour through a site of ``via`` (with its visit) is shorter than
    the direct way between two sites of ``ends``: then a site that cannot be reached
    in time directly cannot be reached at all, and may join a label's set."""
    for a in range(ends.shape[0]):
        i = ends[a]
        for b in range(ends.shape[0]):
            j = ends[b]
            if i == j:
                continue
            for c in range(via.shape[0]):
                k = via[c]
                if k != i and k != j and tt[i, k] + svc[k] + tt[k, j] < tt[i, j]:
                    return False
    return True


@jit
def _bound(
    cands: Any,
    prize: Any,
    cost: Any,
    order: Any,
    out: int,
    last: int,
    score: float,
    mask: Any,
) -> float:
    """The prize a label leaving at ``out`` can reach: its own plus a fractional
    knapsack of the candidates not in ``mask`` on the time until ``last`` (each
    costs its visit and its shortest way in; ``order`` sorts them by prize per
    cost)."""
    room = last - out
    bound = score
    for q in range(order.shape[0]):
        if room <= 0:
            break
        b = order[q]
        if (mask >> np.uint64(b)) & np.uint64(1):
            continue
        if cost[b] <= room:
            room -= cost[b]
            bound += prize[cands[b]]
        else:
            bound += prize[cands[b]] * room / cost[b]
            break
    return bound


@jit
def best_path(
    tt: Any,
    svc: Any,
    wo: Any,
    wc: Any,
    nw: Any,
    prize: Any,
    prev: int,
    dep: int,
    nxt: int,
    deadline: int,
    cands: Any,
    floor: float,
    max_labels: int,
    path: Any,
) -> tuple[float, int, int, int]:
    """Best path ``prev -> candidates -> nxt`` collecting more than ``floor``.

    ``tt`` is the day's travel-time matrix, ``dep`` the departure from ``prev``,
    ``deadline`` the latest arrival at ``nxt``. Returns ``(prize, arrival at nxt,
    number of sites, labels made)`` and writes the sites into ``path``; the number
    of sites is -1 when no path collects more than ``floor``. A search that makes
    ``max_labels`` labels stops there (then ``labels made == max_labels``): it
    returns the best path found so far, or -2 sites when it found none.
    """
    k = cands.shape[0]
    cost = np.empty(k, dtype=np.int64)
    ratio = np.empty(k)
    min_out = INF
    for a in range(k):
        c = cands[a]
        m = tt[prev, c]
        for b in range(k):
            if b != a and tt[cands[b], c] < m:
                m = tt[cands[b], c]
        cost[a] = max(svc[c] + m, 1)
        ratio[a] = prize[c] / cost[a]
        min_out = min(min_out, tt[c, nxt])
    order = np.argsort(-ratio)
    allsites = np.empty(k + 2, dtype=np.int64)
    allsites[:k] = cands
    allsites[k] = prev
    allsites[k + 1] = nxt
    mark = _triangle_holds(tt, svc, allsites, cands)

    node = np.empty(max_labels, dtype=np.int64)
    start = np.empty(max_labels, dtype=np.int64)
    score = np.empty(max_labels)
    seen = np.empty(max_labels, dtype=np.uint64)
    parent = np.empty(max_labels, dtype=np.int64)
    alive = np.empty(max_labels, dtype=np.bool_)
    link = np.empty(max_labels, dtype=np.int64)
    head = np.full(k, -1, dtype=np.int64)

    best = floor
    best_label = -1
    best_arrival = -1
    made = 1
    node[0] = -1
    start[0] = dep
    score[0] = 0.0
    seen[0] = np.uint64(0)
    parent[0] = -1
    alive[0] = True
    heap = [(dep, np.int64(0))]
    limited = False
    while len(heap) > 0:
        _, lab = heapq.heappop(heap)
        if not alive[lab]:
            continue
        a0 = node[lab]
        u = prev if a0 < 0 else cands[a0]
        out = start[lab] + (0 if a0 < 0 else svc[u])
        if a0 >= 0:
            arr = out + tt[u, nxt]
            if arr <= deadline and score[lab] > best + _EPS:
                best = score[lab]
                best_label = int(lab)
                best_arrival = arr
        mask = seen[lab]
        if (
            _bound(cands, prize, cost, order, out, deadline - min_out, score[lab], mask)
            <= best + _EPS
        ):
            continue
        for b in range(k):
            if (mask >> np.uint64(b)) & np.uint64(1):
                continue
            c = cands[b]
            s = earliest_start(wo, wc, nw, c, out + tt[u, c])
            # without the triangle inequality a detour may be the shorter way on
            if s >= INF or s + svc[c] + (tt[c, nxt] if mark else min_out) > deadline:
                continue
            sc = score[lab] + prize[c]
            m2 = mask | (np.uint64(1) << np.uint64(b))
            if mark:
                # candidates this label can no longer reach join its set
                leave = s + svc[c]
                for e in range(k):
                    if (m2 >> np.uint64(e)) & np.uint64(1):
                        continue
                    f = cands[e]
                    s2 = earliest_start(wo, wc, nw, f, leave + tt[c, f])
                    if s2 >= INF or s2 + svc[f] + tt[f, nxt] > deadline:
                        m2 |= np.uint64(1) << np.uint64(e)
            if (
                _bound(
                    cands, prize, cost, order, s + svc[c], deadline - min_out, sc, m2
                )
                <= best + _EPS
            ):
                continue
            dominated = False
            x = head[b]
            before = -1
            while x >= 0:
                if not alive[x]:
                    # unlink labels found dominated before
                    if before < 0:
                        head[b] = link[x]
                    else:
                        link[before] = link[x]
                    x = link[x]
                    continue
                if (
                    start[x] <= s
                    and score[x] >= sc - _EPS
                    and (seen[x] & ~m2) == np.uint64(0)
                ):
                    dominated = True
                    break
                if (
                    s <= start[x]
                    and sc >= score[x] - _EPS
                    and (m2 & ~seen[x]) == np.uint64(0)
                ):
                    alive[x] = False
                before = x
                x = link[x]
            if dominated:
                continue
            if made >= max_labels:
                limited = True
                break
            node[made] = b
            start[made] = s
            score[made] = sc
            seen[made] = m2
            parent[made] = lab
            alive[made] = True
            link[made] = head[b]
            head[b] = made
            heapq.heappush(heap, (s, np.int64(made)))
            made += 1
        if limited:
            break
    if best_label < 0:
        return best, -1, -2 if limited else -1, made
    n = 0
    x = best_label
    while x > 0:
        n += 1
        x = parent[x]
    x = best_label
    for i in range(n - 1, -1, -1):
        path[i] = cands[node[x]]
        x = parent[x]
    return best, best_arrival, n, made
