"""Planning time: scaled with the trip's length by default, explicit limits kept."""

from __future__ import annotations

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


@pytest.mark.parametrize(("limit", "days"), [(SCALED, 3), (SCALED, 5), (0.7, 5)])
def test_the_solver_gets_the_remaining_budget_or_the_explicit_limit(
    monkeypatch: pytest.MonkeyPatch, limit: Any, days: int
) -> None:
    seen: dict[str, Any] = {}
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        seen.update(kw)
        return real(problem, **{**kw, "time_limit": None, "max_iterations": 50})

    monkeypatch.setattr(plan_module, "solve", spy)
    plan_trip(TripWish.parse(wish(days=days)), entries(), UnknownAvailability(), TODAY,
              time_limit=limit, seed=1)  # fmt: skip
    assert seen["params"] == TRIP_PARAMS
    if limit is SCALED:
        budget = time_budget(days)
        assert plan_module.MIN_SOLVE_SECONDS <= seen["time_limit"] <= budget
        assert seen["time_limit"] > budget - 1.0  # building took well under a second
    else:
        assert seen["time_limit"] == limit


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
