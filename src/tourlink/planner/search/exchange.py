"""Exchange of route tails between two days (2-opt*), for plans of several days.

Ruin and recreate removes visits and puts nodes back one at a time, so the greedy
rebuilds a day from what is left of it: a day's *chain* of sites rarely changes
as a whole. ``two_opt_star`` cuts two days of one class (identically timed, see
``search.pool``) after a visit each and swaps the tails: day ``a`` keeps its visits
up to the cut and continues with day ``b``'s rest, and the other way round. Both
new days are feasible by construction - the arrival at the first visit of the new
tail must not exceed its latest arrival, an O(1) test per pair of cuts - so the
move keeps every visit and changes only which chains are joined; recreate then
fills what the new days leave room for.

Only for days of one class (same start, end, span and matrix, no fixed visits) and
problems without category caps or choice groups (a tail would carry its counts to
the other day); the solver switches it on only then.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.planner.search._jit import jit
from tourlink.planner.search.route import Data, State, recompute


@jit
def two_opt_star(d: Data, s: State, day_class: Any) -> bool:
    """Swap the tails of two random days of one class at a random feasible pair of
    cuts, preferring pairs that do not lengthen the travel; True if swapped."""
    tt, tmat, svc = d[0], d[1], d[2]
    route, ln, st, la, where = s[0], s[1], s[3], s[4], s[5]
    m = ln.shape[0]
    if m < 2:
        return False
    a = np.random.randint(m)
    b = np.random.randint(m - 1)
    if b >= a:
        b += 1
    if day_class[a] != day_class[b]:
        return False
    mat = tmat[a]
    na, nb = ln[a], ln[b]
    cap = route.shape[1]
    # reservoir sampling: one random pair among the non-lengthening ones, else
    # among all feasible ones
    n_good = 0
    n_any = 0
    gp, gq, ap, aq = -1, -1, -1, -1
    for p in range(na - 1):
        x = route[a, p]
        y = route[a, p + 1]
        ex = st[a, p] + svc[x]
        for q in range(nb - 1):
            if (p == 0 and q == 0) or (p == na - 2 and q == nb - 2):
                continue
            if p + nb - q > cap or q + na - p > cap:
                continue
            u = route[b, q]
            v = route[b, q + 1]
            if ex + tt[mat, x, v] > la[b, q + 1]:
                continue
            if st[b, q] + svc[u] + tt[mat, u, y] > la[a, p + 1]:
                continue
            n_any += 1
            if np.random.randint(n_any) == 0:
                ap, aq = p, q
            delta = tt[mat, x, v] + tt[mat, u, y] - tt[mat, x, y] - tt[mat, u, v]
            if delta <= 0:
                n_good += 1
                if np.random.randint(n_good) == 0:
                    gp, gq = p, q
    if n_good > 0:
        p, q = gp, gq
    elif n_any > 0:
        p, q = ap, aq
    else:
        return False
    tail_a = route[a, p + 1 : na].copy()
    tail_b = route[b, q + 1 : nb].copy()
    la_ = tail_a.shape[0]
    lb_ = tail_b.shape[0]
    route[a, p + 1 : p + 1 + lb_] = tail_b
    route[b, q + 1 : q + 1 + la_] = tail_a
    ln[a] = p + 1 + lb_
    ln[b] = q + 1 + la_
    for i in range(lb_ - 1):
        where[tail_b[i]] = a
    for i in range(la_ - 1):
        where[tail_a[i]] = b
    ok = recompute(d, s, a)
    return recompute(d, s, b) and ok
