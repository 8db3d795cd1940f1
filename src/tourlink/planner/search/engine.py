"""The search loop: ruin and recreate with simulated-annealing acceptance.

One iteration copies the current plan, optionally moves a day's hotel, removes a few
visits (``ruin``), greedily re-inserts unvisited nodes (``recreate``) and accepts the
candidate if it is better, or worse with probability ``exp(delta / temperature)``.
The best plan is kept aside; after ``restart_after`` iterations without improvement
the search continues from it. While the current plan misses a required visit (a
must-visit node, or a choice group on some day), half the iterations make room for
one on a day instead of ruining at random, and then for what that move left unmet,
up to one step per day and one more (``repair.repair``). Plans of one day
rebuild a slice of the day in time order (``oneday.slice_rebuild``) in a share
``prm[P_SLICE]`` of the other iterations; with several days that share is 0 and no
random number is drawn for it. Once the search has gone ``RELOCATE_AFTER`` iterations
without a new best plan, a share ``prm[P_RELOCATE]`` of the iterations move one visit
within its day (``ruin.relocate``), kept only if recreate then fits more. Plans of two to
four days searched with the pool of days swap the tails of their days
(``exchange.two_opt_star``) in a share ``prm[P_EXCHANGE]`` of the iterations (0
elsewhere, again without a random number). Plans of two or three days replace a share
``prm[P_STRING]`` of their ruins by cutting a run of visits from each of two days
that pass close to each other (``ruin.STRINGS``). The solver sets each share to 0
where its move does not apply.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.planner.search._jit import jit
from tourlink.planner.search.elite import Elite, crossover, elite_add
from tourlink.planner.search.exchange import two_opt_star
from tourlink.planner.search.hotels import change_hotel, set_hotel
from tourlink.planner.search.oneday import slice_rebuild
from tourlink.planner.search.pool import Pool, load, pool_add, select
from tourlink.planner.search.recreate import (
    recreate,
    recreate_from,
    recreate_sequential,
)
from tourlink.planner.search.repair import repair, unmet
from tourlink.planner.search.route import Data, State, copy_state, recompute
from tourlink.planner.search.ruin import STRINGS, relocate, ruin

# indices into the float parameter vector
P_NOISE, P_RUIN_FRACTION, P_RUIN_MAX, P_HOTEL, P_RESTART = 0, 1, 2, 3, 4
P_OPS = 5  # four operator weights follow
P_SEQUENTIAL = 9
P_POOL_INTERVAL, P_POOL_STEPS = 10, 11  # 0 interval: no pool
P_CROSSOVER, P_WHOLE_DAY = 12, 13  # restarts from a child; whole-day crossovers
P_SLICE = 14  # share of one-day iterations that rebuild a slice (0 with several days)
P_EXCHANGE = 15  # share of iterations that swap two days' tails instead of a ruin
P_RELOCATE = 16  # share of iterations that move one visit within its day instead
P_TRAVEL_WEIGHT = 17  # score points a plan's whole travel time is worth (0: ignored)
P_STRING = 18  # share of ruins that cut runs from two days (0 beyond string_max_days)

#: Length of the float parameter vector.
N_PARAMS = 19

# indices into the integer statistics vector
S_ITER, S_IMPROVE, S_BEST_ITER, S_STALL = 0, 1, 2, 3
S_POOL_USED = 4  # selections from the pool that replaced the current plan
S_CROSSOVERS = 5  # restarts from a crossover child

#: Length of the integer statistics vector.
N_STATS = 6

#: Iterations without a new best plan after which relocation probes begin.
RELOCATE_AFTER = 50

#: Share of the iterations that repair a missing required visit, while one is missing.
REPAIR_PROBABILITY = 0.5


@jit
def travel(d: Data, s: State) -> int:
    """Total travel time of the plan's days."""
    tt, tmat = d[0], d[1]
    route, ln = s[0], s[1]
    total = 0
    for t in range(ln.shape[0]):
        mat = tmat[t]
        for i in range(1, ln[t]):
            total += tt[mat, route[t, i - 1], route[t, i]]
    return total


@jit
def seed_rng(seed: int) -> None:
    """Seed the generator used by all kernels (per thread)."""
    np.random.seed(seed)


@jit
def _try_ends(d: Data, s: State, t: int) -> bool:
    ends, nends = d[16], d[17]
    if recompute(d, s, t):
        return True
    for i in range(nends[t]):  # noqa: SIM110 - side effects, and numba-friendly
        if set_hotel(d, s, t, ends[t, i]):
            return True
    return False


@jit
def start_state(d: Data, s: State) -> bool:
    """Time the skeleton tours (starts, fixed visits, ends), trying the candidate
    hotels of a day whose first choice does not work; True if all days fit."""
    ends, nends, chain = d[16], d[17], d[18]
    m = s[1].shape[0]
    ok = True
    for t in range(m):
        if recompute(d, s, t):
            continue
        fixed = _try_ends(d, s, t)
        if not fixed and t > 0 and chain[t]:
            # the day may start at the wrong hotel: try the previous day's choices
            for i in range(nends[t - 1]):
                if set_hotel(d, s, t - 1, ends[t - 1, i]) and _try_ends(d, s, t):
                    fixed = True
                    break
        ok = ok and fixed
    for t in range(m):
        ok = recompute(d, s, t) and ok
    return ok


@jit
def construct(d: Data, s: State) -> int:
    """Greedy construction without noise."""
    return recreate(d, s, 0.0)


@jit
def run_chunk(
    d: Data,
    cur: State,
    cand: State,
    best: State,
    n_iter: int,
    temperature: float,
    prm: Any,
    stats: Any,
    pool: Pool,
    day_class: Any,
    node_key: Any,
    elite: Elite,
) -> None:
    """Run ``n_iter`` iterations; ``stats`` is updated in place.

    With a pool (``prm[P_POOL_INTERVAL] > 0``) every candidate's days are offered to
    it, and every ``prm[P_POOL_INTERVAL]`` iterations the best disjoint set of pooled
    days, refilled greedily, becomes the current plan if its prize beats the best
    plan's (only then: a jump to the best plan at every selection would undo the
    annealing's walk).

    With an elite set (``elite[0].shape[0] > 0``) the current plan is offered to it at
    every restart, and with probability ``prm[P_CROSSOVER]`` the search restarts from a
    crossover of the best plan and a random elite plan instead of the best plan."""
    nends = d[17]
    m = cand[1].shape[0]
    interval = int(prm[P_POOL_INTERVAL])
    picks = np.zeros(m, dtype=np.int64)
    has_hotels = False
    for t in range(nends.shape[0]):
        if nends[t] > 1:
            has_hotels = True
    has_required = d[23][0] > 0
    for j in range(d[22].shape[0]):
        if d[22][j]:
            has_required = True
    # without caps, groups or budget a finished recreate leaves no site that fits a
    # day, so recreate need only scan the days a move changed (``recreate_from``)
    plain = d[23][0] == 0 and not np.isfinite(d[8][0]) and np.all(d[9] < 0)
    wsum = prm[P_OPS] + prm[P_OPS + 1] + prm[P_OPS + 2] + prm[P_OPS + 3]
    weight = prm[P_TRAVEL_WEIGHT]
    trav_cur = travel(d, cur) if weight > 0 else 0
    trav_best = travel(d, best) if weight > 0 else 0
    for _ in range(n_iter):
        stats[S_ITER] += 1
        copy_state(cur, cand)
        routed = 0
        for t in range(cand[1].shape[0]):
            routed += cand[1][t] - 2
        kmax = int(np.ceil(prm[P_RUIN_FRACTION] * routed))
        kmax = max(min(routed, 5), min(int(prm[P_RUIN_MAX]), kmax), 1)
        r = np.random.random()
        k = 1 + int(r * r * kmax)
        x = np.random.random() * wsum
        op = 0
        while op < 3 and x >= prm[P_OPS + op]:
            x -= prm[P_OPS + op]
            op += 1
        # off (0) unless the solver enables it: no extra random numbers then
        if prm[P_STRING] > 0 and np.random.random() < prm[P_STRING]:
            op = STRINGS
        probe = False
        moved = has_hotels and np.random.random() < prm[P_HOTEL]
        if moved and not change_hotel(d, cand):
            continue
        # problems without requirements draw no extra random numbers
        missing = unmet(d, cand, -1) if has_required else 0
        if missing > 0 and np.random.random() < REPAIR_PROBABILITY:
            repair(d, cand, m + 1)
        elif prm[P_SLICE] > 0 and np.random.random() < prm[P_SLICE]:
            slice_rebuild(d, cand, 0, max(k, 3), 2, prm[P_NOISE])
        elif (
            # not while a requirement is missing: those iterations are the repair's
            # and the ruin's, as without probes
            missing == 0
            and prm[P_RELOCATE] > 0
            and stats[S_STALL] >= RELOCATE_AFTER
            and np.random.random() < prm[P_RELOCATE]
        ):
            # kept only if recreate then fits more: a mere reordering (same score)
            # would walk the plan away from its compact orders
            probe = relocate(d, cand)
            if not probe:
                ruin(d, cand, k, op)
        elif not (
            # off (0) unless the solver enables it: no extra random numbers then
            prm[P_EXCHANGE] > 0
            and np.random.random() < prm[P_EXCHANGE]
            and two_opt_star(d, cand, day_class)
        ):
            ruin(d, cand, k, op)
        if np.random.random() < prm[P_SEQUENTIAL]:
            recreate_sequential(d, cand, prm[P_NOISE])
        if plain:
            recreate_from(d, cand, prm[P_NOISE], cur)
        else:
            recreate(d, cand, prm[P_NOISE])
        if interval > 0:
            for t in range(m):
                pool_add(d, cand, t, pool, day_class, node_key)
        gain = cand[8][0] - cur[8][0]
        delta = gain
        trav_cand = 0
        if weight > 0:
            trav_cand = travel(d, cand)
            delta -= weight * (trav_cand - trav_cur) / max(trav_cur, 1)
        if probe:
            if gain > 1e-9:
                copy_state(cand, cur)
                trav_cur = trav_cand
        elif delta >= 0 or (
            temperature > 0 and np.random.random() < np.exp(delta / temperature)
        ):
            copy_state(cand, cur)
            trav_cur = trav_cand
        if interval > 0 and stats[S_ITER] % interval == 0:
            total = select(d, pool, day_class, picks, int(prm[P_POOL_STEPS]))
            if total > best[8][0] + 1e-9 and load(d, pool, picks, cand):
                recreate(d, cand, 0.0)
                copy_state(cand, cur)
                trav_cur = travel(d, cur) if weight > 0 else 0
                stats[S_POOL_USED] += 1
        if cur[8][0] > best[8][0] + 1e-9:
            copy_state(cur, best)
            trav_best = trav_cur
            stats[S_IMPROVE] += 1
            stats[S_BEST_ITER] = stats[S_ITER]
            stats[S_STALL] = 0
        else:
            if weight > 0 and cur[8][0] > best[8][0] - 1e-9 and trav_cur < trav_best:
                # as good, and shorter: the plan restarts resume from
                copy_state(cur, best)
                trav_best = trav_cur
            stats[S_STALL] += 1
            if stats[S_STALL] > prm[P_RESTART]:
                if elite[0].shape[0] > 0:
                    elite_add(cur, elite, node_key)
                copy_state(best, cur)
                if elite[5][0] > 0 and np.random.random() < prm[P_CROSSOVER]:
                    e = np.random.randint(elite[5][0])
                    crossover(d, cur, elite, e, day_class, prm[P_WHOLE_DAY])
                    recreate(d, cur, prm[P_NOISE])
                    stats[S_CROSSOVERS] += 1
                trav_cur = travel(d, cur) if weight > 0 else 0
                stats[S_STALL] = 0
