"""Stopping criteria."""

from __future__ import annotations

import pytest

from tourlink.planner import MaxIterations, MaxRuntime, StoppingCriterion


def test_max_runtime_stops_on_elapsed_time_and_reports_progress() -> None:
    stop = MaxRuntime(2.0)
    assert isinstance(stop, StoppingCriterion)
    assert not stop.done(10**9, 1.9)
    assert stop.done(0, 2.0)
    assert stop.progress(0, 0.5) == 0.25


def test_max_iterations_stops_on_count_and_reports_progress() -> None:
    stop = MaxIterations(100)
    assert not stop.done(99, 1e9)
    assert stop.done(100, 0.0)
    assert stop.progress(25, 0.0) == 0.25
    assert MaxIterations(0).progress(0, 0.0) == 1.0


def test_invalid_limits_are_rejected() -> None:
    with pytest.raises(ValueError, match="seconds > 0"):
        MaxRuntime(0)
    with pytest.raises(ValueError, match="iterations >= 0"):
        MaxIterations(-1)
