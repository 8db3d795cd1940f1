"""Shared fixtures for the planner tests."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import warm_planner


@pytest.fixture(scope="session")
def warm_solver() -> None:
    """Load (or compile) the search kernels once, so timed tests measure search."""
    warm_planner()


BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _benchmark_tool(name: str) -> ModuleType:
    """``benchmarks/<name>.py``, which imports its neighbours there by name."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="session")
def beam_tool() -> ModuleType:
    """The wide beam check, ``benchmarks/planner_beam.py``."""
    return _benchmark_tool("planner_beam")


@pytest.fixture(scope="session")
def bound_tool() -> ModuleType:
    """The exact bound, ``benchmarks/planner_bound.py``."""
    return _benchmark_tool("planner_bound")
