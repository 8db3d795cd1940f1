"""An elite set of distinct good plans, and a crossover of two plans.

Runs of the search from different seeds tend to end on the same plan: the restarts
from the best plan pull every trajectory back into one basin. The elite set keeps
the ``E`` best *distinct* plans met at the restarts (distinct by their set of
visits); at a restart the search may continue from a child of the best plan and an
elite plan instead of the best plan itself (the population step of hybrid genetic
search, here with a time-slice crossover that also works for one day).

``crossover`` copies the best plan and, on one day ``t``, replaces the visits that
start inside a time slice ``[a, b]`` by the other plan's visits of a day of the
same class starting inside the same slice (those not visited elsewhere, in the
other plan's order); with several days the slice is sometimes the whole day, and
the other plan's day then replaces it outright, its visits leaving the child's
other days (selective route exchange). Visits that no longer fit are dropped at
random until the day is feasible; recreate then refills the plan.

The elite is a tuple ``(route, length, start, prize, key, count)``: per entry the
routes and start times of every day, the plan's prize, the XOR of per-node keys of
its visits, and ``count[0]`` entries in use.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.planner.search._jit import jit
from tourlink.planner.search.hotels import _repair
from tourlink.planner.search.recreate import admits
from tourlink.planner.search.route import (
    Data,
    State,
    remove_at,
    remove_node,
    splice_in,
)

Elite = tuple[Any, ...]


def new_elite(size: int, days: int, capacity: int) -> Elite:
    """An empty elite set of ``size`` plans of ``days`` days."""
    return (
        np.zeros((size, days, capacity), dtype=np.int64),
        np.zeros((size, days), dtype=np.int64),
        np.zeros((size, days, capacity), dtype=np.int64),
        np.zeros(size, dtype=np.float64),
        np.zeros(size, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
    )


@jit
def elite_add(s: State, elite: Elite, node_key: Any) -> bool:
    """Keep plan ``s`` unless an entry has the same visits or the set is full of
    better plans (then it replaces the worst); True if kept."""
    route, ln, st, acc = s[0], s[1], s[3], s[8]
    er, el, es, ep, ek, count = elite
    h = 0
    for t in range(ln.shape[0]):
        for p in range(1, ln[t] - 1):
            h ^= node_key[route[t, p]]
    k = count[0]
    for i in range(k):
        if ek[i] == h:
            return False
    if k < ep.shape[0]:
        i = k
        count[0] = k + 1
    else:
        i = 0
        for q in range(1, k):
            if ep[q] < ep[i]:
                i = q
        if ep[i] >= acc[0]:
            return False
    er[i, :, :] = route
    el[i, :] = ln
    es[i, :, :] = st
    ep[i] = acc[0]
    ek[i] = h
    return True


@jit
def crossover(
    d: Data, s: State, elite: Elite, e: int, day_class: Any, whole: float
) -> None:
    """Bring a time slice (or, with probability ``whole`` and several days, a whole
    day) of elite plan ``e`` into plan ``s``, which stays feasible."""
    t0, t1, removable = d[14], d[15], d[13]
    route, ln, st, where = s[0], s[1], s[3], s[5]
    er, el, es = elite[0], elite[1], elite[2]
    m = ln.shape[0]
    t = np.random.randint(m)
    # the other plan's day of the same class sharing the most visits with day t
    u = -1
    shared = -1
    for v in range(m):
        if day_class[v] != day_class[t]:
            continue
        c = 0
        for p in range(1, el[e, v] - 1):
            if where[er[e, v, p]] == t:
                c += 1
        if c > shared:
            shared = c
            u = v
    span = t1[t] - t0[t]
    if m > 1 and np.random.random() < whole:
        a, b = t0[t], t1[t]
        for p in range(1, el[e, u] - 1):
            j = er[e, u, p]
            if where[j] >= 0 and where[j] != t and removable[j]:
                remove_node(d, s, j)
    else:
        width = int(span * (0.2 + 0.3 * np.random.random()))
        a = t0[t] + np.random.randint(max(span - width, 0) + 1)
        b = a + width
    for p in range(ln[t] - 2, 0, -1):
        if removable[route[t, p]] and a <= st[t, p] <= b:
            remove_at(d, s, t, p)
    q = 1
    while q < ln[t] - 1 and st[t, q] < a:
        q += 1
    for p in range(1, el[e, u] - 1):
        j = er[e, u, p]
        if es[e, u, p] < a or es[e, u, p] > b or where[j] >= 0:
            continue
        if not removable[j] or not admits(d, s, t, j):
            continue
        splice_in(d, s, t, q, j)
        q += 1
    _repair(d, s, t)
