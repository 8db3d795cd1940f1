"""Planning time: scaled with the trip's length by default, explicit limits kept."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

import tourlink.trips.plan as plan_module
from tourlink.planner import Result
from tourlink.trips import (
    DEFAULT_TIME_LIMIT,
    SCALED,
    TRIP_PARAMS,
    ClockBudget,
    TripWish,
    UnknownAvailability,
    plan_trip,
    time_budget,
)

from .fixtures import TODAY, entries, wish


def test_the_budget_grows_a_second_per_day_beyond_three() -> None:
    assert DEFAULT_TIME_LIMIT == 1.5
    assert [time_budget(d) for d in (1, 2, 3, 4, 5, 7)] == [
        1.5,
        1.5,
        1.5,
        2.5,
        3.5,
        5.5,
    ]


@pytest.mark.parametrize("parallel", [False, True])
@pytest.mark.parametrize(("limit", "days"), [(SCALED, 3), (SCALED, 5), (0.7, 5)])
def test_the_solver_gets_the_remaining_budget_or_the_explicit_limit(
    monkeypatch: pytest.MonkeyPatch, limit: Any, days: int, parallel: bool
) -> None:
    """Beyond three days independent searches share the scaled budget, or each gets
    all of it when they run in parallel."""
    calls: list[dict[str, Any]] = []
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        calls.append(kw)
        return real(problem, **{**kw, "time_limit": None, "max_iterations": 50})

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "PARALLEL_SEARCHES", parallel)
    plan_trip(TripWish.parse(wish(days=days)), entries(), UnknownAvailability(), TODAY,
              time_limit=limit, seed=1)  # fmt: skip
    assert all(kw["params"] == TRIP_PARAMS for kw in calls)
    limits = [kw["time_limit"] for kw in calls]
    if limit is SCALED:
        budget = time_budget(days)
        assert len(calls) == (plan_module.SEARCHES_PER_LONG_TRIP if days > 3 else 1)
        assert len({kw["seed"] for kw in calls}) == len(calls)
        # building took well under a second; the first search gets its share
        shares = 1 if parallel else len(calls)
        assert budget - 1.0 < limits[0] * shares <= budget
        assert all(plan_module.MIN_SOLVE_SECONDS / 4 <= x <= budget for x in limits)
    else:
        assert limits == [limit]


def test_the_searches_of_a_long_trip_run_at_the_same_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parallel searches overlap in time, each in its own thread, not the caller's."""
    both = threading.Barrier(plan_module.SEARCHES_PER_LONG_TRIP, timeout=10)
    threads: list[int] = []
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        threads.append(threading.get_ident())
        both.wait()  # one after the other, the first would wait here in vain
        return real(problem, **{**kw, "time_limit": None, "max_iterations": 50})

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "PARALLEL_SEARCHES", True)
    plan_trip(TripWish.parse(wish(days=5)), entries(), UnknownAvailability(), TODAY,
              seed=1)  # fmt: skip
    assert len(set(threads)) == plan_module.SEARCHES_PER_LONG_TRIP
    assert threading.get_ident() not in threads


def test_parallel_searches_find_the_plan_the_sequential_ones_find() -> None:
    """Each thread seeds its own generator: with a fixed number of iterations the
    plan does not depend on whether the searches ran in parallel."""
    plans = []
    for parallel in (False, True):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(plan_module, "PARALLEL_SEARCHES", parallel)
            plan = plan_trip(TripWish.parse(wish(days=5)), entries(),
                             UnknownAvailability(), TODAY, time_limit=None,
                             max_iterations=150, seed=4)  # fmt: skip
        plans.append(plan.result)
    assert plans[0].score == plans[1].score
    assert plans[0].tours == plans[1].tours


def test_another_clock_counts_the_scaled_budget_on_that_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The benchmark's idle-CPU mode: the same planning path, CPU seconds."""
    seen: dict[str, Any] = {}
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        seen.update(kw)
        return real(problem, **{**kw, "stop": [], "max_iterations": 50})

    monkeypatch.setattr(plan_module, "solve", spy)
    plan_trip(TripWish.parse(wish(days=3)), entries(), UnknownAvailability(), TODAY,
              seed=1, clock=time.process_time)  # fmt: skip
    assert seen["time_limit"] is None
    (budget,) = seen["stop"]
    assert isinstance(budget, ClockBudget)
    assert budget.clock is time.process_time
    assert 0 < budget.seconds <= time_budget(3)
