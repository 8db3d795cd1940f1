"""Random test problems for the planner, each with a known feasible 'witness' plan.

The witness is built first (random visit orders timed without waiting); windows,
fixed visits, must-visits, caps, budget and lunch groups are then drawn around it, so
a feasible plan containing every required visit is known to exist.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace

import numpy as np

from tourlink.planner import (
    ChoiceGroup,
    FixedVisit,
    Node,
    Problem,
    SolveParams,
    Tour,
    check,
    solve,
)

FEATURES = (
    "multi_windows",
    "spans",
    "matrices",
    "must",
    "caps",
    "budget",
    "groups",
    "hotels",
    "fixed",
)

#: Feature mixes for the tests that run one move often: without requirements, and with
#: every kind of rule.
MIXES = {
    "plain": frozenset({"multi_windows", "budget"}),
    "all": frozenset({"multi_windows", "must", "caps", "budget", "groups", "fixed"}),
}


@dataclass
class Generated:
    problem: Problem
    witness: list[list[int]] = field(default_factory=list)


def _travel(pts: list[tuple[float, float]]) -> np.ndarray:
    n = len(pts)
    t = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if i != j:
                t[i, j] = math.ceil(math.dist(pts[i], pts[j]))
    return t


def generate(
    seed: int, n_sites: int, n_tours: int, features: frozenset[str]
) -> Generated:
    """A random problem with ``n_sites`` visitable nodes (plus depot and hotels)."""
    rng = random.Random(seed)
    hotels = "hotels" in features and n_tours > 1
    n_hotels = 2 if hotels else 0
    n = 1 + n_sites + n_hotels
    pts = [(rng.uniform(0, 60), rng.uniform(0, 60)) for _ in range(n)]
    travel = _travel(pts)
    if "matrices" in features:
        slow = (travel * rng.choice([1.2, 1.5])).astype(np.int64)
        travel = np.stack([travel, slow])
    sites = list(range(1, 1 + n_sites))
    hotel_nodes = list(range(1 + n_sites, n))
    durations = {v: rng.randint(0, 15) for v in sites}
    tours = []
    for t in range(n_tours):
        earliest = rng.randint(0, 50) if "spans" in features else 0
        latest = earliest + rng.randint(120, 300)
        matrix = t % 2 if "matrices" in features else 0
        if hotels:
            start = 0 if t == 0 else None
            end: int | tuple[int, ...] = (
                (hotel_nodes[0], hotel_nodes[1]) if t < n_tours - 1 else 0
            )
        else:
            start, end = 0, 0
        tours.append(Tour(start, end, earliest, latest, matrix))
    # witness: random disjoint orders, no waiting, trimmed to fit each day
    pool = sites[:]
    rng.shuffle(pool)
    witness: list[list[int]] = []
    starts: dict[int, tuple[int, int]] = {}
    prev_end = 0
    for t, tour in enumerate(tours):
        tt = travel if travel.ndim == 2 else travel[tour.matrix]
        begin = tour.start if tour.start is not None else prev_end
        finish = tour.end if isinstance(tour.end, int) else tour.end[0]
        prev_end = finish
        want = rng.randint(0, min(len(pool), 4))
        seq = [pool.pop() for _ in range(want)]
        while True:
            time, prev, times = tour.earliest, begin, []
            for v in seq:
                time += int(tt[prev, v])
                times.append(time)
                time += durations[v]
                prev = v
            if time + int(tt[prev, finish]) <= tour.latest or not seq:
                break
            pool.append(seq.pop())
        witness.append(seq)
        for v, s in zip(seq, times, strict=True):
            starts[v] = (t, s)
    nodes = [Node(name="depot")]
    cats = ["temple", "museum"]
    for v in sites:
        if v in starts:
            s = starts[v][1]
            main = (max(0, s - rng.randint(0, 40)), s + rng.randint(0, 40))
        else:
            o = rng.randint(0, 250)
            main = (o, o + rng.randint(0, 120))
        windows = [main]
        if "multi_windows" in features and rng.random() < 0.6:
            o = main[1] + rng.randint(5, 60)
            windows.append((o, o + rng.randint(0, 60)))
        nodes.append(
            Node(
                score=float(rng.randint(1, 20)),
                duration=durations[v],
                windows=tuple(windows),
                cost=float(rng.randint(0, 10)),
                category=rng.choice(cats) if "caps" in features else None,
                must_visit="must" in features and v in starts and rng.random() < 0.4,
                name=f"site{v}",
            )
        )
    nodes += [Node(name=f"hotel{h}") for h in hotel_nodes]
    caps: dict[str, int] = {}
    if "caps" in features:
        for c in cats:
            worst = max(sum(nodes[v].category == c for v in seq) for seq in witness)
            caps[c] = worst + rng.randint(0, 1)
    budget = None
    if "budget" in features:
        budget = sum(nodes[v].cost for seq in witness for v in seq) + rng.randint(0, 15)
    groups: tuple[ChoiceGroup, ...] = ()
    if "groups" in features and all(witness):
        lunch = [rng.choice(seq) for seq in witness]
        others = [v for v in sites if v not in starts][: rng.randint(0, 2)]
        lo = min(starts[v][1] for v in lunch)
        hi = max(starts[v][1] + durations[v] for v in lunch)
        groups = (ChoiceGroup(tuple(lunch + others), lo - 10, hi + 10, "lunch"),)
    fixed: tuple[FixedVisit, ...] = ()
    if "fixed" in features:
        chosen = [v for v in starts if rng.random() < 0.3]
        fixed = tuple(FixedVisit(v, starts[v][0], starts[v][1]) for v in chosen)
    problem = Problem(
        nodes=tuple(nodes),
        travel=travel,
        tours=tuple(tours),
        category_caps=caps,
        budget=budget,
        choice_groups=groups,
        fixed=fixed,
        name=f"random-{seed}",
    )
    return Generated(problem, witness)


def assert_valid_and_reproducible(
    seed: int, mix: str, n_tours: int, params: SolveParams
) -> None:
    """Solving a random problem of ``MIXES[mix]`` twice with ``params`` gives the same
    plan, and the checker accepts it."""
    p = generate(seed, 14, n_tours, MIXES[mix]).problem
    a = solve(p, params=params, max_iterations=300, seed=seed)
    b = solve(p, params=params, max_iterations=300, seed=seed)
    assert check(p, a) == []
    assert (a.tours, a.score) == (b.tours, b.score)


def assert_default_searches_as(off: SolveParams, n_tours: int, n_sites: int) -> None:
    """The default parameters give the plan of ``off`` (a move switched off) on a
    random problem of ``n_tours`` days: the default does not use that move there."""
    p = generate(7, n_sites, n_tours, frozenset({"multi_windows"})).problem
    a = solve(p, max_iterations=400, seed=7)
    b = solve(p, params=off, max_iterations=400, seed=7)
    assert (a.tours, a.score) == (b.tours, b.score)


ONE_DAY_RULES = ("two days", "two windows", "must-visit", "budget", "category caps")
"""Rules beyond the benchmark's one-day problem, which its check tools refuse."""


def with_rule(problem: Problem, rule: str) -> Problem:
    """``problem`` (one day, one window per site) with one of ``ONE_DAY_RULES`` added."""
    nodes = list(problem.nodes)
    first = nodes[1]
    if rule == "two days":
        return replace(problem, tours=problem.tours * 2)
    if rule == "two windows":
        wide = replace(first, windows=(*first.windows, (10**6, 10**6 + 10)))
        return replace(problem, nodes=(nodes[0], wide, *nodes[2:]))
    if rule == "must-visit":
        must = replace(first, must_visit=True)
        return replace(problem, nodes=(nodes[0], must, *nodes[2:]))
    if rule == "budget":
        return replace(problem, budget=10.0)
    if rule == "category caps":
        return replace(problem, category_caps={"temple": 1})
    raise ValueError(f"unknown rule {rule!r}")
