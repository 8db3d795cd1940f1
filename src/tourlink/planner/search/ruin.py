"""Ruin: remove some visits so that recreate can rebuild the tours differently.

Four ways, as in large neighbourhood search: random visits, a consecutive segment of
one tour (Vansteenwegen's shake), visits close to a random seed visit (related
removal) and the visits with the lowest score per minute of detour (worst removal).
A fifth, for plans of several days, cuts a run of consecutive visits from each of two
days that pass close to each other (``STRINGS``; the string removal of Christiaens and
Vanden Berghe's SISR, on two days): recreate may then give the place where they meet
to either day.
Fixed visits are never removed. Besides, ``relocate`` moves one visit to another
place in its day without removing anything.
"""

from __future__ import annotations

import numpy as np

from tourlink.planner.search._jit import INF, jit
from tourlink.planner.search.route import (
    Data,
    State,
    insert_at,
    insertion_shift,
    position,
    remove_at,
    remove_node,
)

#: ``ruin``'s method that cuts a run of consecutive visits from each of two days
#: that pass close to each other.
STRINGS = 4


@jit
def _routed(d: Data, s: State) -> np.ndarray:
    removable = d[13]
    route, ln = s[0], s[1]
    total = 0
    for t in range(ln.shape[0]):
        total += ln[t] - 2
    out = np.empty(total, dtype=np.int64)
    k = 0
    for t in range(ln.shape[0]):
        for p in range(1, ln[t] - 1):
            j = route[t, p]
            if removable[j]:
                out[k] = j
                k += 1
    return out[:k]


@jit
def _remove_random(d: Data, s: State, nodes: np.ndarray, k: int) -> None:
    n = nodes.shape[0]
    for i in range(min(k, n)):
        r = i + np.random.randint(n - i)
        nodes[i], nodes[r] = nodes[r], nodes[i]
        remove_node(d, s, nodes[i])


@jit
def _remove_run(d: Data, s: State, t: int, p: int, k: int) -> int:
    """Remove up to ``k`` removable visits of tour ``t`` from position ``p`` on
    (fixed visits stay and are stepped over); the number removed."""
    removable = d[13]
    route, ln = s[0], s[1]
    removed = 0
    while removed < k and p < ln[t] - 1:
        if removable[route[t, p]]:
            remove_at(d, s, t, p)
            removed += 1
        else:
            p += 1
    return removed


@jit
def _remove_segment(d: Data, s: State, nodes: np.ndarray, k: int) -> None:
    ln, where = s[1], s[5]
    t = where[nodes[np.random.randint(nodes.shape[0])]]
    _remove_run(d, s, t, 1 + np.random.randint(ln[t] - 2), k)


@jit
def _remove_related(d: Data, s: State, nodes: np.ndarray, k: int) -> None:
    removable, near = d[13], d[20]
    where = s[5]
    seed = nodes[np.random.randint(nodes.shape[0])]
    remove_node(d, s, seed)
    removed = 1
    for i in range(near.shape[1]):
        if removed >= k:
            break
        j = near[seed, i]
        if j >= 0 and where[j] >= 0 and removable[j]:
            remove_node(d, s, j)
            removed += 1


@jit
def _remove_worst(d: Data, s: State, k: int) -> None:
    tt, tmat, svc, prize, removable = d[0], d[1], d[2], d[6], d[13]
    route, ln = s[0], s[1]
    m = ln.shape[0]
    nodes = _routed(d, s)
    n = nodes.shape[0]
    key = np.empty(n)
    i = 0
    for t in range(m):
        mat = tmat[t]
        for p in range(1, ln[t] - 1):
            j = route[t, p]
            if not removable[j]:
                continue
            a, b = route[t, p - 1], route[t, p + 1]
            detour = tt[mat, a, j] + svc[j] + tt[mat, j, b] - tt[mat, a, b]
            key[i] = prize[j] / (max(detour, 0) + 1.0) * (0.5 + np.random.random())
            i += 1
    order = np.argsort(key)
    for i in range(min(k, n)):
        remove_node(d, s, nodes[order[i]])


@jit
def _remove_strings(d: Data, s: State, nodes: np.ndarray, k: int) -> None:
    """Cut a run of consecutive visits from a random visit's day and from the day of
    the visit nearest to it on another day, about ``k`` in all, each run holding
    that visit (one day only: the one run)."""
    near = d[20]
    ln, where = s[1], s[5]
    m = ln.shape[0]
    seed = nodes[np.random.randint(nodes.shape[0])]
    cut = np.zeros(m, dtype=np.bool_)
    days = min(m, 2)
    per = max(1, (k + days - 1) // days)
    removed = 0
    n_cut = 0
    i = -1
    while n_cut < days and removed < k and i < near.shape[1]:
        j = seed if i < 0 else near[seed, i]
        i += 1
        if j < 0:
            break
        t = where[j]
        if t < 0 or cut[t]:
            continue
        cut[t] = True
        n_cut += 1
        p = position(s, j)
        n = min(per, k - removed, ln[t] - 2)
        # a run of n visits holding position p, at a random offset
        lo = max(1, p - n + 1)
        hi = min(p, ln[t] - 1 - n)
        removed += _remove_run(d, s, t, lo + np.random.randint(hi - lo + 1), n)


@jit
def ruin(d: Data, s: State, k: int, op: int) -> None:
    """Remove about ``k`` visits with method ``op`` (0 random, 1 segment,
    2 related, 3 worst, 4 strings of the days nearest a seed visit)."""
    nodes = _routed(d, s)
    if nodes.shape[0] == 0 or k <= 0:
        return
    if op == 0:
        _remove_random(d, s, nodes, k)
    elif op == 1:
        _remove_segment(d, s, nodes, k)
    elif op == 2:
        _remove_related(d, s, nodes, k)
    elif op == 4:
        _remove_strings(d, s, nodes, k)
    else:
        _remove_worst(d, s, k)


@jit
def relocate(d: Data, s: State) -> bool:
    """Move a random visit to a random other position of its own tour where it fits.

    Recreate always puts a visit at its cheapest position, so the order of a day
    only changes through removals and re-insertions at the cheapest place: a day
    whose cheapest order leaves no room for a site that another order of the same
    visits would take stays as it is (e.g. ``6, 3, 1`` when ``6, 1, 3`` leaves room
    for site 4 before site 1). The visits, and with them the score, the budget and
    the day's category and group counts, stay the same; recreate then fills what
    the new order leaves room for. False (nothing changed) when the visit fits
    nowhere else."""
    ln, where = s[1], s[5]
    nodes = _routed(d, s)
    if nodes.shape[0] == 0:
        return False
    j = nodes[np.random.randint(nodes.shape[0])]
    t = where[j]
    home = position(s, j)
    remove_at(d, s, t, home)
    fits = np.empty(ln[t], dtype=np.int64)
    k = 0
    for p in range(1, ln[t]):
        if p != home and insertion_shift(d, s, t, p, j) < INF:
            fits[k] = p
            k += 1
    if k == 0:
        insert_at(d, s, t, home, j)
        return False
    insert_at(d, s, t, fits[np.random.randint(k)], j)
    return True
