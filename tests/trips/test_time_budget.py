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


def test_the_budget_grows_two_seconds_per_day_beyond_three() -> None:
    """Three days or fewer keep 1.5 s; a 5-day plan gets 5.5 s, a week 9.5 s."""
    assert DEFAULT_TIME_LIMIT == 1.5
    assert [time_budget(d) for d in (1, 2, 3, 4, 5, 7)] == [
        1.5,
        1.5,
        1.5,
        3.5,
        5.5,
        9.5,
    ]


@pytest.mark.parametrize("parallel", [False, True])
@pytest.mark.parametrize(("limit", "days"), [(SCALED, 3), (SCALED, 5), (0.7, 5)])
def test_the_solver_gets_the_remaining_budget_or_the_explicit_limit(
    monkeypatch: pytest.MonkeyPatch, limit: Any, days: int, parallel: bool
) -> None:
    """Beyond three days the searches race for a share of the scaled budget and
    continue for the rest; in parallel each slot has all of it, else they share."""
    calls: list[dict[str, Any]] = []
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        calls.append(kw)
        return real(problem, **{**kw, "time_limit": None, "max_iterations": 50})

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "PARALLEL_SEARCHES", parallel)
    plan_trip(TripWish.parse(wish(days=days)), entries(), UnknownAvailability(), TODAY,
              time_limit=limit, seed=1)  # fmt: skip
    limits = [kw["time_limit"] for kw in calls]
    assert len({kw["seed"] for kw in calls}) == len(calls)
    if limit is not SCALED:
        assert limits == [limit]
        assert calls[0]["params"] == TRIP_PARAMS
        return
    budget = time_budget(days)
    if days <= 3:  # side by side on two CPUs, each with the whole budget
        assert len(calls) == (plan_module.SEARCHES_PER_SHORT_TRIP if parallel else 1)
        assert all(budget - 1.0 < x <= budget for x in limits)
        assert all(kw["initial"] is None for kw in calls)
        return
    slots, racers = plan_module.SEARCHES_PER_LONG_TRIP, plan_module.RACERS
    race = [kw for kw in calls if kw["initial"] is None]
    going_on = [kw for kw in calls if kw["initial"] is not None]
    assert len(race) == slots * racers
    assert len(going_on) == slots
    assert all(kw["params"] == TRIP_PARAMS for kw in race)
    assert all(kw["params"] == plan_module.CONTINUE_PARAMS for kw in going_on)
    # building took well under a second; a slot races for its part of its share and
    # continues until the deadline (here the spy's searches took next to no time)
    share = budget if parallel else budget / slots
    racing = race[0]["time_limit"] * racers
    assert share - 1.0 < racing / plan_module.RACE_SHARE <= share
    rest = going_on[0]["time_limit"]
    assert share * (1 - plan_module.RACE_SHARE) - 1.0 < rest <= share


def test_a_long_trip_continues_from_the_best_plan_of_its_race(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every continuation starts from the race's best plan, and the plan served is
    at least as good as any plan the searches found."""
    calls: list[tuple[dict[str, Any], Result]] = []
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        result = real(problem, **{**kw, "time_limit": None, "stop": [],
                                  "max_iterations": 60})  # fmt: skip
        calls.append((kw, result))
        return result

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "CONTINUE_BEST", 1)
    plan = plan_trip(TripWish.parse(wish(days=5)), entries(), UnknownAvailability(),
                     TODAY, seed=2)  # fmt: skip
    race = [r for kw, r in calls if kw["initial"] is None]
    going_on = [(kw, r) for kw, r in calls if kw["initial"] is not None]
    best = max(race, key=lambda r: (r.feasible, r.score))
    assert going_on
    assert all(kw["initial"] is best for kw, _ in going_on)
    assert all(r.stats.warm_start for _, r in going_on)
    assert plan.result.score == max(r.score for _, r in calls)


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


def test_a_short_trip_serves_the_best_of_its_side_by_side_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Up to three days on two CPUs: free searches of other seeds at the same time,
    each in a thread of its own, and the plan served is the best they found."""
    both = threading.Barrier(plan_module.SEARCHES_PER_SHORT_TRIP, timeout=10)
    found: list[tuple[int, Result]] = []
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        both.wait()  # one after the other, the first would wait here in vain
        iterations = 20 if kw["seed"] == 3 else 150  # the first seed's search is short
        result = real(problem, **{**kw, "time_limit": None,
                                  "max_iterations": iterations})  # fmt: skip
        found.append((kw["seed"], result))
        return result

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "PARALLEL_SEARCHES", True)
    plan = plan_trip(TripWish.parse(wish(days=3)), entries(), UnknownAvailability(),
                     TODAY, seed=3)  # fmt: skip
    assert len(found) == plan_module.SEARCHES_PER_SHORT_TRIP
    assert len({seed for seed, _ in found}) == len(found)
    assert plan.result.score == max(r.score for _, r in found)


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


@pytest.mark.parametrize("parallel", [False, True])
def test_a_short_trip_s_second_search_moves_more_visits_between_days(
    monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """Side by side, the first search keeps the trips' parameters and the second
    re-inserts most visits sequentially and starts hotter (another kind of
    search, not only another seed); on one CPU the single search keeps the trips'
    parameters."""
    seen: dict[int, Any] = {}
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Any, **kw: Any) -> Result:
        seen[kw["seed"]] = kw["params"]
        return real(problem, **{**kw, "time_limit": None, "max_iterations": 30})

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "PARALLEL_SEARCHES", parallel)
    plan_trip(TripWish.parse(wish(days=3)), entries(), UnknownAvailability(), TODAY,
              seed=5)  # fmt: skip
    assert seen[5] == TRIP_PARAMS
    if not parallel:
        assert list(seen) == [5]
        return
    second = seen[5 + plan_module.RESTART_SEED]
    assert second.sequential_probability == 0.8
    assert second.sequential_probability > TRIP_PARAMS.sequential_probability
    assert second.start_temperature > TRIP_PARAMS.start_temperature
