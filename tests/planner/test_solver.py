"""The solver: exact on tiny instances, always feasible, reproducible, on time."""

from __future__ import annotations

import random
import time
from itertools import pairwise, permutations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.planner.instances import FEATURES, generate
from tourlink.planner import (
    FixedVisit,
    MaxIterations,
    Node,
    PlanningError,
    Problem,
    SolveParams,
    Tour,
    check,
    schedule_routes,
    solve,
)

pytestmark = pytest.mark.usefixtures("warm_solver")


def brute_force(p: Problem) -> float:
    """Optimum of a plain (T)OPTW by enumerating every feasible order per day."""
    n = p.n_nodes
    sites = [i for i in range(n) if i not in p.terminals]
    per_tour: list[dict[int, float]] = []
    for tour in p.tours:
        assert isinstance(tour.end, int)
        assert tour.start is not None
        travel = p.travel[tour.matrix]
        best: dict[int, float] = {}
        for k in range(len(sites) + 1):
            for seq in permutations(sites, k):
                time_, prev, ok = tour.earliest, tour.start, True
                for v in seq:
                    arrival = time_ + int(travel[prev, v])
                    starts = [
                        max(arrival, o) for o, c in p.nodes[v].windows if arrival <= c
                    ]
                    if not starts:
                        ok = False
                        break
                    time_ = starts[0] + p.nodes[v].duration
                    prev = v
                if ok and time_ + int(travel[prev, tour.end]) <= tour.latest:
                    mask = sum(1 << v for v in seq)
                    best[mask] = sum(p.nodes[v].score for v in seq)
        per_tour.append(best)
    combos: dict[int, float] = {0: 0.0}
    for best in per_tour:
        combos = {
            a | b: sa + sb
            for a, sa in combos.items()
            for b, sb in best.items()
            if not a & b
        } | combos
    return max(combos.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n_sites=st.integers(1, 6),
    m=st.integers(1, 2),
    multi=st.booleans(),
    spans=st.booleans(),
)
# the optimum needs an order of the day that is not the cheapest (relocation)
@example(seed=846776, n_sites=6, m=1, multi=True, spans=False)
@example(seed=79848, n_sites=6, m=1, multi=True, spans=True)
def test_matches_brute_force_optimum_on_tiny_instances(
    seed: int, n_sites: int, m: int, multi: bool, spans: bool
) -> None:
    feats = frozenset(f for f, on in (("multi_windows", multi), ("spans", spans)) if on)
    p = generate(seed, n_sites, m, feats).problem
    r = solve(p, max_iterations=300, seed=seed)
    assert check(p, r) == []
    assert r.score == pytest.approx(brute_force(p))


feature_sets = st.sets(st.sampled_from(FEATURES)).map(frozenset)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n_sites=st.integers(1, 12),
    m=st.integers(1, 3),
    features=feature_sets,
)
def test_result_is_feasible_and_keeps_every_required_visit(
    seed: int, n_sites: int, m: int, features: frozenset[str]
) -> None:
    g = generate(seed, n_sites, m, features)
    p = g.problem
    r = solve(p, max_iterations=600, seed=seed)
    # a witness plan with every must-visit, fixed visit and lunch exists
    assert check(p, schedule_routes(p, g.witness)) == []
    assert r.feasible
    assert check(p, r) == []
    visited = r.visited
    assert all(f.node in visited for f in p.fixed)
    assert all(i in visited for i, node in enumerate(p.nodes) if node.must_visit)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), features=feature_sets)
def test_same_seed_and_iterations_reproduce_the_plan(
    seed: int, features: frozenset[str]
) -> None:
    p = generate(seed, 10, 2, features).problem
    a = solve(p, max_iterations=150, seed=seed)
    b = solve(p, max_iterations=150, seed=seed)
    assert a.tours == b.tours
    assert a.score == b.score
    assert a.stats.iterations == b.stats.iterations == 150


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10**6), limit=st.sampled_from([0.5, 1.0]))
def test_time_limit_is_kept_within_ten_percent(seed: int, limit: float) -> None:
    """The search runs in the calling thread and stops itself within the limit.

    Measured in the thread's CPU time: on a loaded machine (the test workers share
    two cores with the databases) the thread may wait for a core, and that wait is
    not the solver's to control. A solver that ran past its limit would still
    spend the CPU time and fail."""
    p = generate(seed, 12, 2, frozenset(FEATURES)).problem
    t0 = time.thread_time()
    r = solve(p, time_limit=limit, seed=seed)
    assert time.thread_time() - t0 <= 1.1 * limit
    assert check(p, r) == []
    assert r.stats.stopped_by == "MaxRuntime"


def _benchmark_like(seed: int, n: int = 40) -> Problem:
    rng = random.Random(seed)
    pts = np.array([[rng.uniform(0, 100), rng.uniform(0, 100)] for _ in range(n)])
    travel = np.floor(
        np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 10
    )
    nodes = [Node()] + [
        Node(
            score=rng.randint(1, 30),
            duration=100,
            windows=((o, o + rng.randint(100, 800)),),
        )
        for o in (rng.randint(0, 2000) for _ in range(n - 1))
    ]
    return Problem(
        nodes=tuple(nodes),
        travel=travel.astype(np.int64),
        tours=(Tour(0, 0, 0, 3000),) * 2,
    )


def test_search_improves_on_greedy_construction() -> None:
    p = _benchmark_like(3)
    greedy = solve(p, max_iterations=0, seed=1)
    better = solve(p, max_iterations=2000, seed=1)
    assert check(p, better) == []
    assert better.score >= greedy.score
    assert better.stats.iterations == 2000
    assert "score" in better.summary()


def test_fixed_visits_that_cannot_fit_raise_planning_error() -> None:
    p = Problem(
        nodes=(Node(), Node(score=1, duration=10), Node(score=1, duration=10)),
        travel=np.full((3, 3), 50) - 50 * np.eye(3, dtype=np.int64),
        tours=(Tour(0, 0, 0, 100),),
        fixed=(FixedVisit(1, 0, 10),),  # cannot arrive before 50
    )
    with pytest.raises(PlanningError, match="cannot hold its fixed visits"):
        solve(p, max_iterations=10)
    outside = Problem(
        nodes=(Node(), Node(score=1, windows=((0, 5),))),
        travel=np.zeros((2, 2), dtype=np.int64),
        tours=(Tour(0, 0, 0, 100),),
        fixed=(FixedVisit(1, 0, 10),),
    )
    with pytest.raises(PlanningError, match="outside its windows"):
        solve(outside, max_iterations=10)


def test_default_stop_is_one_second_and_custom_criteria_work() -> None:
    p = _benchmark_like(1, 10)
    assert solve(p).stats.stopped_by == "MaxRuntime"  # one second by default
    r = solve(p, time_limit=None, stop=[MaxIterations(5)])
    assert r.stats.iterations == 5


@pytest.mark.parametrize(
    ("kw", "msg"),
    [
        ({"noise": 1.5}, "noise must be in"),
        ({"ruin_fraction": 0}, "ruin_fraction"),
        ({"ruin_max": 0}, "ruin_max"),
        ({"hotel_probability": 2}, "hotel_probability"),
        ({"restart_after": 0}, "restart_after"),
        ({"start_temperature": 0.1, "end_temperature": 0.5}, "temperatures"),
        ({"end_temperature": 5.0}, "temperatures"),
        ({"operator_weights": (0, 0, 0, 0)}, "operator_weights"),
        ({"sequential_probability": -1}, "sequential_probability"),
        ({"pool_size": -1}, "pool_size"),
        ({"pool_interval": 0}, "pool_interval"),
        ({"pool_max_days": 1}, "pool_max_days"),
        ({"string_probability": 1.5}, "string_probability"),
        ({"string_max_days": 1}, "string_max_days"),
        ({"travel_weight": -1.0}, "travel_weight"),
        ({"travel_weight": float("inf")}, "travel_weight"),
    ],
)
def test_invalid_params_say_what_is_wrong(kw: dict[str, object], msg: str) -> None:
    with pytest.raises(ValueError, match=msg):
        SolveParams(**kw)  # type: ignore[arg-type]


def test_the_default_start_temperature_is_hotter_for_one_day() -> None:
    assert SolveParams().start_temperature_for(1) == 10.0
    assert SolveParams().start_temperature_for(3) == 3.0
    assert SolveParams(start_temperature=1.0).start_temperature_for(1) == 1.0
    for m, t in ((1, 10.0), (2, 3.0)):
        p = generate(7, 30, m, frozenset()).problem
        a = solve(p, max_iterations=600, seed=2)
        b = solve(
            p, params=SolveParams(start_temperature=t), max_iterations=600, seed=2
        )
        assert (a.tours, a.score) == (b.tours, b.score)


def _shortest_round_trip(travel: np.ndarray) -> int:
    """Held-Karp: the shortest tour from node 0 through every other node and back."""
    n = int(travel.shape[0])
    full = (1 << (n - 1)) - 1
    inf = 1 << 60
    # best[mask][j]: shortest path from 0 through the sites of mask, ending at j
    best = [[inf] * n for _ in range(full + 1)]
    for j in range(1, n):
        best[1 << (j - 1)][j] = int(travel[0, j])
    for mask in range(1, full + 1):
        for j in range(1, n):
            here = best[mask][j]
            if here == inf:
                continue
            for k in range(1, n):
                if not mask >> (k - 1) & 1:
                    nxt = mask | 1 << (k - 1)
                    best[nxt][k] = min(best[nxt][k], here + int(travel[j, k]))
    ends: list[int] = [best[full][j] + int(travel[j, 0]) for j in range(1, n)]
    return min(ends)


# seeds on which the search without a travel weight ends on a longer order
@pytest.mark.parametrize("seed", [1, 4, 6])
def test_a_travel_weight_makes_the_plan_of_equal_score_the_shortest(seed: int) -> None:
    """Every site fits the day in any order, so every order collects the same: with
    a travel weight the search settles on the shortest of them (Held-Karp)."""
    rng = random.Random(seed)
    xy = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(11)]
    travel = np.array(
        [[round(np.hypot(a[0] - b[0], a[1] - b[1])) for b in xy] for a in xy],
        dtype=np.int64,
    )
    nodes = (
        Node(),
        *(Node(score=rng.randint(1, 9), duration=5) for _ in range(len(xy) - 1)),
    )
    p = Problem(nodes=nodes, travel=travel, tours=(Tour(0, 0, 0, 100_000),))
    r = solve(p, params=SolveParams(travel_weight=30.0), max_iterations=3000, seed=seed)
    assert not check(p, r)
    assert r.score == sum(node.score for node in nodes)
    path = [0, *(v.node for v in r.tours[0]), 0]
    assert sum(int(travel[a, b]) for a, b in pairwise(path)) == (
        _shortest_round_trip(travel)
    )
