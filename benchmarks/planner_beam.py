"""Wide beam search over one-day plans of a TOPTW instance (a check, not a solver).

Builds the day visit by visit in time order, from the depot: every partial path
is extended by every unvisited site it can still reach in its window, paths that
end on the same site with the same set of visits keep only the one ranked best,
and the ``width`` best of each depth go on, ranked by prize minus ``mu`` points per
time unit used (so a path that collects as much, sooner, ranks higher). The best
path found at any depth is timed with ``schedule_routes``, verified by ``check``,
and set against a planner run on the same instance (sites in common).

It answers "is there a plan of another shape that a search could not reach?" from
a side that shares nothing with ruin and recreate. One time window per site, one
day (the benchmark's m = 1).

    python benchmarks/planner_beam.py pr16 --width 20000 --mu 0.9 1.0 1.1 --seconds 10
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from planner import DEFAULT_DATA, CpuSeconds, warm_up
from tourlink.planner import Problem, check, read_toptw, solve
from tourlink.planner.schedule import schedule_routes

KEY_SEED = 20261125
"""Seed of the random 64-bit keys that hash a set of visits (xor of its sites')."""


def one_day_arrays(
    problem: Problem,
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    npt.NDArray[np.int64],
]:
    """Every node's window (opens, closes), duration and prize, and the day's travel
    times, of a one-day problem as the benchmark's m = 1 has them.

    Raises
    ------
    ValueError
        For more than one day, a start or end left open, a site with two windows, or
        any other rule (must-visits, budget, caps, groups, fixed visits).
    """
    tour = problem.tours[0]
    if (
        problem.n_tours != 1
        or tour.start is None
        or not isinstance(tour.end, int)
        or any(len(n.windows) != 1 or n.must_visit for n in problem.nodes)
        or problem.budget is not None
        or problem.category_caps
        or problem.choice_groups
        or problem.fixed
    ):
        raise ValueError(
            "only one-day problems with a fixed start and end, one window per site "
            "and no other rule (must-visits, budget, caps, groups, fixed visits)"
        )
    travel: npt.NDArray[np.int64] = np.asarray(
        problem.travel[tour.matrix], dtype=np.int64
    )
    opens = np.array([node.windows[0][0] for node in problem.nodes], dtype=np.int64)
    closes = np.array([node.windows[0][1] for node in problem.nodes], dtype=np.int64)
    duration = np.array([node.duration for node in problem.nodes], dtype=np.int64)
    prize = np.array([node.score for node in problem.nodes], dtype=np.float64)
    return opens, closes, duration, prize, travel


def beam(problem: Problem, width: int, mu: float) -> tuple[float, list[int]]:
    """The most prize of any path the beam keeps, and that path (sites in order).

    Of two paths with the same last site and the same visits only the one that
    finishes first is kept, which loses nothing; with a width above the number of
    such (site, set) pairs the beam is therefore exact (a dynamic programme over
    them), and below it, a heuristic.

    Parameters
    ----------
    problem : Problem
        A one-day problem with a fixed start and end whose sites have one time
        window each, and no other rule (the benchmark's m = 1).
    width : int
        Paths kept per depth (number of visits).
    mu : float
        Points per time unit of the model that a path is charged for the time it
        has used, in the ranking only.
    """
    opens, closes, duration, prize, travel = one_day_arrays(problem)
    tour = problem.tours[0]
    assert tour.start is not None
    assert isinstance(tour.end, int)
    n = problem.n_nodes
    keys = np.random.default_rng(KEY_SEED).integers(1, 1 << 62, size=n, dtype=np.int64)
    last = np.full(1, tour.start, dtype=np.int64)
    ready = np.full(1, tour.earliest, dtype=np.int64)  # leaves ``last`` at
    score = np.zeros(1)
    visited = np.zeros((1, n), dtype=bool)
    visited[:, list(problem.terminals)] = True
    digest = np.zeros(1, dtype=np.int64)
    parents: list[npt.NDArray[np.int64]] = []
    sites: list[npt.NDArray[np.int64]] = []
    best = (0.0, -1, -1)  # prize, depth, index
    while True:
        start = np.maximum(ready[:, None] + travel[last], opens[None, :])
        end = start + duration[None, :]
        fits = (start <= closes[None, :]) & ~visited
        fits &= end + travel[:, tour.end][None, :] <= tour.latest
        row, site = np.nonzero(fits)
        if row.size == 0:
            break
        gain = score[row] + prize[site]
        finish = end[row, site]
        code = digest[row] ^ keys[site]
        # one path per (last site, set of visits): the one that finishes first
        # (the same visits collect the same prize)
        order = np.lexsort((finish, code, site))
        same = np.zeros(order.size, dtype=bool)
        same[1:] = (site[order][1:] == site[order][:-1]) & (
            code[order][1:] == code[order][:-1]
        )
        order = order[~same]
        if order.size > width:
            rank = gain[order] - mu * finish[order] / problem.time_scale
            order = order[np.argpartition(-rank, width)[:width]]
        row, site = row[order], site[order]
        visited = visited[row]
        visited[np.arange(row.size), site] = True
        last, ready, score, digest = site, finish[order], gain[order], code[order]
        parents.append(row)
        sites.append(site)
        top = int(np.argmax(score))
        if score[top] > best[0]:
            best = (float(score[top]), len(sites) - 1, top)
    value, depth, index = best
    path: list[int] = []
    while depth >= 0:
        path.append(int(sites[depth][index]))
        index = int(parents[depth][index])
        depth -= 1
    return value, path[::-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instance")
    ap.add_argument("--width", type=int, default=20_000)
    ap.add_argument("--mu", type=float, nargs="+", default=[1.0])
    ap.add_argument("--seconds", type=float, default=10.0, help="planner run, CPU s")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    problem = read_toptw(args.data / "instances" / f"{args.instance}.txt", tours=1)
    warm_up()
    planned = solve(problem, stop=[CpuSeconds(args.seconds)], seed=args.seed)
    check(problem, planned, raise_on_violation=True)
    ours = [v.node for v in planned.tours[0].visits]
    print(f"{args.instance}: planner {planned.score:g} ({len(ours)} visits)")
    for mu in args.mu:
        t0 = time.process_time()
        try:
            value, path = beam(problem, args.width, mu)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        result = schedule_routes(problem, [path])
        check(problem, result, raise_on_violation=True)
        if result.score != value:
            raise SystemExit(f"the beam's path scores {result.score:g}, not {value:g}")
        shared = len(set(path) & set(ours))
        same = "the planner's plan" if path == ours else f"{shared} sites shared"
        print(
            f"  width {args.width}, mu {mu:g}: {value:g} ({len(path)} visits, {same}; "
            f"{time.process_time() - t0:.1f} CPU s)"
        )


if __name__ == "__main__":
    main()
