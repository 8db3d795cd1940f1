"""Turn orders of visits into timed tours (earliest start everywhere).

Used to build a Result from routes produced elsewhere (another solver, a user's
hand-made plan); feasibility is then judged by ``check``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tourlink.planner.model import Problem
from tourlink.planner.result import Result, SolveStats, TourPlan, Visit


def earliest_start(windows: Sequence[tuple[int, int]], arrival: int) -> int | None:
    """Earliest start of service at or after ``arrival``: the first window that is
    still open (``close >= arrival``); ``None`` when every window has closed."""
    for open_, close in windows:
        if arrival <= close:
            return max(arrival, open_)
    return None


def schedule_routes(
    problem: Problem,
    routes: Sequence[Sequence[int]],
    *,
    ends: Sequence[int] | None = None,
    stats: SolveStats | None = None,
) -> Result:
    """Time the given visit orders, starting each visit as early as possible.

    Parameters
    ----------
    problem : Problem
        The trip the routes belong to.
    routes : sequence of sequence of int
        For every tour, the visited nodes in order, terminals excluded.
    ends : sequence of int, optional
        The end node of every tour (a hotel choice); default: each tour's first choice.

    Returns
    -------
    Result
        A visit whose windows have all closed is started on arrival, so that ``check``
        reports it rather than this function failing.

    Examples
    --------
    A visitor's own plan for day 0, "cathedral (3) then museum (5)", timed so that
    ``check(problem, result)`` can say whether it works.
    """
    if len(routes) != problem.n_tours:
        raise ValueError(f"got {len(routes)} routes for {problem.n_tours} tours")
    chosen_ends = [t.end_choices[0] for t in problem.tours] if ends is None else ends
    tours: list[TourPlan] = []
    score = 0.0
    for t, route in enumerate(routes):
        tour = problem.tours[t]
        start_node = tour.start if tour.start is not None else chosen_ends[t - 1]
        travel = problem.travel[tour.matrix]
        time = tour.earliest
        prev = start_node
        visits = []
        for v in route:
            node = problem.nodes[v]
            arrival = time + int(travel[prev, v])
            start = earliest_start(node.windows, arrival)
            start = arrival if start is None else start
            visits.append(Visit(v, arrival, start, start + node.duration))
            time = start + node.duration
            prev = v
            score += node.score
        ret = time + int(travel[prev, chosen_ends[t]])
        tours.append(
            TourPlan(start_node, chosen_ends[t], tour.earliest, ret, tuple(visits))
        )
    return Result(score, tuple(tours), stats or SolveStats())
