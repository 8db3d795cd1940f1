"""Whole days of a plan moved to another place in the trip, with their nights.

A long trip's score depends mostly on the order of its regions over the nights, which
a search settles early: removing and re-inserting a few visits never moves a whole
stay (Ha Long first and Hanoi last, where Hanoi first, the coast, then a night on a
Ha Long cruise next to the departure scores more). :func:`reordered_days` moves a
block of consecutive days - their visits, meals and the hotels they end at - before
or after another block, re-times every day and drops the visits that no longer fit,
so that a search can continue from a plan with another region order whose days are
already filled (``docs/dev/trips.md``, "Reordering whole days").
"""

from __future__ import annotations

from collections.abc import Sequence

from tourlink.planner import (
    Problem,
    Result,
    Violation,
    check,
    earliest_start,
    schedule_routes,
)

MAX_REPAIRS = 40
"""Visits dropped at most per reordered plan before it is given up."""


def block_moves(days: int) -> list[tuple[int, ...]]:
    """Orders of the days ``0 .. days - 2`` (the last day, which ends at the
    departure, stays) obtained by moving one block of consecutive days to another
    place: every exchange of two adjacent blocks, e.g. for four days
    ``(1, 0, 2)``, ``(2, 0, 1)``, ``(1, 2, 0)``, ``(0, 2, 1)``, ...

    >>> block_moves(4)
    [(1, 0, 2), (1, 2, 0), (2, 0, 1), (0, 2, 1)]
    """
    n = days - 1
    out: list[tuple[int, ...]] = []
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n + 1):
                order = (*range(i), *range(j, k), *range(i, j), *range(k, n))
                if order not in out:
                    out.append(order)
    return out


def _broken(problem: Problem, result: Result) -> list[Violation]:
    """``check``'s violations but for must-visits not yet in the plan (a search
    continuing from it adds them)."""
    visited = result.visited
    return [
        v
        for v in check(problem, result)
        if v.node is None or v.node in visited or not problem.nodes[v.node].must_visit
    ]


def _meal_groups(problem: Problem) -> dict[int, int]:
    return {v: g for g, grp in enumerate(problem.choice_groups) for v in grp.nodes}


def _open_on(problem: Problem, node: int, day: int) -> bool:
    """Whether ``node`` has a window that overlaps ``day``'s span."""
    tour = problem.tours[day]
    return any(
        hi >= tour.earliest and lo <= tour.latest
        for lo, hi in problem.nodes[node].windows
    )


def _day_members(problem: Problem, group: int, day: int) -> list[int]:
    """The members of choice group ``group`` for ``day`` (windows within its span)."""
    tour = problem.tours[day]
    return [
        v
        for v in problem.choice_groups[group].nodes
        if all(tour.earliest <= lo and hi <= tour.latest
               for lo, hi in problem.nodes[v].windows)
    ]  # fmt: skip


def _member_on_day(problem: Problem, group: int, node: int, day: int) -> int | None:
    """The member of choice group ``group`` for ``day`` with the name of ``node``
    if there is one, else the cheapest."""
    members = _day_members(problem, group, day)
    name = problem.nodes[node].name
    same = [v for v in members if problem.nodes[v].name == name]
    if same or not members:
        return same[0] if same else None
    return min(members, key=lambda v: problem.nodes[v].cost)


def _fit_day(
    problem: Problem, day: int, route: list[int], start: int, end: int,
    meals: dict[int, int],
) -> bool:  # fmt: skip
    """Drop visits from ``route`` (day ``day`` from node ``start`` to ``end``)
    until it can be timed within the day: a visit that cannot start and end within
    the day first; then, for a meal reached too late or a day back too late, the
    least-scoring visit before it; a meal still too late is taken at the day's
    restaurant of its group that is reached first; a day of meals only that is back
    too late takes each meal at the restaurant of least detour. False when that
    does not fit either."""
    tour = problem.tours[day]
    travel = problem.travel[tour.matrix]

    def begin_at(v: int, time: int, prev: int) -> int | None:
        node = problem.nodes[v]
        begin = earliest_start(node.windows, time + int(travel[prev, v]))
        return None if begin is None or begin + node.duration > tour.latest else begin

    rerouted = False
    while True:
        time, prev, late, dropped = tour.earliest, start, None, False
        for i, v in enumerate(route):
            begin = begin_at(v, time, prev)
            if begin is None:
                if v in meals:
                    late = i
                else:
                    del route[i]
                    dropped = True
                break
            time, prev = begin + problem.nodes[v].duration, v
        if dropped:
            continue
        if late is None:
            if time + int(travel[prev, end]) <= tour.latest:
                return True
            late = len(route)
        sights = [v for v in route[:late] if v not in meals]
        if sights:
            route.remove(min(sights, key=lambda v: problem.nodes[v].score))
            continue
        if late == len(route):  # back too late with meals only: meals on the way
            if rerouted:
                return False
            rerouted = True
            for i, v in enumerate(route):
                before = route[i - 1] if i else start
                after = route[i + 1] if i + 1 < len(route) else end
                route[i] = min(
                    _day_members(problem, meals[v], day),
                    key=lambda m: travel[before, m] + travel[m, after],
                )
            continue
        reached = [
            (b + problem.nodes[m].duration, m)
            for m in _day_members(problem, meals[route[late]], day)
            if (b := begin_at(m, time, prev)) is not None
        ]
        if not reached:
            return False
        route[late] = min(reached)[1]


def reorder(problem: Problem, plan: Result, order: Sequence[int]) -> Result | None:
    """``plan`` with day ``u`` holding the visits of day ``order[u]`` and ending at
    that day's hotel (the last day stays), each meal taken at the same restaurant's
    copy of its new day, every day re-timed (earliest starts) and the visits that no
    longer fit dropped, the least-scoring first; None when no such plan passes
    ``check`` (a must-visit not yet visited aside), e.g. a meal that cannot be
    moved, or the plan has booked visits. A visit not open on its new day is
    dropped; a meal reached too late drops the least-scoring visit before it; a day
    back too late its least-scoring visit; a plan over the budget the
    least-scoring visit that costs something."""
    if problem.fixed:
        return None
    groups = _meal_groups(problem)
    last = len(plan.tours) - 1
    routes: list[list[int]] = []
    ends: list[int] = []
    for u, src in enumerate([*order, last]):
        route = []
        for v in plan.tours[src].nodes:
            if v in groups:
                moved = _member_on_day(problem, groups[v], v, u)
                if moved is None:
                    return None
                v = moved
            elif not _open_on(problem, v, u):
                continue
            route.append(v)
        routes.append(route)
        end = plan.tours[src].end_node
        if end not in problem.tours[u].end_choices:
            return None
        ends.append(end)
    for u, route in enumerate(routes):
        start = problem.tours[u].start
        start = ends[u - 1] if start is None else start
        if not _fit_day(problem, u, route, start, ends[u], groups):
            return None
    for _ in range(MAX_REPAIRS):
        result = schedule_routes(problem, routes, ends=ends)
        broken = _broken(problem, result)
        if not broken:
            return result
        first = broken[0]
        if first.tour is None:  # the budget: drop the least-scoring paid visit
            paid = [(problem.nodes[v].score, t, v) for t, route in enumerate(routes)
                    for v in route if v not in groups and problem.nodes[v].cost > 0]  # fmt: skip
            if not paid:
                return None
            _, t, v = min(paid)
            routes[t].remove(v)
            continue
        route = routes[first.tour]
        if first.node is not None and first.node in route and first.node not in groups:
            route.remove(first.node)
            continue
        before = route.index(first.node) if first.node in route else len(route)
        sights = [v for v in route[:before] if v not in groups]
        if not sights:
            return None
        route.remove(min(sights, key=lambda v: problem.nodes[v].score))
    return None


def reordered_days(problem: Problem, plan: Result) -> list[Result]:
    """Every :func:`block_moves` reordering of ``plan`` that :func:`reorder` can
    make feasible and whose night sequence differs, best score first."""
    seen = {tuple(tp.end_node for tp in plan.tours)}
    out: list[Result] = []
    for order in block_moves(len(plan.tours)):
        found = reorder(problem, plan, order)
        if found is None:
            continue
        nights = tuple(tp.end_node for tp in found.tours)
        if nights in seen:
            continue
        seen.add(nights)
        out.append(found)
    return sorted(out, key=lambda r: -r.score)
