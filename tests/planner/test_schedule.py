"""Timing given visit orders, and the Result it produces."""

from __future__ import annotations

import numpy as np
import pytest

from tourlink.planner import Node, Problem, Tour, schedule_routes
from tourlink.planner.schedule import earliest_start


def test_earliest_start_uses_the_first_window_still_open() -> None:
    windows = ((0, 10), (20, 30))
    assert earliest_start(windows, 5) == 5
    assert earliest_start(windows, 12) == 20
    assert earliest_start(windows, 31) is None


def test_chained_days_start_at_the_chosen_hotel_and_summary_lists_days() -> None:
    p = Problem(
        nodes=(Node(), Node(score=2, duration=3), Node(), Node()),
        travel=np.array([[0, 4, 1, 1], [4, 0, 2, 2], [1, 2, 0, 5], [1, 2, 5, 0]]),
        tours=(Tour(0, (2, 3), 10, 100), Tour(None, 0, 20, 100)),
    )
    r = schedule_routes(p, [[1], []], ends=[3, 0])
    day0, day1 = r.tours
    assert (day0.start_node, day0.end_node, day0.return_time) == (0, 3, 19)
    assert (day1.start_node, day1.departure, day1.return_time) == (3, 20, 21)
    assert day0.nodes == (1,)
    assert day0[0].wait == 0
    assert len(day1) == 0
    text = r.summary()
    assert "tour 0: 0@10 1@14 3@19" in text
    assert "score 2" in text


def test_route_count_must_match_the_days() -> None:
    p = Problem(
        nodes=(Node(),), travel=np.zeros((1, 1), dtype=np.int64), tours=(Tour(),)
    )
    with pytest.raises(ValueError, match="got 2 routes for 1 tours"):
        schedule_routes(p, [[], []])
