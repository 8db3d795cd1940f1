"""Search states built by hand and checked against a recount, for the tests of the
search's operators (crossover, repair, the pool of days)."""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.planner import Problem
from tourlink.planner.compile import compile_problem, count_visits, empty_state
from tourlink.planner.search import engine
from tourlink.planner.search.route import insert_at, recompute


def state(p: Problem, days: list[list[int]]) -> tuple[Any, Any]:
    """The compiled problem and a search state with ``days``' visits in order."""
    comp = compile_problem(p)
    s = empty_state(p, comp)
    assert engine.start_state(comp.data, s)
    for t, visits in enumerate(days):
        for j in visits:
            assert insert_at(comp.data, s, t, int(s[1][t]) - 1, j)
    return comp, s


def days(s: Any) -> list[list[int]]:
    """The visits of every day of state ``s``, in order."""
    return [[int(v) for v in s[0][t, 1 : s[1][t] - 1]] for t in range(s[1].shape[0])]


def consistent(p: Problem, comp: Any, s: Any) -> None:
    """Every day is feasible and the counters match a recount of the routes."""
    d = comp.data
    where = np.full(p.n_nodes, -1, dtype=np.int64)
    catc, grpc = np.zeros_like(s[6]), np.zeros_like(s[7])
    acc = np.zeros(2)
    for t, visits in enumerate(days(s)):
        assert recompute(d, s, t)
        count_visits(d, where, catc, grpc, acc, t, visits)
    np.testing.assert_array_equal(where, s[5])
    np.testing.assert_array_equal(catc, s[6])
    np.testing.assert_array_equal(grpc, s[7])
    np.testing.assert_allclose(acc, s[8])
