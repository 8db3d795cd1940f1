"""Insertion through time warp, for plans of several days (an experiment, off by
default; measured without a gain, see docs/dev/planner.md, "Time warp between two
days").

Ruin and recreate only ever holds feasible days: a site goes into a day only where
it fits, so a site whose best place is taken by another day's chain stays out until
a ruin happens to free exactly that room. ``warp_insert`` lets a day pass through a
plan that breaks time windows, as PyVRP's penalised local search does: of a few
random unvisited sites, the one a day takes with the least penalised cost per prize,
and up to ``size - 1`` of its nearest sites that are unvisited or on another day,
are put into that day, each at the position of least
``travel shift + weight x time warp`` (the time warp being how late a visit arrives
after its last window closes, or the day after its end, with time going back to the
close), the moved sites leaving their day. Optionally (``steps``) a short descent on
the penalised objective follows (sites put in, visits moved to the other day, each
kept if prize minus weighted warp rises). Then each day is repaired by removing,
among the visits not just put in, the visit of least prize per unit of time warp its
removal takes away, until no warp is left (the sites put in leave too only if the
others cannot make the day fit; with ``move`` a visit that another day takes without
warp goes there first, at no cost); recreate then refills, and the candidate is
judged by the engine's usual acceptance. Every day the move leaves is feasible, with
the route bookkeeping recomputed.

Only for problems without category caps or choice groups (the solver enables it
where the tail exchange is on: two days).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.planner.search._jit import jit, jit_inline
from tourlink.planner.search.recreate import admits
from tourlink.planner.search.route import (
    Data,
    State,
    recompute,
    remove_at,
    remove_node,
    splice_in,
)

#: Unvisited sites drawn per move; the one of least penalised cost per prize is put in.
SAMPLE = 8

#: Weight of a unit of time warp in the descent, in units of the plan's prize per
#: unit of day span.
LAMBDA = 2.0


@jit_inline
def _start(wo: Any, wc: Any, nw: Any, j: int, a: int) -> tuple[int, int]:
    """Earliest start at ``j`` arriving at ``a``, and the time warp: after the last
    window has closed the visit starts at its close, ``a - close`` back in time."""
    for w in range(nw[j]):
        if a <= wc[j, w]:
            return max(a, wo[j, w]), 0
    last = wc[j, nw[j] - 1] if nw[j] > 0 else a
    return last, a - last


@jit
def _pass(
    d: Data, s: State, t: int, skip: int, ins_p: int, ins_j: int
) -> tuple[int, int]:
    """Time warp and end arrival of day ``t`` with position ``skip`` left out (-1:
    none) and node ``ins_j`` put before position ``ins_p`` (-1: none)."""
    tt, tmat, svc, wo, wc, nw = d[0], d[1], d[2], d[3], d[4], d[5]
    t0, t1 = d[14], d[15]
    route, ln = s[0], s[1]
    mat = tmat[t]
    n = ln[t]
    warp = 0
    prev = route[t, 0]
    time = t0[t]
    for i in range(1, n - 1):
        for k in range(2):
            if k == 0:
                if i != ins_p:
                    continue
                j = ins_j
            else:
                if i == skip:
                    continue
                j = route[t, i]
            a = time + svc[prev] + tt[mat, prev, j]
            b, late = _start(wo, wc, nw, j, a)
            warp += late
            time = b
            prev = j
    if ins_p == n - 1:
        j = ins_j
        a = time + svc[prev] + tt[mat, prev, j]
        b, late = _start(wo, wc, nw, j, a)
        warp += late
        time = b
        prev = j
    e = route[t, n - 1]
    a = time + svc[prev] + tt[mat, prev, e]
    if a > t1[t]:
        warp += a - t1[t]
        a = t1[t]
    return warp, a


@jit
def _best_place(d: Data, s: State, t: int, j: int, weight: float) -> tuple[float, int]:
    """Least penalised cost (travel shift + ``weight`` x added time warp) of putting
    node ``j`` into day ``t``, and its position."""
    ln = s[1]
    w0, e0 = _pass(d, s, t, -1, -1, -1)
    best = np.inf
    bp = 1
    for p in range(1, ln[t]):
        w, e = _pass(d, s, t, -1, p, j)
        c = (e - e0) + weight * (w - w0)
        if c < best:
            best = c
            bp = p
    return best, bp


@jit
def _repair(d: Data, s: State, t: int, keep: np.ndarray, move: bool) -> bool:
    """Remove visits of day ``t`` (least prize per warp removed first, those marked
    in ``keep`` last) until the day fits; False if it cannot be made to. With
    ``move``, a visit that another day takes without warp is moved there instead of
    removed, at no cost: the visits that can go elsewhere leave first."""
    prize, allowed, removable = d[6], d[12], d[13]
    route, ln = s[0], s[1]
    m = ln.shape[0]
    while True:
        w0, _ = _pass(d, s, t, -1, -1, -1)
        if w0 == 0:
            return recompute(d, s, t)
        bp = -1
        bu = -1
        bq = -1
        for tier in range(2):
            best = np.inf
            for p in range(1, ln[t] - 1):
                j = route[t, p]
                if not removable[j] or keep[j] != (tier == 1):
                    continue
                w, _ = _pass(d, s, t, p, -1, -1)
                gain = w0 - w
                if gain <= 0:
                    continue
                v = (prize[j] + 1e-9) / gain
                u_, q_ = -1, -1
                if move:
                    for u in range(m):
                        if u == t or not allowed[j, u]:
                            continue
                        wu, eu = _pass(d, s, u, -1, -1, -1)
                        for q in range(1, ln[u]):
                            w2, e2 = _pass(d, s, u, -1, q, j)
                            if w2 > wu:
                                continue
                            # moving costs no prize: ranked by warp removed, then
                            # by the time it adds to the other day
                            c = 1e-9 * (e2 - eu + 1) / gain
                            if c < v:
                                v = c
                                u_, q_ = u, q
                if v < best:
                    best = v
                    bp, bu, bq = p, u_, q_
            if bp >= 0:
                break
        if bp < 0:
            # no single removal lowers the warp (non-metric travel times): drop the
            # last removable visit
            for p in range(ln[t] - 2, 0, -1):
                if removable[route[t, p]]:
                    bp = p
                    break
        if bp < 0:
            return False
        j = route[t, bp]
        remove_at(d, s, t, bp)
        if bu >= 0:
            splice_in(d, s, bu, bq, j)
            recompute(d, s, bu)


@jit
def _descent(d: Data, s: State, steps: int, weight: float, touched: np.ndarray) -> None:
    """``steps`` random moves on the penalised objective (prize minus
    ``LAMBDA`` x plan prize per unit of day span x time warp), each kept if it
    raises it: put in one of a few sampled unvisited sites at its place of least
    penalised cost, or move a random visit to its best place on another day."""
    prize, allowed, removable, cand = d[6], d[12], d[13], d[19]
    t0, t1 = d[14], d[15]
    route, ln, where, acc = s[0], s[1], s[5], s[8]
    m = ln.shape[0]
    nc = cand.shape[0]
    span = 0
    for u in range(m):
        span += t1[u] - t0[u]
    lam = LAMBDA * acc[0] / max(span, 1)
    for _ in range(steps):
        if np.random.random() < 0.5:
            bj, bu, bp = -1, -1, -1
            best = np.inf
            for _k in range(SAMPLE):
                j = cand[np.random.randint(nc)]
                if where[j] >= 0 or prize[j] <= 0:
                    continue
                for u in range(m):
                    if not admits(d, s, u, j):
                        continue
                    c, p = _best_place(d, s, u, j, weight)
                    c = max(c, 0.0) / prize[j]
                    if c < best:
                        best = c
                        bj, bu, bp = j, u, p
            if bj < 0:
                continue
            w0, _ = _pass(d, s, bu, -1, -1, -1)
            w1, _ = _pass(d, s, bu, -1, bp, bj)
            if prize[bj] - lam * (w1 - w0) > 0:
                splice_in(d, s, bu, bp, bj)
                touched[bu] = True
        else:
            a = np.random.randint(m)
            if ln[a] <= 2:
                continue
            p = 1 + np.random.randint(ln[a] - 2)
            j = route[a, p]
            if not removable[j]:
                continue
            b = np.random.randint(m - 1)
            if b >= a:
                b += 1
            if not allowed[j, b]:
                continue
            wa, ea = _pass(d, s, a, -1, -1, -1)
            wa1, ea1 = _pass(d, s, a, p, -1, -1)
            wb, eb = _pass(d, s, b, -1, -1, -1)
            _, q = _best_place(d, s, b, j, weight)
            wb1, eb1 = _pass(d, s, b, -1, q, j)
            dw = (wa1 - wa) + (wb1 - wb)
            if dw < 0 or (dw == 0 and (ea1 - ea) + (eb1 - eb) < 0):
                remove_at(d, s, a, p)
                splice_in(d, s, b, q, j)
                touched[a] = True
                touched[b] = True


@jit
def warp_insert(
    d: Data, s: State, size: int, weight: float, move: float, steps: int
) -> bool:
    """Move a cluster of sites into one day through time warp, then repair (with
    probability ``move`` moving visits that fit another day there rather than
    removing them; after ``steps`` moves of a descent on the penalised objective,
    ``_descent``); True if the plan changed and every day fits (else the caller
    restores the plan)."""
    prize, allowed, removable, cand, near = d[6], d[12], d[13], d[19], d[20]
    where = s[5]
    m = s[1].shape[0]
    nc = cand.shape[0]
    if nc == 0 or m < 2:
        return False
    # of a few random unvisited sites, the one that a day takes with the least
    # penalised cost per prize
    seed = -1
    t = -1
    bp = -1
    best = np.inf
    for _ in range(SAMPLE):
        j = cand[np.random.randint(nc)]
        if where[j] >= 0 or prize[j] <= 0:
            continue
        for u in range(m):
            if not admits(d, s, u, j):
                continue
            c, p = _best_place(d, s, u, j, weight)
            c = max(c, 0.0) / prize[j]
            if c < best:
                best = c
                seed, t, bp = j, u, p
    if seed < 0:
        return False
    keep = np.zeros(prize.shape[0], dtype=np.bool_)
    touched = np.zeros(m, dtype=np.bool_)
    touched[t] = True
    splice_in(d, s, t, bp, seed)
    keep[seed] = True
    k = 1 + np.random.randint(size)
    put = 1
    for i in range(near.shape[1]):
        if put >= k:
            break
        j = near[seed, i]
        if j < 0 or prize[j] <= 0 or where[j] == t or not allowed[j, t]:
            continue
        if where[j] >= 0:
            if not removable[j]:
                continue
            touched[where[j]] = True
            remove_node(d, s, j)
        elif not admits(d, s, t, j):
            continue
        _, p = _best_place(d, s, t, j, weight)
        splice_in(d, s, t, p, j)
        keep[j] = True
        put += 1
    if steps > 0:
        _descent(d, s, steps, weight, touched)
    mv = move > 0 and np.random.random() < move
    ok = True
    for u in range(m):
        if touched[u]:
            ok = _repair(d, s, u, keep, mv) and ok
    return ok
