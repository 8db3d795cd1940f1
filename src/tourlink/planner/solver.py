"""The single entry point: ``solve``."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from tourlink.planner.check import MISSING_MUST_VISIT, check
from tourlink.planner.compile import (
    PlanningError,
    compile_problem,
    count_visits,
    empty_state,
)
from tourlink.planner.model import Problem
from tourlink.planner.params import SolveParams
from tourlink.planner.result import Result, SolveStats, TourPlan, Visit
from tourlink.planner.stopping import MaxIterations, MaxRuntime, StoppingCriterion


def solve(
    problem: Problem,
    *,
    params: SolveParams | None = None,
    time_limit: float | None = None,
    seed: int = 0,
    max_iterations: int | None = None,
    stop: Sequence[StoppingCriterion] = (),
    initial: Result | None = None,
) -> Result:
    """Plan the trip: pick the visits of every day, their order and their times.

    The concept: an orienteering problem with time windows - out of many sites,
    choose which to visit on which day so that the trip is worth the most while every
    opening hour, show time, travel time, day length, budget and per-day rule holds.
    The search builds a plan greedily and then repeatedly removes a few visits and
    re-inserts sites where they fit best (ruin and recreate), keeping the best plan.
    It is anytime: stop it whenever and it returns the best plan found so far, e.g.
    ``solve(p, time_limit=0.5)`` while a visitor waits for the page.

    Parameters
    ----------
    problem : Problem
        The trip.
    params : SolveParams, optional
        Search parameters; the defaults suit most trips.
    time_limit : float or None
        Seconds of wall time for the whole call; the search itself stops up to 10 %
        (at most 50 ms) earlier so that finishing fits inside. When no stopping
        rule is given at all, one second.
    seed : int
        Random seed; with ``max_iterations`` the result is exactly reproducible.
    max_iterations : int or None
        Number of ruin-and-recreate iterations.
    stop : sequence of StoppingCriterion
        Further stopping criteria; the search stops at the first that is met.
    initial : Result or None
        A plan to start from instead of the greedy construction (a warm start), e.g.
        the best plan of an earlier or shorter search, or of the same trip with fewer
        hotels allowed; routes from elsewhere are turned into a Result by
        ``schedule_routes``. Its visit orders and hotels are re-timed (earliest
        start) and used only when ``check`` then finds no violation but must-visit
        nodes not yet visited (which the search then adds); otherwise the search
        starts as without it. ``Result.stats.warm_start`` says which; greedy
        insertion then fills what still fits, and the plan returned is never worse
        than the one used (must-visits first, then the score). Without ``initial``
        nothing changes: the same seed and iteration count give the same plan.

    Returns
    -------
    Result
        The best plan, with arrival, start, end and waiting time of every visit.
        ``Result.feasible`` is False if a must-visit node or a choice group could not
        be served.

    Raises
    ------
    PlanningError
        When the fixed visits cannot all be scheduled, or cost or category rules are
        already broken by them.
    """
    # Imported on first use, before the clock starts: Numba is slow to import, and code
    # that only builds or checks problems (the trip planner's requests, the CLI) should
    # not pay for it.
    from tourlink.planner.search import engine
    from tourlink.planner.search.elite import new_elite
    from tourlink.planner.search.pool import new_pool

    params = params or SolveParams()
    clock = time.perf_counter()
    criteria: list[StoppingCriterion] = list(stop)
    if time_limit is not None:
        criteria.append(MaxRuntime(time_limit - _finish_reserve(time_limit)))
    if max_iterations is not None:
        criteria.append(MaxIterations(max_iterations))
    if not criteria:
        criteria.append(MaxRuntime(1.0))
    by_iterations: list[StoppingCriterion] = [
        c for c in criteria if isinstance(c, MaxIterations)
    ]
    comp = compile_problem(problem)
    d = comp.data
    cur = empty_state(problem, comp)
    if cur[8][1] > d[8][0] + 1e-9:
        raise PlanningError("the fixed visits alone exceed the budget")
    if np.any(cur[6] > d[10][np.newaxis, :]) and problem.category_caps:
        raise PlanningError("the fixed visits alone exceed a category cap")
    engine.seed_rng(seed)
    warm = initial is not None and _load_initial(problem, d, cur, initial)
    if not warm:
        if initial is not None:
            cur = empty_state(problem, comp)
        if not engine.start_state(d, cur):
            raise PlanningError(
                "some day cannot hold its fixed visits between its start and end (or "
                "no candidate hotel works); check the booked times and the day spans"
            )
    engine.construct(d, cur)
    cand = tuple(a.copy() for a in cur)
    best = tuple(a.copy() for a in cur)
    prm = np.array(
        [
            params.noise,
            params.ruin_fraction,
            params.ruin_max,
            params.hotel_probability,
            params.restart_after,
            *params.operator_weights,
            params.sequential_probability,
            0.0,
            POOL_STEPS,
            params.crossover_probability,
            params.whole_day_probability,
            # one-day plans only: several days keep exactly the search of before
            params.slice_probability if problem.n_tours == 1 else 0.0,
            0.0,
            params.relocate_probability,
            params.travel_weight,
            (
                params.string_probability
                if 2 <= problem.n_tours <= params.string_max_days
                else 0.0
            ),
        ],
        dtype=np.float64,
    )
    assert prm.shape[0] == engine.N_PARAMS
    # hotel moves change a day's end and the next day's start, which pooled routes
    # of neighbouring days would not follow
    pool_on = (
        params.pool_size > 0
        and 1 < problem.n_tours <= params.pool_max_days
        and all(len(t.end_choices) == 1 for t in problem.tours)
    )
    pool = new_pool(params.pool_size if pool_on else 0, comp.capacity, problem.n_nodes)
    # the kernel reads the day classes and node keys only with a pool or an elite, so
    # the many short solves of the trip planner do not build them
    day_class = np.zeros(problem.n_tours, dtype=np.int64)
    node_key = np.zeros(problem.n_nodes, dtype=np.int64)
    if pool_on or params.elite_size > 0:
        day_class = _day_classes(problem, cur)
        node_key = np.random.default_rng(NODE_KEY_SEED).integers(
            1, 1 << 62, size=problem.n_nodes, dtype=np.int64
        )
    if pool_on:
        prm[engine.P_POOL_INTERVAL] = params.pool_interval
        # a swapped tail carries its category and group counts to the other day
        if not problem.choice_groups and not problem.category_caps:
            prm[engine.P_EXCHANGE] = params.exchange_probability
    elite = new_elite(params.elite_size, problem.n_tours, comp.capacity)
    stats = np.zeros(engine.N_STATS, dtype=np.int64)
    t0 = params.start_temperature_for(problem.n_tours) * comp.mean_score
    t1 = max(params.end_temperature * comp.mean_score, 1e-9)
    chunk = 1
    best_time = time.perf_counter() - clock
    stopped_by = ""
    while True:
        elapsed = time.perf_counter() - clock
        done = [c for c in criteria if c.done(int(stats[engine.S_ITER]), elapsed)]
        if done:
            stopped_by = type(done[0]).__name__
            break
        source = by_iterations or criteria
        frac = max(c.progress(int(stats[engine.S_ITER]), elapsed) for c in source)
        temp = t0 * (t1 / t0) ** frac if t0 > 0 else 0.0
        n_iter = chunk
        if by_iterations:
            limit = min(
                c.iterations for c in by_iterations if isinstance(c, MaxIterations)
            )
            n_iter = min(chunk, limit - int(stats[engine.S_ITER]))
            n_iter = max(n_iter, 1)
        before = int(stats[engine.S_IMPROVE])
        t_start = time.perf_counter()
        engine.run_chunk(
            d,
            cur,
            cand,
            best,
            n_iter,
            temp,
            prm,
            stats,
            pool,
            day_class,
            node_key,
            elite,
        )
        spent = time.perf_counter() - t_start
        if int(stats[engine.S_IMPROVE]) != before:
            best_time = time.perf_counter() - clock
        chunk = _next_chunk(chunk, spent, n_iter, criteria, elapsed, by_iterations)
    return _result(
        problem,
        best,
        stats,
        time.perf_counter() - clock,
        best_time,
        seed,
        stopped_by,
        warm,
    )


def _load_initial(
    problem: Problem, d: tuple[Any, ...], state: tuple[Any, ...], initial: Result
) -> bool:
    """Make ``state`` (a fresh ``empty_state``) the plan of ``initial``'s visit
    orders and hotels, timed by the kernels (earliest starts; a booked visit at its
    time); False, ``state`` then to be discarded, when that plan breaks a rule of
    ``problem`` (``check``; a must-visit node not yet visited is allowed: the search
    adds it, as it does after the greedy construction) or does not fit the state."""
    from tourlink.planner.search import engine
    from tourlink.planner.search.route import recompute

    route, ln, where, catc, grpc, acc = (
        state[0], state[1], state[5], state[6], state[7], state[8]
    )  # fmt: skip
    tours = initial.tours
    n = problem.n_nodes
    if len(tours) != problem.n_tours or any(
        len(tp) + 2 > route.shape[1]
        or not all(0 <= v < n for v in (tp.end_node, *tp.nodes))
        for tp in tours
    ):
        return False
    where[:] = -1
    catc[:, :] = 0
    grpc[:, :] = 0
    acc[:] = 0.0
    for t, (tour, plan) in enumerate(zip(problem.tours, tours, strict=True)):
        start = tour.start if tour.start is not None else tours[t - 1].end_node
        seq = [start, *plan.nodes, plan.end_node]
        route[t, : len(seq)] = seq
        ln[t] = len(seq)
        count_visits(d, where, catc, grpc, acc, t, plan.nodes)
    timed = [recompute(d, state, t) for t in range(problem.n_tours)]
    loaded = _result(
        problem, state, np.zeros(engine.N_STATS, dtype=np.int64), 0.0, 0.0, 0, ""
    )
    return all(timed) and all(
        v.message == MISSING_MUST_VISIT for v in check(problem, loaded)
    )


#: Step limit of one recombination of pooled days (a few milliseconds).
POOL_STEPS = 200_000

#: Seed of the per-node keys that identify a day's set of visits in the pool.
NODE_KEY_SEED = 20261123


def _day_classes(problem: Problem, state: tuple[Any, ...]) -> Any:
    """Class of each day: days that share start, end, span and travel matrix and
    have no fixed visits are timed identically, so a route of one fits the others;
    a day with fixed visits is a class of its own."""
    route, ln = state[0], state[1]
    booked = {f.tour for f in problem.fixed}
    keys: dict[tuple[int, ...], int] = {}
    out = np.zeros(problem.n_tours, dtype=np.int64)
    for t, tour in enumerate(problem.tours):
        key: tuple[int, ...]
        if t in booked:
            key = (-1, t)
        else:
            key = (
                int(route[t, 0]),
                int(route[t, ln[t] - 1]),
                tour.earliest,
                tour.latest,
                tour.matrix,
            )
        out[t] = keys.setdefault(key, len(keys))
    return out


def _finish_reserve(time_limit: float) -> float:
    """Seconds of ``time_limit`` the search leaves unused (10 %, at most 50 ms): the
    limit covers the whole call, and on a busy machine a last chunk that runs slower
    than planned and the assembly of the result must still fit inside it. A busy
    machine's delays are tens of milliseconds whatever the limit, so limits of a
    second or more keep 50 ms and shorter ones a tenth (half a second: 50 ms, where
    5 % left 25 ms and a call on a loaded 2-core machine once ended 63 ms late)."""
    return min(0.1 * time_limit, 0.05) if time_limit > 0 else 0.0


def _next_chunk(
    chunk: int,
    spent: float,
    n_iter: int,
    criteria: list[StoppingCriterion],
    elapsed: float,
    by_iterations: list[StoppingCriterion],
) -> int:
    if by_iterations:
        return 16  # fixed chunks: the temperature sequence is the same every run
    per_iter = spent / max(n_iter, 1)
    target = 0.02
    for c in criteria:
        if isinstance(c, MaxRuntime):
            # small last chunks: a busy machine may run a chunk slower than planned
            target = min(target, max(c.seconds - elapsed, 0.0) / 8)
    return max(1, min(4 * chunk, int(target / max(per_iter, 1e-7))))


def _result(
    problem: Problem,
    best: tuple[Any, ...],
    stats: Any,
    runtime: float,
    best_time: float,
    seed: int,
    stopped_by: str,
    warm_start: bool = False,
) -> Result:
    from tourlink.planner.search import engine

    route, ln, arr, st = best[0], best[1], best[2], best[3]
    tours = []
    score = 0.0
    for t in range(problem.n_tours):
        n = int(ln[t])
        visits = []
        for p in range(1, n - 1):
            v = int(route[t, p])
            start = int(st[t, p])
            visits.append(
                Visit(v, int(arr[t, p]), start, start + problem.nodes[v].duration)
            )
            score += problem.nodes[v].score
        tours.append(
            TourPlan(
                int(route[t, 0]),
                int(route[t, n - 1]),
                int(st[t, 0]),
                int(arr[t, n - 1]),
                tuple(visits),
            )
        )
    visited = {v.node for tp in tours for v in tp.visits}
    feasible = all(
        i in visited for i, node in enumerate(problem.nodes) if node.must_visit
    ) and all(
        any(v.node in grp.nodes for v in tp.visits)
        for grp in problem.choice_groups
        for tp in tours
    )
    s = SolveStats(
        iterations=int(stats[engine.S_ITER]),
        runtime=runtime,
        improvements=int(stats[engine.S_IMPROVE]),
        best_iteration=int(stats[engine.S_BEST_ITER]),
        best_time=best_time,
        seed=seed,
        stopped_by=stopped_by,
        recombinations=int(stats[engine.S_POOL_USED]),
        crossovers=int(stats[engine.S_CROSSOVERS]),
        warm_start=warm_start,
    )
    return Result(score, tuple(tours), s, feasible)
