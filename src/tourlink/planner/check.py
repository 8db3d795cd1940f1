"""Independent feasibility checker.

Recomputes everything from the Problem and the plan's node orders and times, sharing
no code with the solver, so that a bug in the search cannot hide in its own check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tourlink.planner.model import Problem
from tourlink.planner.result import Result

_TOL = 1e-6
MISSING_MUST_VISIT = "must-visit node is not visited"
"""The message of the violation "a must-visit node is not in the plan"."""


@dataclass(frozen=True)
class Violation:
    """One broken rule, located by tour and node where that makes sense."""

    message: str
    tour: int | None = None
    node: int | None = None

    def __str__(self) -> str:
        where = []
        if self.tour is not None:
            where.append(f"tour {self.tour}")
        if self.node is not None:
            where.append(f"node {self.node}")
        return (", ".join(where) + ": " if where else "") + self.message


class InfeasiblePlanError(ValueError):
    """Raised by ``check(..., raise_on_violation=True)``; lists every violation."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        text = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"plan breaks {len(violations)} rule(s):\n{text}")


def check(
    problem: Problem, result: Result, *, raise_on_violation: bool = False
) -> list[Violation]:
    """List every rule of ``problem`` that ``result`` breaks.

    The concept: a plan is feasible when every day leaves its start no earlier than
    allowed, arrives at each visit exactly after travelling from the previous one,
    starts each visit inside one of its windows (waiting if early), and is back at its
    end node in time - plus the trip-wide rules (each site once, must-visits, fixed
    bookings, category caps, budget, one restaurant per lunch group, hotel chaining)
    and a score equal to the sum of the visited scores. For example a visit to a museum
    open 09:00-12:00 and 14:00-17:00 that starts at 12:30 is reported as
    ``"tour 0, node 4: starts at 750, outside every window [(540, 720), (840, 1020)]"``.

    Parameters
    ----------
    problem : Problem
        The trip.
    result : Result
        The plan to verify (from ``solve``, another solver, or a person).
    raise_on_violation : bool
        Raise ``InfeasiblePlanError`` instead of returning a non-empty list.

    Returns
    -------
    list of Violation
        Empty when the plan is feasible.
    """
    out: list[Violation] = []
    if len(result.tours) != problem.n_tours:
        out.append(
            Violation(f"plan has {len(result.tours)} tours, problem {problem.n_tours}")
        )
    else:
        _check_tours(problem, result, out)
        _check_trip(problem, result, out)
    if raise_on_violation and out:
        raise InfeasiblePlanError(out)
    return out


def _check_tours(problem: Problem, result: Result, out: list[Violation]) -> None:
    terminals = problem.terminals
    n = problem.n_nodes
    for t, (tour, plan) in enumerate(zip(problem.tours, result.tours, strict=True)):
        travel = problem.travel[tour.matrix]
        expected_start = (
            tour.start if tour.start is not None else result.tours[t - 1].end_node
        )
        if plan.start_node != expected_start:
            out.append(
                Violation(
                    f"starts at node {plan.start_node}, expected {expected_start}"
                    + (" (where the previous day ended)" if tour.start is None else ""),
                    t,
                )
            )
        if plan.end_node not in tour.end_choices:
            out.append(
                Violation(
                    f"ends at node {plan.end_node}, allowed {list(tour.end_choices)}",
                    t,
                )
            )
        if plan.departure < tour.earliest:
            out.append(
                Violation(f"departs at {plan.departure} before {tour.earliest}", t)
            )
        prev, time = plan.start_node, plan.departure
        for visit in plan.visits:
            v = visit.node
            if not 0 <= v < n:
                out.append(Violation("unknown node", t, v))
                return
            node = problem.nodes[v]
            if v in terminals:
                out.append(Violation("is a tour start/end, not a visit", t, v))
            arrival = time + int(travel[prev, v])
            if visit.arrival != arrival:
                out.append(
                    Violation(
                        f"arrival {visit.arrival} but leaving node {prev} at {time} "
                        f"and travelling {int(travel[prev, v])} arrives at {arrival}",
                        t,
                        v,
                    )
                )
            if visit.start < visit.arrival:
                out.append(Violation(f"starts at {visit.start} before arriving", t, v))
            if not any(o <= visit.start <= c for o, c in node.windows):
                out.append(
                    Violation(
                        f"starts at {visit.start}, outside every window "
                        f"{list(node.windows)}",
                        t,
                        v,
                    )
                )
            if visit.end != visit.start + node.duration:
                out.append(
                    Violation(
                        f"ends at {visit.end}, expected start {visit.start} + "
                        f"duration {node.duration} = {visit.start + node.duration}",
                        t,
                        v,
                    )
                )
            prev, time = v, visit.end
        back = time + int(travel[prev, plan.end_node])
        if plan.return_time != back:
            out.append(
                Violation(
                    f"return time {plan.return_time} but travelling from node {prev} "
                    f"arrives at {back}",
                    t,
                )
            )
        if max(back, plan.return_time) > tour.latest:
            out.append(
                Violation(
                    f"back at node {plan.end_node} at {back}, after the end of the "
                    f"day {tour.latest}",
                    t,
                )
            )


def _check_trip(problem: Problem, result: Result, out: list[Violation]) -> None:
    where: dict[int, list[int]] = {}
    starts: dict[int, int] = {}
    for t, plan in enumerate(result.tours):
        for visit in plan.visits:
            where.setdefault(visit.node, []).append(t)
            starts[visit.node] = visit.start
    for v, tours in where.items():
        if len(tours) > 1:
            out.append(
                Violation(f"visited {len(tours)} times (tours {tours})", None, v)
            )
    for i, node in enumerate(problem.nodes):
        if node.must_visit and i not in where:
            out.append(Violation(MISSING_MUST_VISIT, None, i))
    for f in problem.fixed:
        if f.tour not in where.get(f.node, []):
            out.append(
                Violation(f"fixed visit missing from tour {f.tour}", f.tour, f.node)
            )
        elif starts[f.node] != f.start:
            out.append(
                Violation(
                    f"fixed visit starts at {starts[f.node]}, booked for {f.start}",
                    f.tour,
                    f.node,
                )
            )
    valid = [v for v in where if 0 <= v < problem.n_nodes]
    for t, plan in enumerate(result.tours):
        counts = Counter(
            problem.nodes[v.node].category
            for v in plan.visits
            if 0 <= v.node < problem.n_nodes
        )
        for cat, cap in problem.category_caps.items():
            if counts.get(cat, 0) > cap:
                out.append(
                    Violation(f"{counts[cat]} visits of category {cat!r}, cap {cap}", t)
                )
    if problem.budget is not None:
        spent = sum(problem.nodes[v].cost for v in valid)
        if spent > problem.budget + _TOL:
            out.append(
                Violation(f"costs {spent:g} exceed the budget {problem.budget:g}")
            )
    for g, grp in enumerate(problem.choice_groups):
        members = set(grp.nodes)
        for t, plan in enumerate(result.tours):
            chosen = [visit for visit in plan.visits if visit.node in members]
            label = f"choice group {g}" + (f" ({grp.name})" if grp.name else "")
            if len(chosen) != 1:
                out.append(
                    Violation(f"{label}: {len(chosen)} visits, expected exactly 1", t)
                )
            for visit in chosen:
                if visit.start < grp.earliest or visit.end > grp.latest:
                    out.append(
                        Violation(
                            f"{label}: visit {visit.start}-{visit.end} is outside "
                            f"[{grp.earliest}, {grp.latest}]",
                            t,
                            visit.node,
                        )
                    )
    score = sum(problem.nodes[v].score for v in valid)
    if abs(score - result.score) > _TOL * max(1.0, abs(score)):
        out.append(Violation(f"reported score {result.score:g}, recomputed {score:g}"))
