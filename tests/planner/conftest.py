"""Shared fixtures for the planner tests."""

from __future__ import annotations

import pytest

from tests.helpers import warm_planner


@pytest.fixture(scope="session")
def warm_solver() -> None:
    """Load (or compile) the search kernels once, so timed tests measure search."""
    warm_planner()
