"""Shared fixtures for the planner tests."""

from __future__ import annotations

import numpy as np
import pytest

from tourlink.planner import Node, Problem, Tour, solve


@pytest.fixture(scope="session")
def warm_solver() -> None:
    """Load (or compile) the search kernels once, so timed tests measure search."""
    p = Problem(
        nodes=(Node(), Node(score=1, duration=1), Node(score=2, duration=1)),
        travel=np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]),
        tours=(Tour(0, (0,), 0, 100), Tour(None, 0, 0, 100)),
    )
    solve(p, max_iterations=20, seed=0)
