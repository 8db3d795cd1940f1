"""Recreate: re-insert unvisited nodes until nothing more fits.

Two ways. ``recreate`` (greedy) inserts at each step the (node, tour, position) with
the best ratio ``prize² / shift`` (Vansteenwegen's insertion heuristic), ``shift``
being the delay caused at the successor; a random factor per node diversifies it.
Best positions are cached per (node, tour); after an insertion only the entries of
the changed tour that fitted it are rescanned (a node that fitted nowhere cannot fit
after an insertion whose least extra time is not negative; see ``_recreate``).
``recreate_sequential`` takes the nodes one by one in order of noisy score and puts
each at its cheapest position in a random day that can take it - slower to converge
but able to move a site to another day when the greedy ratio keeps it where it is.
"""

from __future__ import annotations

import numpy as np

from tourlink.planner.search._jit import INF, jit, jit_inline
from tourlink.planner.search.route import Data, State, insert_at


@jit_inline
def _scan(d: Data, s: State, t: int, j: int) -> tuple[float, int]:
    return _scan_range(d, s, t, j, 1, s[1][t])


@jit_inline
def _scan_range(
    d: Data, s: State, t: int, j: int, lo: int, hi: int
) -> tuple[float, int]:
    """Best insertion of ``j`` into tour ``t`` at positions ``lo..hi-1``.

    The O(1) test of ``route.insertion_shift`` is inlined here: this loop is the
    hot spot of the search, and calls that pass the data tuples cost more than the
    test itself."""
    tt, tmat, wo, wc, nw, svc, least = d[0], d[1], d[3], d[4], d[5], d[2], d[21]
    route, ln, arr, st, la = s[0], s[1], s[2], s[3], s[4]
    mat = tmat[t]
    nwj = nw[j]
    dj = svc[j]
    best = -1.0
    best_p = -1
    if nw[j] == 0:
        return best, best_p
    first_open = wo[j, 0] + svc[j]
    last_close = wc[j, nw[j] - 1]
    for p in range(lo, min(hi, ln[t])):
        # start times and latest arrivals never decrease along a tour
        if st[t, p - 1] > last_close:
            break
        if la[t, p] < first_open or la[t, p] - arr[t, p] < least[j]:
            continue
        prev = route[t, p - 1]
        nxt = route[t, p]
        a = st[t, p - 1] + svc[prev] + tt[mat, prev, j]
        b = INF
        for w in range(nwj):
            if a <= wc[j, w]:
                b = max(a, wo[j, w])
                break
        if b >= INF:
            continue
        an = b + dj + tt[mat, j, nxt]
        if an > la[t, p]:
            continue
        v = 1.0 / max(an - arr[t, p], 1)
        if v > best:
            best = v
            best_p = p
    return best, best_p


@jit_inline
def _room(s: State, t: int) -> int:
    """Largest delay any position of tour ``t`` can absorb."""
    ln, arr, la = s[1], s[2], s[4]
    best = -INF
    for p in range(1, ln[t]):
        best = max(best, la[t, p] - arr[t, p])
    return best


@jit
def recreate(d: Data, s: State, noise: float) -> int:
    """Insert unvisited nodes greedily until nothing fits; returns the count."""
    return _recreate(d, s, noise, s, False)


@jit
def recreate_from(d: Data, s: State, noise: float, ref: State) -> int:
    """``recreate`` for a plan ``s`` made by a move from ``ref``, where ``ref`` is
    itself the result of a finished ``recreate`` in a problem without category caps,
    choice groups or budget. Then no site left out of ``ref`` fits into a day of
    ``ref``, so on the days the move left as they were only the sites the move took
    out need a scan: the same plan as ``recreate``, with fewer scans."""
    return _recreate(d, s, noise, ref, True)


@jit_inline
def _same_route(s: State, ref: State, t: int) -> bool:
    """Whether day ``t`` visits the same nodes in the same order in both plans (its
    times then agree too)."""
    route, ln, rroute, rln = s[0], s[1], ref[0], ref[1]
    if ln[t] != rln[t]:
        return False
    for p in range(ln[t]):  # noqa: SIM110 - numba has no generator all()
        if route[t, p] != rroute[t, p]:
            return False
    return True


@jit_inline
def _recreate(d: Data, s: State, noise: float, ref: State, use_ref: bool) -> int:
    prize, cost, lim, cat, cap, grp, allowed = (
        d[6],
        d[7],
        d[8],
        d[9],
        d[10],
        d[11],
        d[12],
    )
    cand, least = d[19], d[21]
    where, catc, grpc, acc = s[5], s[6], s[7], s[8]
    m = s[1].shape[0]
    nc = cand.shape[0]
    slack = np.empty(m, dtype=np.int64)
    for t in range(m):
        slack[t] = _room(s, t)
    # days where a site left out of ``ref`` cannot fit (see ``recreate_from``)
    settled = np.zeros(m, dtype=np.bool_)
    if use_ref:
        for t in range(m):
            settled[t] = _same_route(s, ref, t)
    rwhere = ref[5]
    val = np.full((nc, m), -1.0)
    pos = np.full((nc, m), -1, dtype=np.int64)
    # per day, the entries that fit it (``pos >= 0``; also of nodes placed since,
    # which the choice skips), in no particular order
    fit = np.empty((m, nc), dtype=np.int64)
    nfit = np.zeros(m, dtype=np.int64)
    weight = np.empty(nc)
    for c in range(nc):
        j = cand[c]
        weight[c] = (
            prize[j] * prize[j] * (1.0 + noise * (2.0 * np.random.random() - 1.0))
        )
        if where[j] >= 0 or prize[j] <= 0:
            continue
        for t in range(m):
            if settled[t] and rwhere[j] < 0:
                continue
            if allowed[j, t] and least[j] <= slack[t]:
                val[c, t], pos[c, t] = _scan(d, s, t, j)
                if pos[c, t] >= 0:
                    fit[t, nfit[t]] = c
                    nfit[t] += 1
    inserted = 0
    while True:
        best = -1.0
        bc = -1
        bt = -1
        room = lim[0] - acc[1]
        for t in range(m):
            for i in range(nfit[t]):
                c = fit[t, i]
                j = cand[c]
                if where[j] >= 0 or cost[j] > room + 1e-9:
                    continue
                if cat[j] >= 0 and catc[t, cat[j]] >= cap[cat[j]]:
                    continue
                if grp[j] >= 0 and grpc[t, grp[j]] >= 1:
                    continue
                v = val[c, t] * weight[c]
                # the first (node, day) of the best value wins, as in a scan of all
                # entries by node, then day (days come in order here)
                if v > best or (v == best and c < bc):
                    best = v
                    bc = c
                    bt = t
        if bc < 0:
            break
        q = pos[bc, bt]
        new = cand[bc]
        insert_at(d, s, bt, q, new)
        inserted += 1
        slack[bt] = _room(s, bt)
        # When the new visit's least extra time is not negative, the visits after
        # it start no earlier and those before it have no later latest arrivals.
        # So an entry that fitted nowhere still fits nowhere: next to the new
        # visit too, as a site that did not fit between prev and next meets the
        # same or later times on the ways prev, site, new, next and prev, new,
        # site, next. Then only the entries that fitted need a look. Where it is
        # negative (travel times that break the triangle inequality by more than
        # the visit's duration, e.g. zero durations), later visits may start
        # earlier and earlier ones leave later: every entry of the day is rescanned.
        every = least[new] < 0
        k = 0
        for i in range(nc if every else nfit[bt]):
            c = i if every else fit[bt, i]
            j = cand[c]
            if where[j] >= 0 or prize[j] <= 0 or not allowed[j, bt]:
                continue
            if least[j] > slack[bt]:
                pos[c, bt] = -1
            elif not every and pos[c, bt] < q and _still_fits(d, s, bt, j, pos[c, bt]):
                # positions before q keep their neighbours and times (only their
                # latest arrivals fell), so the old best of them is still the best
                # of them: only q onwards can beat it (the first best position wins
                # ties, as in a full scan)
                v, p = _scan_range(d, s, bt, j, q, s[1][bt])
                if v > val[c, bt]:
                    val[c, bt], pos[c, bt] = v, p
            else:
                val[c, bt], pos[c, bt] = _scan(d, s, bt, j)
            if pos[c, bt] >= 0:
                # at or before entry i of the list: compacting in place is safe
                fit[bt, k] = c
                k += 1
        nfit[bt] = k
    return inserted


@jit_inline
def _still_fits(d: Data, s: State, t: int, j: int, p: int) -> bool:
    """Whether ``j`` still fits before position ``p`` of tour ``t``."""
    tt, tmat, wo, wc, nw, svc = d[0], d[1], d[3], d[4], d[5], d[2]
    route, st, la = s[0], s[3], s[4]
    mat = tmat[t]
    prev = route[t, p - 1]
    a = st[t, p - 1] + svc[prev] + tt[mat, prev, j]
    for w in range(nw[j]):
        if a <= wc[j, w]:
            b = max(a, wo[j, w])
            return bool(b + svc[j] + tt[mat, j, route[t, p]] <= la[t, p])
    return False


@jit
def admits(d: Data, s: State, t: int, j: int) -> bool:
    """Whether day ``t``'s rules take node ``j``: an allowed day, room in the budget,
    its category under the cap, no other member of its choice group (time aside)."""
    cost, lim, cat, cap, grp, allowed = d[7], d[8], d[9], d[10], d[11], d[12]
    catc, grpc, acc = s[6], s[7], s[8]
    if not allowed[j, t] or cost[j] > lim[0] - acc[1] + 1e-9:
        return False
    if cat[j] >= 0 and catc[t, cat[j]] >= cap[cat[j]]:
        return False
    return not (grp[j] >= 0 and grpc[t, grp[j]] >= 1)


@jit
def recreate_sequential(d: Data, s: State, noise: float) -> int:
    """Insert nodes in noisy score order, each in a random day that can take it."""
    prize, cand, least = d[6], d[19], d[21]
    where = s[5]
    m = s[1].shape[0]
    nc = cand.shape[0]
    key = np.empty(nc)
    for c in range(nc):
        key[c] = -prize[cand[c]] * (1.0 + noise * (2.0 * np.random.random() - 1.0))
    order = np.argsort(key)
    tours = np.empty(m, dtype=np.int64)
    positions = np.empty(m, dtype=np.int64)
    inserted = 0
    for c in order:
        j = cand[c]
        if where[j] >= 0 or prize[j] <= 0:
            continue
        k = 0
        for t in range(m):
            if admits(d, s, t, j) and least[j] <= _room(s, t):
                _, p = _scan(d, s, t, j)
                if p >= 0:
                    tours[k] = t
                    positions[k] = p
                    k += 1
        if k > 0:
            r = np.random.randint(k)
            insert_at(d, s, tours[r], positions[r], j)
            inserted += 1
    return inserted
