"""tourlink.planner - the itinerary optimisation engine.

Plans multi-day trips as a team orienteering problem with time windows: which sites,
shows, restaurants and hotels to visit on which day, in which order and when.

>>> from tourlink.planner import read_toptw, solve, check  # doctest: +SKIP
>>> p = read_toptw("c101.txt", tours=1)  # doctest: +SKIP
>>> r = solve(p, time_limit=1.0, seed=1)  # doctest: +SKIP
>>> check(p, r)  # doctest: +SKIP
[]
"""

from tourlink.planner.check import InfeasiblePlanError, Violation, check
from tourlink.planner.compile import PlanningError
from tourlink.planner.model import (
    OPEN_END,
    ChoiceGroup,
    FixedVisit,
    Node,
    Problem,
    Tour,
)
from tourlink.planner.params import SolveParams
from tourlink.planner.reader import InstanceFormatError, read_toptw
from tourlink.planner.result import Result, SolveStats, TourPlan, Visit
from tourlink.planner.schedule import earliest_start, schedule_routes
from tourlink.planner.solver import solve
from tourlink.planner.stopping import MaxIterations, MaxRuntime, StoppingCriterion

__all__ = [
    "OPEN_END",
    "ChoiceGroup",
    "FixedVisit",
    "InfeasiblePlanError",
    "InstanceFormatError",
    "MaxIterations",
    "MaxRuntime",
    "Node",
    "PlanningError",
    "Problem",
    "Result",
    "SolveParams",
    "SolveStats",
    "StoppingCriterion",
    "Tour",
    "TourPlan",
    "Violation",
    "Visit",
    "check",
    "earliest_start",
    "read_toptw",
    "schedule_routes",
    "solve",
]
