"""Prove that no one-day plan of a TOPTW instance scores ``target`` or more (a check).

The planner's benchmark compares its scores with a table of best-known scores, some
of which come without a plan. This tool settles whether such a score can exist: it
either proves that no plan of the instance (m = 1) reaches ``target``, or returns a
plan that does, verified by ``check``.

The method is exact dynamic programming over a relaxation that is tightened until it
answers:

* **ng-route relaxation** (Baldacci, Mingozzi and Roberti 2011). A path remembers,
  of the sites it has visited, only those in the neighbourhood of the site it stands
  on (at first that site and its ``ng_size - 1`` nearest ones); it may not go to a
  site it remembers, but may come back to one it has forgotten, and then collects
  its prize again. Every plan is such a path, so when no path of the relaxation
  reaches ``target``, no plan does.
* **labelling in time order**: a label is a site, the start time of its visit, the
  prize collected and the remembered sites. Times are integers (the model's units),
  so labels are processed one time step after another, and a label is dropped when
  one processed before it stands on the same site, started no later, collected as
  much and remembers no more.
* **bounds in both directions**: the same labelling runs on the reversed day (visits
  timed backwards from the day's end), and each direction's labels bound what the
  other side of a site can still collect at a given time; a label that cannot reach
  ``target`` with that bound is dropped. The first bounds come from walks without
  memory.
* **growing neighbourhoods** (as decremental state-space relaxation does with its
  set of sites that may not repeat; Righini and Salani 2009): when the best paths
  of the relaxation come back to a site, that site is added to the neighbourhoods
  of the sites visited in between, and the labelling runs again; the bounds of
  earlier rounds stay valid, since each round only removes paths.

    python benchmarks/planner_bound.py pr16 --target 674 --decimals 0

A bound proved with ``--decimals 0`` (travel times truncated to whole units, never
longer than the benchmark's two decimals) holds for the benchmark's reading too.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from numba import njit
from planner_beam import one_day_arrays

from planner import DEFAULT_DATA
from tourlink.planner import Problem, check, read_toptw
from tourlink.planner.schedule import schedule_routes

NONE = -1e18
"""Bound of a site and time from which the day cannot be finished."""

FIRST_ROOM = (1 << 20, 1 << 10)
"""Labels, and kept labels per site, that the arrays hold at first (grown as needed)."""

MAX_MEMORY = 63
"""Most sites a neighbourhood may hold (the remembered sites are 64-bit masks)."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@njit(cache=True)
def _walk_bound(
    opens: IntArray,
    closes: IntArray,
    duration: IntArray,
    prize: FloatArray,
    travel: IntArray,
    is_site: npt.NDArray[np.bool_],
    end: int,
    horizon: int,
) -> FloatArray:
    """``U[j, t]``: most prize a walk (sites may repeat, not back to back) collects
    after the visit of ``j`` that starts at ``t``, up to the day's end; NONE when
    the end cannot be reached."""
    n = opens.shape[0]
    bound = np.full((n, horizon + 1), NONE)
    for t in range(horizon, -1, -1):
        for j in range(n):
            f = t + duration[j]
            best = 0.0 if f + travel[j, end] <= horizon else NONE
            for k in range(n):
                if k == j or not is_site[k]:
                    continue
                a = f + travel[j, k]
                if a > closes[k]:
                    continue
                s = max(a, opens[k])
                rest = bound[k, s]
                if rest > NONE / 2 and prize[k] + rest > best:
                    best = prize[k] + rest
            bound[j, t] = best
    return bound


@njit(cache=True)
def _label(
    opens: IntArray,
    closes: IntArray,
    duration: IntArray,
    prize: FloatArray,
    travel: IntArray,
    is_site: npt.NDArray[np.bool_],
    start: int,
    end: int,
    horizon: int,
    ng: IntArray,
    pos: npt.NDArray[np.int8],
    rest: FloatArray,
    target: float,
    cap: int,
    kept_cap: int,
) -> tuple[
    int, FloatArray, IntArray, IntArray, IntArray, FloatArray, IntArray, IntArray
]:
    """Label the ng-paths from ``start`` (time 0) that may still reach ``target``
    with ``rest[site, time]`` more prize.

    Returns a status (0, or -1 / -2 when ``cap`` labels / ``kept_cap`` kept labels
    of a site were not enough), per site the best path that can end the day there
    (prize and label), the labels' sites and parents, and per site the kept
    (undominated) labels' prizes and times with their count."""
    n = opens.shape[0]
    node = np.empty(cap, np.int64)
    mask = np.empty(cap, np.int64)
    gain = np.empty(cap, np.float64)
    parent = np.empty(cap, np.int64)
    nxt = np.full(cap, -1, np.int64)
    head = np.full(horizon + 1, -1, np.int64)
    kept_mask = np.empty((n, kept_cap), np.int64)
    kept_gain = np.empty((n, kept_cap), np.float64)
    kept_time = np.empty((n, kept_cap), np.int64)
    kept = np.zeros(n, np.int64)
    end_gain = np.full(n, NONE)
    end_label = np.full(n, -1, np.int64)
    node[0], mask[0], gain[0], parent[0] = start, 1, 0.0, -1
    head[0] = 0
    count = 1
    status = 0
    for t in range(horizon + 1):
        while head[t] != -1 and status == 0:
            lab = head[t]
            head[t] = nxt[lab]
            j, m, g = node[lab], mask[lab], gain[lab]
            dominated = False
            for e in range(kept[j]):
                if kept_gain[j, e] >= g and (kept_mask[j, e] & ~m) == 0:
                    dominated = True
                    break
            if dominated:
                continue
            if kept[j] >= kept_cap:
                status = -2
                break
            kept_mask[j, kept[j]], kept_gain[j, kept[j]] = m, g
            kept_time[j, kept[j]] = t
            kept[j] += 1
            f = t + duration[j]
            if j != start and f + travel[j, end] <= horizon and g > end_gain[j]:
                end_gain[j], end_label[j] = g, lab
            for q in range(n):
                if q == j or not is_site[q]:
                    continue
                p = pos[j, q]
                if p >= 0 and (m >> p) & 1:
                    continue  # remembered: no return yet
                a = f + travel[j, q]
                if a > closes[q]:
                    continue
                s = max(a, opens[q])
                if rest[q, s] <= NONE / 2 or g + prize[q] + rest[q, s] < target - 1e-9:
                    continue
                remembered = np.int64(1)  # q itself is bit 0 of its neighbourhood
                left = m
                b = 0
                while left:
                    if left & 1:
                        r = pos[q, ng[j, b]]
                        if r >= 0:
                            remembered |= np.int64(1) << r
                    left >>= 1
                    b += 1
                if count >= cap:
                    status = -1
                    break
                node[count], mask[count] = q, remembered
                gain[count], parent[count] = g + prize[q], lab
                nxt[count] = head[s]
                head[s] = count
                count += 1
        if status != 0:
            break
    return status, end_gain, end_label, node, parent, kept_gain, kept_time, kept


@dataclass
class Run:
    """One labelling: per site the best path that can end the day there (prize and
    label), the labels' sites and parents, and per site its kept labels' prizes and
    start times and how many there are."""

    end_gain: FloatArray
    end_label: IntArray
    node: IntArray
    parent: IntArray
    kept_gain: FloatArray
    kept_time: IntArray
    kept: IntArray

    def best_paths(self, target: float, count: int) -> list[tuple[float, list[int]]]:
        """The ``count`` best paths that reach ``target``, one per last site."""
        out = []
        for j in np.argsort(-self.end_gain, kind="stable")[:count]:
            if self.end_gain[j] < target - 1e-9:
                break
            out.append(
                (
                    float(self.end_gain[j]),
                    _path(self.node, self.parent, int(self.end_label[j])),
                )
            )
        return out


@dataclass
class Day:
    """One direction of the day: times from 0 to ``horizon``, sites' windows of
    start times, and where it starts and ends."""

    opens: IntArray
    closes: IntArray
    duration: IntArray
    prize: FloatArray
    travel: IntArray
    is_site: npt.NDArray[np.bool_]
    start: int
    end: int
    horizon: int

    def reversed(self) -> Day:
        """The day timed backwards: a visit starting at ``s`` here starts at
        ``horizon - s - duration`` there, and every leg is taken the other way."""
        h, d = self.horizon, self.duration
        closes = np.where(self.closes >= 0, h - self.opens - d, -1)
        opens = np.maximum(h - self.closes - d, 0)
        reach = self.is_site & (closes >= opens)
        return Day(
            opens,
            np.where(reach, closes, -1),
            d,
            self.prize,
            np.ascontiguousarray(self.travel.T),
            self.is_site,
            self.end,
            self.start,
            h,
        )

    def walk_bound(self) -> FloatArray:
        """``_walk_bound`` of this direction: the first bound on what a site and time
        can still collect."""
        return _walk_bound(
            self.opens,
            self.closes,
            self.duration,
            self.prize,
            self.travel,
            self.is_site,
            self.end,
            self.horizon,
        )

    def label(
        self, ng: IntArray, pos: npt.NDArray[np.int8], rest: FloatArray, target: float
    ) -> Run:
        """``_label`` with room grown until every label fits."""
        cap, kept_cap = FIRST_ROOM
        while True:
            out = _label(
                self.opens,
                self.closes,
                self.duration,
                self.prize,
                self.travel,
                self.is_site,
                self.start,
                self.end,
                self.horizon,
                ng,
                pos,
                rest,
                target,
                cap,
                kept_cap,
            )
            if out[0] == -1:
                cap *= 4
            elif out[0] == -2:
                kept_cap *= 4
            else:
                return Run(*out[1:])

    def other_side(self, run: Run) -> FloatArray:
        """From this direction's kept labels, the bound of the reversed day: at site
        ``j`` and reversed start ``t``, the most prize the labels at ``j`` that
        started by ``horizon - t - duration[j]`` here collected before ``j``."""
        n, h = self.opens.shape[0], self.horizon
        best = np.full((n, h + 1), NONE)
        for j in range(n):
            c = run.kept[j]
            np.maximum.at(best[j], run.kept_time[j, :c], run.kept_gain[j, :c])
        best = np.maximum.accumulate(best, axis=1)
        out = np.full((n, h + 1), NONE)
        for j in map(int, np.flatnonzero(self.is_site)):
            here = h - np.arange(h + 1) - self.duration[j]
            ok = here >= 0
            col = np.full(h + 1, NONE)
            col[ok] = best[j, here[ok]]
            col[col > NONE / 2] -= self.prize[j]
            out[j] = col
        return out


def _day(problem: Problem) -> Day:
    """The one-day problem as a Day, times counted from the day's start."""
    opens, closes, duration, prize, travel = one_day_arrays(problem)
    tour = problem.tours[0]
    assert tour.start is not None
    assert isinstance(tour.end, int)
    is_site = np.ones(problem.n_nodes, dtype=bool)
    is_site[list(problem.terminals)] = False
    moves = duration[:, None] + travel
    if np.any(
        moves[np.ix_(is_site, is_site)][~np.eye(int(is_site.sum()), dtype=bool)] <= 0
    ):
        raise ValueError(
            "the bound needs every move from one site to another to take time"
        )
    horizon = tour.latest - tour.earliest
    # a visit that starts after the day's end cannot be part of it
    closes = np.minimum(closes - tour.earliest, horizon)
    opens = np.maximum(opens - tour.earliest, 0)
    closes = np.where(is_site & (closes >= opens), closes, -1)
    return Day(
        opens.astype(np.int64),
        closes.astype(np.int64),
        duration.astype(np.int64),
        prize.astype(np.float64),
        np.ascontiguousarray(travel, dtype=np.int64),
        is_site,
        tour.start,
        tour.end,
        horizon,
    )


def _nearest(day: Day, ng_size: int) -> list[list[int]]:
    """Each node's first neighbourhood: itself, then its ``ng_size - 1`` nearest sites
    there and back."""
    sites = np.flatnonzero(day.is_site)
    there_and_back = day.travel + day.travel.T
    out = []
    for i in range(day.opens.shape[0]):
        order = sites[np.argsort(there_and_back[i, sites], kind="stable")]
        out.append([i, *[int(j) for j in order if j != i][: ng_size - 1]])
    return out


def _neighbourhoods(
    nearest: list[list[int]], extra: dict[int, list[int]]
) -> tuple[IntArray, npt.NDArray[np.int8]]:
    """Each node's neighbourhood (its ``nearest``, then the sites added in earlier
    rounds) and the position of every node in every neighbourhood (-1 when not in
    it)."""
    n = len(nearest)
    members: list[list[int]] = []
    for i, own in enumerate(nearest):
        own = own + [j for j in extra.get(i, []) if j not in own]
        if len(own) > MAX_MEMORY:
            raise RuntimeError(f"the neighbourhood of node {i} grew past {MAX_MEMORY}")
        members.append(own)
    width = max(len(m) for m in members)
    ng = np.full((n, width), -1, dtype=np.int64)
    pos = np.full((n, n), -1, dtype=np.int8)
    for i, own in enumerate(members):
        ng[i, : len(own)] = own
        pos[i, own] = np.arange(len(own))
    return ng, pos


@dataclass(frozen=True)
class Round:
    """One labelling of the relaxation."""

    number: int
    """1 for the first round."""
    relaxed: float | None
    """Most prize of any path of the relaxation; None when none reaches the target
    (the labels that could not were dropped)."""
    labels: int
    """Labels kept (not dominated), both directions."""
    memory: int
    """Sites in the largest neighbourhood."""


@dataclass
class Bound:
    """What ``bound`` found."""

    proved: bool
    """No plan scores the target or more."""
    plan: list[int] = field(default_factory=list)
    """When not proved: a plan (sites in order) that scores the target or more."""
    rounds: list[Round] = field(default_factory=list)


def _path(node: IntArray, parent: IntArray, label: int) -> list[int]:
    path = []
    while parent[label] >= 0:
        path.append(int(node[label]))
        label = int(parent[label])
    return path[::-1]


def bound(
    problem: Problem,
    target: float,
    *,
    ng_size: int = 8,
    paths: int = 20,
    on_round: Callable[[Round], None] | None = None,
) -> Bound:
    """Prove that no plan of ``problem`` scores ``target`` or more, or find one.

    Parameters
    ----------
    problem : Problem
        A one-day problem with a fixed start and end, one window per site and no
        other rule (the benchmark's m = 1), in which every move from one site to
        another takes time.
    target : float
        The score to rule out; at most 0, the empty plan reaches it (not proved, and
        ``plan`` is empty).
    ng_size : int
        Sites each path remembers at first around the site it stands on.
    paths : int
        How many of the best paths of a round (one per last site) lend their
        returns to the neighbourhoods of the next.
    on_round : callable, optional
        Called with every Round as it ends.
    """
    fwd = _day(problem)
    if target <= 0:
        return Bound(proved=False)
    bwd = fwd.reversed()
    rest_f, rest_b = fwd.walk_bound(), bwd.walk_bound()
    nearest = _nearest(fwd, ng_size)
    extra: dict[int, list[int]] = {}
    result = Bound(proved=False)
    while True:
        ng, pos = _neighbourhoods(nearest, extra)
        run = fwd.label(ng, pos, rest_f, target)
        found = run.best_paths(target, paths)
        plans = [path for _, path in found if len(set(path)) == len(path)]
        result.proved = not found
        result.plan = plans[0] if plans else []
        labels = int(run.kept.sum())
        if found and not plans:
            rest_b = np.minimum(rest_b, fwd.other_side(run))
            back = bwd.label(ng, pos, rest_b, target)
            rest_f = np.minimum(rest_f, bwd.other_side(back))
            labels += int(back.kept.sum())
        result.rounds.append(
            Round(
                len(result.rounds) + 1,
                found[0][0] if found else None,
                labels,
                ng.shape[1],
            )
        )
        if on_round is not None:
            on_round(result.rounds[-1])
        if result.proved or result.plan:
            return result
        for _, path in found:
            _remember_returns(path, extra)


def _remember_returns(path: list[int], extra: dict[int, list[int]]) -> None:
    """Add every site that ``path`` comes back to to the neighbourhoods of the sites
    it visits in between, so that no path of the next round makes that return."""
    seen: dict[int, int] = {}
    for k, site in enumerate(path):
        if site in seen:
            for between in path[seen[site] + 1 : k]:
                own = extra.setdefault(between, [])
                if site not in own:
                    own.append(site)
        seen[site] = k


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instance")
    ap.add_argument("--target", type=float, required=True, help="the score to rule out")
    ap.add_argument(
        "--decimals",
        type=int,
        default=None,
        help="truncate travel times to this many decimals (default: the benchmark's)",
    )
    ap.add_argument("--ng-size", type=int, default=8)
    ap.add_argument("--paths", type=int, default=20)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    problem = read_toptw(
        args.data / "instances" / f"{args.instance}.txt",
        tours=1,
        decimals=args.decimals,
    )
    t0 = time.process_time()

    def report(r: Round) -> None:
        print(
            f"  round {r.number}: "
            + ("no path" if r.relaxed is None else f"best path {r.relaxed:g}")
            + " of the relaxation, "
            f"neighbourhoods up to {r.memory} sites, {r.labels} labels kept "
            f"({time.process_time() - t0:.0f} CPU s)",
            flush=True,
        )

    try:
        found = bound(
            problem,
            args.target,
            ng_size=args.ng_size,
            paths=args.paths,
            on_round=report,
        )
    except ValueError as error:
        raise SystemExit(str(error)) from None
    reading = (
        "the benchmark's travel times"
        if args.decimals is None
        else (f"travel times truncated to {args.decimals} decimals")
    )
    if found.proved:
        print(
            f"{args.instance} (m = 1, {reading}): no plan scores {args.target:g} or more"
        )
        return
    plan = schedule_routes(problem, [found.plan])
    check(problem, plan, raise_on_violation=True)
    print(f"{args.instance} (m = 1, {reading}): a plan of {plan.score:g}: {found.plan}")


if __name__ == "__main__":
    main()
