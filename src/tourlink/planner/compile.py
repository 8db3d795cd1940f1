"""Translate a Problem into the flat integer arrays the search kernels work on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tourlink.planner.model import Problem

IntArray = npt.NDArray[np.int64]


class PlanningError(ValueError):
    """The problem cannot be planned at all (e.g. fixed visits that cannot fit)."""


@dataclass(frozen=True)
class Compiled:
    """Kernel data plus what is needed to translate back."""

    data: tuple[Any, ...]
    bonus: float
    mean_score: float
    capacity: int


def effective_windows(problem: Problem) -> list[list[tuple[int, int]]]:
    """Start windows per node after applying fixed visits and choice-group windows."""
    out = [list(node.windows) for node in problem.nodes]
    for grp in problem.choice_groups:
        for v in grp.nodes:
            dur = problem.nodes[v].duration
            out[v] = [
                (max(o, grp.earliest), min(c, grp.latest - dur))
                for o, c in out[v]
                if max(o, grp.earliest) <= min(c, grp.latest - dur)
            ]
    for f in problem.fixed:
        if not any(o <= f.start <= c for o, c in out[f.node]):
            raise PlanningError(
                f"fixed visit of node {f.node} at {f.start} is outside its windows "
                f"{out[f.node]}; book it inside an opening window"
            )
        out[f.node] = [(f.start, f.start)]
    return out


def _least_extra_time(travel: IntArray, svc: IntArray) -> IntArray:
    """Lower bound on the time any insertion of node j adds: its duration plus the
    smallest detour ``t[i, j] + t[j, k] - t[i, k]`` over all i, k and matrices (which
    is negative only where the triangle inequality fails, e.g. truncated distances).
    Used to skip hopeless insertions without looking at windows."""
    n = travel.shape[1]
    out = np.empty(n, dtype=np.int64)
    for j in range(n):
        detour = travel[:, :, j, None] + travel[:, None, j, :] - travel
        out[j] = svc[j] + min(0, int(detour.min()))
    return out


def compile_problem(problem: Problem) -> Compiled:
    """Build the kernel data tuple (see ``search.route`` for the index layout)."""
    n, m = problem.n_nodes, problem.n_tours
    terminals = problem.terminals
    windows = effective_windows(problem)
    width = max(1, max(len(w) for w in windows))
    wo = np.zeros((n, width), dtype=np.int64)
    wc = np.zeros((n, width), dtype=np.int64)
    nw = np.zeros(n, dtype=np.int64)
    for i, ws in enumerate(windows):
        nw[i] = len(ws)
        for k, (o, c) in enumerate(ws):
            wo[i, k], wc[i, k] = o, c
    svc = np.array(
        [
            0 if i in terminals else node.duration
            for i, node in enumerate(problem.nodes)
        ],
        dtype=np.int64,
    )
    score = np.array([node.score for node in problem.nodes], dtype=np.float64)
    total = float(np.sum(np.clip(score, 0, None)))
    bonus = total + 1.0
    group = problem.group_of()
    prize = score.copy()
    for i, node in enumerate(problem.nodes):
        if node.must_visit:
            prize[i] += bonus
        if i in group:
            prize[i] += bonus
    fixed = {f.node: f for f in problem.fixed}
    for v in fixed:
        prize[v] += bonus
    cats = sorted(problem.category_caps)
    cat_id = {c: k for k, c in enumerate(cats)}
    cat = np.array(
        [
            cat_id.get(node.category, -1) if node.category else -1
            for node in problem.nodes
        ],
        dtype=np.int64,
    )
    cap = np.array([problem.category_caps[c] for c in cats] or [0], dtype=np.int64)
    grp = np.array([group.get(i, -1) for i in range(n)], dtype=np.int64)
    allowed = np.zeros((n, m), dtype=np.bool_)
    removable = np.ones(n, dtype=np.bool_)
    for i in range(n):
        if i in terminals:
            removable[i] = False
        elif i in fixed:
            allowed[i, fixed[i].tour] = True
            removable[i] = False
        else:
            allowed[i, :] = True
    hmax = max(len(t.end_choices) for t in problem.tours)
    ends = np.zeros((m, hmax), dtype=np.int64)
    nends = np.zeros(m, dtype=np.int64)
    for t, tour in enumerate(problem.tours):
        nends[t] = len(tour.end_choices)
        ends[t, : nends[t]] = tour.end_choices
    chain = np.array([t.start is None for t in problem.tours], dtype=np.bool_)
    cand = np.array(
        [i for i in range(n) if i not in terminals and prize[i] > 0], dtype=np.int64
    )
    travel = np.ascontiguousarray(problem.travel, dtype=np.int64)
    k_near = min(50, max(1, len(cand) - 1))
    near = np.full((n, k_near), -1, dtype=np.int64)
    if len(cand) > 1:
        sym = np.minimum(travel[0], travel[0].T)[:, cand]
        for i in cand:
            order = cand[np.argsort(sym[i], kind="stable")]
            order = order[order != i][:k_near]
            near[i, : len(order)] = order
    data = (
        travel,
        np.array([t.matrix for t in problem.tours], dtype=np.int64),
        svc,
        wo,
        wc,
        nw,
        prize,
        np.array([node.cost for node in problem.nodes], dtype=np.float64),
        np.array(
            [np.inf if problem.budget is None else problem.budget], dtype=np.float64
        ),
        cat,
        cap,
        grp,
        allowed,
        removable,
        np.array([t.earliest for t in problem.tours], dtype=np.int64),
        np.array([t.latest for t in problem.tours], dtype=np.int64),
        ends,
        nends,
        chain,
        cand,
        near,
        _least_extra_time(travel, svc),
        # 22: must-visit nodes the search places (fixed ones are placed up front);
        # 23: the number of choice groups (a state keeps at least one column)
        np.array(
            [
                node.must_visit and i not in fixed
                for i, node in enumerate(problem.nodes)
            ],
            dtype=np.bool_,
        ),
        np.array([len(problem.choice_groups)], dtype=np.int64),
    )
    pos = score[cand] if len(cand) else np.ones(1)
    mean = float(np.mean(pos[pos > 0])) if np.any(pos > 0) else 1.0
    return Compiled(data, bonus, mean, len(fixed) + len(cand) + 2)


def count_visits(
    data: tuple[Any, ...],
    where: Any,
    catc: Any,
    grpc: Any,
    acc: Any,
    t: int,
    nodes: Iterable[int],
) -> None:
    """Book ``nodes`` on day ``t`` in a state's counters, as ``search.route.book_visit``
    does: the node's day, its category and choice-group counts, prize and cost."""
    prize, cost, cat, grp = data[6], data[7], data[9], data[11]
    for v in nodes:
        where[v] = t
        if cat[v] >= 0:
            catc[t, cat[v]] += 1
        if grp[v] >= 0:
            grpc[t, grp[v]] += 1
        acc[0] += prize[v]
        acc[1] += cost[v]


def empty_state(problem: Problem, comp: Compiled) -> tuple[Any, ...]:
    """Skeleton state: every day is start, fixed visits in booked order, end."""
    n, m = problem.n_nodes, problem.n_tours
    cap = comp.capacity
    ncat = max(1, len(problem.category_caps))
    ngrp = max(1, len(problem.choice_groups))
    route = np.zeros((m, cap), dtype=np.int64)
    ln = np.zeros(m, dtype=np.int64)
    where = np.full(n, -1, dtype=np.int64)
    catc = np.zeros((m, ncat), dtype=np.int64)
    grpc = np.zeros((m, ngrp), dtype=np.int64)
    acc = np.zeros(2, dtype=np.float64)
    for t, tour in enumerate(problem.tours):
        start = (
            tour.start if tour.start is not None else int(route[t - 1, ln[t - 1] - 1])
        )
        booked = sorted((f.start, f.node) for f in problem.fixed if f.tour == t)
        seq = [start, *(v for _, v in booked), tour.end_choices[0]]
        route[t, : len(seq)] = seq
        ln[t] = len(seq)
        count_visits(comp.data, where, catc, grpc, acc, t, (v for _, v in booked))
    z = np.zeros((m, cap), dtype=np.int64)
    return (route, ln, z.copy(), z.copy(), z.copy(), where, catc, grpc, acc)
