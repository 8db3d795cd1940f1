"""Hotel selection: move the end of a day to another candidate hotel.

When day ``t`` ends at hotel ``h`` and day ``t + 1`` starts "where the previous day
ended", both days change; visits that no longer fit are dropped (fixed ones never)
and recreate refills the days afterwards.
"""

from __future__ import annotations

import numpy as np

from tourlink.planner.search._jit import jit
from tourlink.planner.search.route import Data, State, recompute, remove_at


@jit
def _repair(d: Data, s: State, t: int) -> bool:
    removable = d[13]
    route, ln = s[0], s[1]
    while not recompute(d, s, t):
        options = 0
        for p in range(1, ln[t] - 1):
            if removable[route[t, p]]:
                options += 1
        if options == 0:
            return False
        r = np.random.randint(options)
        for p in range(1, ln[t] - 1):
            if removable[route[t, p]]:
                if r == 0:
                    remove_at(d, s, t, p)
                    break
                r -= 1
    return True


@jit
def set_hotel(d: Data, s: State, t: int, h: int) -> bool:
    """End day ``t`` at ``h`` (and start a chained day ``t + 1`` there)."""
    chain = d[18]
    route, ln = s[0], s[1]
    m = ln.shape[0]
    route[t, ln[t] - 1] = h
    ok = _repair(d, s, t)
    if t + 1 < m and chain[t + 1]:
        route[t + 1, 0] = h
        ok = _repair(d, s, t + 1) and ok
    return ok


@jit
def change_hotel(d: Data, s: State) -> bool:
    """Pick a random day with several candidate hotels and switch to another one."""
    ends, nends = d[16], d[17]
    route, ln = s[0], s[1]
    m = ln.shape[0]
    options = 0
    for t in range(m):
        if nends[t] > 1:
            options += 1
    if options == 0:
        return True
    r = np.random.randint(options)
    t = 0
    for u in range(m):
        if nends[u] > 1:
            if r == 0:
                t = u
                break
            r -= 1
    h = ends[t, np.random.randint(nends[t])]
    if h == route[t, ln[t] - 1]:
        return True
    return set_hotel(d, s, t, h)
