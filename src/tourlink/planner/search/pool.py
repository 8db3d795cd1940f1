"""A pool of good days, and the best plan that can be put together from it.

With several days the search keeps rebuilding days that are good on their own but
never appear in one plan together: a candidate may lose on one day what it gains on
the other and be rejected. The pool keeps the ``P`` best distinct day-routes seen in
any candidate (distinct by their set of visits and their day class); every so often
``select`` finds the set of pairwise node-disjoint routes, one per day, of the
largest total prize (a depth-first branch and bound over routes sorted by prize,
with a node limit), and the search continues from it when it beats the current plan
(the route-recombination step of Hu and Lim's iterative three-component heuristic).

Days are interchangeable when they share the start, end, span and travel matrix and
have no fixed visits; they form a *class*, and a route of one day may be used on any
day of its class, which is timed identically. The pool is a tuple ``(seqs, lens,
prize, cost, cls, key, bits, count)``:

* ``seqs[i, :lens[i]]`` - the route, start and end included;
* ``prize[i]``, ``cost[i]`` - sums over its visits (prize includes the bonuses of
  required visits, so the selection keeps them);
* ``cls[i]`` - day class; ``key[i]`` - XOR of random per-node keys (order-free);
* ``bits[i]`` - the visited nodes as a bit set, for the disjointness test;
* ``count[0]`` - entries in use; ``count[1]`` - the entry of the lowest prize
  once the pool is full (the one a better route replaces).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.planner.search._jit import jit
from tourlink.planner.search.route import Data, State, book_visit, recompute

Pool = tuple[Any, ...]


def new_pool(size: int, capacity: int, n_nodes: int) -> Pool:
    """An empty pool of ``size`` routes of at most ``capacity`` positions."""
    words = max(1, (n_nodes + 63) // 64)
    return (
        np.zeros((size, capacity), dtype=np.int64),
        np.zeros(size, dtype=np.int64),
        np.zeros(size, dtype=np.float64),
        np.zeros(size, dtype=np.float64),
        np.zeros(size, dtype=np.int64),
        np.zeros(size, dtype=np.int64),
        np.zeros((size, words), dtype=np.uint64),
        np.zeros(2, dtype=np.int64),
    )


@jit
def pool_add(
    d: Data, s: State, t: int, pool: Pool, day_class: Any, node_key: Any
) -> bool:
    """Add day ``t`` of ``s`` unless an equal route (same visits, same class) is
    there or the pool is full of better routes; True if added."""
    prize, cost = d[6], d[7]
    route, ln = s[0], s[1]
    seqs, lens, pz, cs, cls, key, bits, count = pool
    n = ln[t]
    if n <= 2:
        return False
    c = day_class[t]
    h = 0
    total = 0.0
    spent = 0.0
    for p in range(1, n - 1):
        j = route[t, p]
        h ^= node_key[j]
        total += prize[j]
        spent += cost[j]
    size = lens.shape[0]
    k = count[0]
    if k == size and total <= pz[count[1]]:
        return False  # a full pool of better routes: skip the scan
    for i in range(k):
        if key[i] == h and cls[i] == c and lens[i] == n:
            return False
    if k < size:
        i = k
        count[0] = k + 1
    else:
        i = count[1]
    seqs[i, :n] = route[t, :n]
    lens[i] = n
    pz[i] = total
    cs[i] = spent
    cls[i] = c
    key[i] = h
    bits[i, :] = 0
    for p in range(1, n - 1):
        j = route[t, p]
        bits[i, j >> 6] |= np.uint64(1) << np.uint64(j & 63)
    if count[0] == size:
        worst = 0
        for q in range(1, size):
            if pz[q] < pz[worst]:
                worst = q
        count[1] = worst
    return True


@jit
def select(d: Data, pool: Pool, day_class: Any, picks: Any, max_steps: int) -> float:
    """Pick one route per day, pairwise disjoint, within the budget, of the largest
    total prize found in ``max_steps`` steps; fills ``picks`` and returns the total
    (-1 when no full set was found)."""
    lim = d[8]
    pz, cs, cls, bits, count = pool[2], pool[3], pool[4], pool[6], pool[7]
    k = count[0]
    m = picks.shape[0]
    words = bits.shape[1]
    order = np.argsort(-pz[:k], kind="mergesort")
    ncls = 0
    for t in range(m):
        ncls = max(ncls, day_class[t] + 1)
    top = np.zeros(ncls)
    for i in range(k):
        top[cls[i]] = max(top[cls[i]], pz[i])
    rem = np.zeros(m + 1)
    for t in range(m - 1, -1, -1):
        rem[t] = rem[t + 1] + top[day_class[t]]
    used = np.zeros((m + 1, words), dtype=np.uint64)
    acc = np.zeros(m + 1)
    spent = np.zeros(m + 1)
    pos = np.full(m, -1, dtype=np.int64)
    chosen = np.zeros(m, dtype=np.int64)
    best = -1.0
    steps = 0
    level = 0
    while level >= 0 and steps < max_steps:
        found = -1
        q = pos[level] + 1
        while q < k:
            steps += 1
            i = order[q]
            if acc[level] + pz[i] + rem[level + 1] <= best + 1e-9:
                q = k  # sorted by prize: nothing further at this level helps
                break
            if cls[i] == day_class[level] and spent[level] + cs[i] <= lim[0] + 1e-9:
                clash = False
                for w in range(words):
                    if used[level, w] & bits[i, w]:
                        clash = True
                        break
                if not clash:
                    found = q
                    break
            q += 1
        pos[level] = q
        if found < 0:
            level -= 1
            continue
        i = order[found]
        chosen[level] = i
        acc[level + 1] = acc[level] + pz[i]
        spent[level + 1] = spent[level] + cs[i]
        for w in range(words):
            used[level + 1, w] = used[level, w] | bits[i, w]
        if level == m - 1:
            if acc[m] > best + 1e-9:
                best = acc[m]
                picks[:] = chosen
            # later routes at this level have a smaller prize
            pos[level] = k
            continue
        level += 1
        # days of one class are interchangeable: take their routes in sorted order
        pos[level] = found if day_class[level] == day_class[level - 1] else -1
    return best


@jit
def load(d: Data, pool: Pool, picks: Any, s: State) -> bool:
    """Make ``s`` the plan of the picked routes; True if every day is feasible."""
    seqs, lens = pool[0], pool[1]
    route, ln, where, catc, grpc, acc = s[0], s[1], s[5], s[6], s[7], s[8]
    where[:] = -1
    catc[:, :] = 0
    grpc[:, :] = 0
    acc[:] = 0.0
    ok = True
    for t in range(picks.shape[0]):
        i = picks[t]
        n = lens[i]
        route[t, :n] = seqs[i, :n]
        ln[t] = n
        for p in range(1, n - 1):
            book_visit(d, s, t, route[t, p])
        ok = recompute(d, s, t) and ok
    return ok
