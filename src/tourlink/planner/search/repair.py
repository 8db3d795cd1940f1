"""Repair: make room on a day for a required visit that the plan is missing.

Must-visit nodes and choice-group members carry a bonus larger than all scores, so
the search never trades them away - but for the same reason it rarely gets one in
once the greedy construction has filled the days without it: the visits in the way
must leave first, often other required ones that then have to move to another day,
and a random ruin removes exactly those in one iteration only by chance.
``make_room`` is that move made directly: while the missing node does not fit into
the chosen day, it removes the visit of that day in its way (the day's member of
the same choice group, a visit of a full category, else the visit nearest in time
to the node's windows; over the budget, the visit of least prize per cost on any
day) and then inserts the node; recreate re-inserts the removed
visits wherever they fit. Used only while a requirement is unmet, so plans of
problems without must-visits and choice groups are not affected.
"""

from __future__ import annotations

import numpy as np

from tourlink.planner.search._jit import jit
from tourlink.planner.search.recreate import _scan
from tourlink.planner.search.route import (
    Data,
    State,
    insert_at,
    remove_at,
    remove_node,
)


@jit
def unmet(d: Data, s: State, pick: int) -> int:
    """Count the (node, day) pairs that would serve an unmet requirement: a
    must-visit node not visited, on any day it is allowed; a day without a member
    of a choice group, with each member allowed that day (one visited on another
    day moves, and that day then needs another member). With ``pick``
    in ``0..count-1`` return that pair as ``node * days + day`` instead."""
    return _unmet(d, s, pick, -1)


@jit
def _unmet(d: Data, s: State, pick: int, skip: int) -> int:
    """:func:`unmet`, leaving out the pairs of node ``skip`` (-1: none)."""
    nw, grp, allowed, removable = d[5], d[11], d[12], d[13]
    cand, must, ngrp = d[19], d[22], d[23]
    where, grpc = s[5], s[7]
    m = s[1].shape[0]
    k = 0
    for c in range(cand.shape[0]):
        j = cand[c]
        if nw[j] == 0 or not removable[j] or j == skip:
            continue
        for t in range(m):
            if not allowed[j, t] or where[j] == t:
                continue
            if (must[j] and where[j] < 0) or (
                grp[j] >= 0 and grp[j] < ngrp[0] and grpc[t, grp[j]] == 0
            ):
                if k == pick:
                    return int(j * m + t)
                k += 1
    return k if pick < 0 else -1


@jit
def _gap(d: Data, s: State, t: int, p: int, j: int) -> float:
    """Distance in time from the visit at position ``p`` of day ``t`` to the
    nearest window of ``j`` (0 when it starts inside one)."""
    wo, wc, nw = d[3], d[4], d[5]
    st = s[3]
    a = st[t, p]
    best = np.inf
    for w in range(nw[j]):
        if a < wo[j, w]:
            best = min(best, wo[j, w] - a)
        elif a > wc[j, w]:
            best = min(best, a - wc[j, w])
        else:
            return 0.0
    return float(best)


@jit
def _nearest(d: Data, s: State, t: int, j: int, category: int) -> int:
    """Position on day ``t`` of the removable visit (of ``category``, or any when it
    is -1) nearest in time to node ``j``'s windows, the gaps jittered by a random
    factor in [0.5, 1.5); -1 when there is none."""
    cat, removable = d[9], d[13]
    route, ln = s[0], s[1]
    near = np.inf
    victim = -1
    for p in range(1, ln[t] - 1):
        v = route[t, p]
        if removable[v] and (category < 0 or cat[v] == category):
            g = _gap(d, s, t, p, j) * (0.5 + np.random.random())
            if g < near:
                near = g
                victim = p
    return victim


@jit
def make_room(d: Data, s: State, j: int, t: int) -> bool:
    """Remove visits of day ``t`` in the way of ``j`` until it fits, then insert
    it (taking it off its current day first, if any); True if inserted. Fixed
    visits are never removed."""
    prize, cost, lim, cat, cap = d[6], d[7], d[8], d[9], d[10]
    grp, removable = d[11], d[13]
    route, ln, where, catc, grpc, acc = s[0], s[1], s[5], s[6], s[7], s[8]
    if where[j] >= 0:
        remove_node(d, s, j)
    while True:
        victim = -1
        if cost[j] > lim[0] - acc[1] + 1e-9:
            # over budget: drop the visit of any day with the least prize per cost
            day = -1
            low = np.inf
            for u in range(ln.shape[0]):
                for p in range(1, ln[u] - 1):
                    v = route[u, p]
                    if removable[v] and cost[v] > 0:
                        g = prize[v] / cost[v] * (0.5 + np.random.random())
                        if g < low:
                            low = g
                            day = u
                            victim = p
            if victim < 0:
                return False
            remove_at(d, s, day, victim)
            continue
        if grp[j] >= 0 and grpc[t, grp[j]] >= 1:
            for p in range(1, ln[t] - 1):
                if grp[route[t, p]] == grp[j]:
                    victim = p
            if victim < 0 or not removable[route[t, victim]]:
                return False
        elif cat[j] >= 0 and catc[t, cat[j]] >= cap[cat[j]]:
            victim = _nearest(d, s, t, j, cat[j])
            if victim < 0:
                return False
        else:
            _, q = _scan(d, s, t, j)
            if q >= 0:
                insert_at(d, s, t, q, j)
                return True
            victim = _nearest(d, s, t, j, -1)
            if victim < 0:
                return False
        remove_at(d, s, t, victim)


@jit
def repair(d: Data, s: State, steps: int) -> None:
    """Serve missing requirements one after another, up to ``steps`` times: each
    step makes room for a random pair of :func:`unmet`. A step may leave another
    requirement unmet - a lunch moved to the day that lacked one leaves its own day
    without lunch, a must-visit in the way leaves its day - and the next step serves
    that, never by moving back the node the step before moved (an ejection chain;
    one step at a time, the search had to accept every link of the chain on its own,
    and half the time the next step undid the last). Stops when nothing is missing
    or a step cannot insert its node."""
    m = s[1].shape[0]
    last = -1
    for _ in range(steps):
        count = _unmet(d, s, -1, last)
        if count == 0:
            break
        r = _unmet(d, s, np.random.randint(count), last)
        if not make_room(d, s, r // m, r % m):
            break
        last = r // m
