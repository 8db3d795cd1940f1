"""Smoke test of the benchmark's peer adapters (OR-Tools, PyVRP) on a tiny instance,
of its CPU-time stopping criterion, and of the references it measures gaps against."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.planner.test_reader import DATA
from tourlink.planner import Node, Problem, StoppingCriterion, Tour, check

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "planner.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("planner_benchmark", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def tiny(m: int = 1) -> Problem:
    pts = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [50, 50]])
    travel = np.floor(np.hypot(*(pts[:, None] - pts[None, :]).transpose(2, 0, 1)))
    return Problem(
        nodes=(
            Node(),
            Node(score=5, duration=2, windows=((0, 30),)),
            Node(score=4, duration=2, windows=((10, 40),)),
            Node(score=3, duration=2, windows=((0, 60),)),
            Node(score=9, duration=2, windows=((0, 10),)),  # unreachable in time
        ),
        travel=travel.astype(np.int64),
        tours=(Tour(0, 0, 0, 60),) * m,
    )


@pytest.mark.parametrize("peer", ["ortools", "pyvrp"])
def test_peer_adapter_returns_a_checked_plan(bench: ModuleType, peer: str) -> None:
    pytest.importorskip(peer)
    p = tiny()
    routes = getattr(bench, f"{peer}_routes")(p, 0.3)
    result, status = bench.feasible_prefix(p, routes)
    assert status == "ok"
    assert check(p, result) == []
    assert result.score == 12


def test_infeasible_peer_route_is_cut_to_its_feasible_prefix(bench: ModuleType) -> None:
    p = tiny()
    result, status = bench.feasible_prefix(p, [[1, 2, 4, 3]])
    assert status == "repaired"
    assert result.tours[0].nodes == (1, 2)
    assert check(p, result) == []


def test_cpu_seconds_stops_on_this_process_cpu_time(bench: ModuleType) -> None:
    """The benchmark's CPU clock counts work, not waiting for the core."""
    stop = bench.CpuSeconds(0.05)
    assert isinstance(stop, StoppingCriterion)
    assert not stop.done(0, 100.0)  # wall time alone does not stop it
    time.sleep(0.06)
    assert not stop.done(0, 0.0)
    while not stop.done(0, 0.0):
        sum(range(1000))
    assert stop.progress(0, 0.0) == 1.0
    with pytest.raises(ValueError, match="seconds > 0"):
        bench.CpuSeconds(0)


def test_run_task_gives_pyvrp_the_runs_seed(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, float, int]] = []

    def fake_pyvrp(
        problem: Problem, time_limit: float, seed: int = 1
    ) -> list[list[int]]:
        calls.append((problem.n_nodes, time_limit, seed))
        return [[1, 2, 3]]

    monkeypatch.setattr(bench, "pyvrp_routes", fake_pyvrp)
    path = tmp_path / "tiny.txt"
    path.write_text(
        "4 1 3 1\n"
        "0 0\n"
        "0 0.0 0.0 0 0 0 0 0 1000\n"
        "1 10.0 0.0 2 5 0 0 0 1000\n"
        "2 10.0 10.0 2 4 0 0 0 1000\n"
        "3 0.0 10.0 2 3 0 0 0 1000\n"
    )
    row = bench.run_task(bench.Task("tiny", str(path), 1, "pyvrp", 0.1, seed=7))
    assert calls == [(4, 0.1, 7)]
    assert row["seed"] == 7


def test_a_tasks_peak_memory_leaves_out_what_came_before_it(bench: ModuleType) -> None:
    """A worker runs many tasks and first compiles the kernels: each row's peak is
    counted from the start of its own task."""
    before = bench.status_mb("VmRSS")
    assert before is not None
    block = np.ones(50_000_000)  # 400 MB, touched
    del block
    assert bench.peak_mb() >= before + 350
    bench.reset_peak()
    assert bench.peak_mb() < bench.status_mb("VmRSS") + 100


def test_the_solvers_of_a_row_run_in_the_same_round_not_in_blocks(
    bench: ModuleType,
) -> None:
    """Every task runs once; a step is one solver's tasks of at most ``jobs`` rows;
    every solver has finished a round's rows before the next round starts, and the
    solver that goes first rotates."""
    tasks = [
        bench.Task(f"i{n}", f"i{n}.txt", m, solver, 10.0, 1)
        for m in (2, 3)
        for n in range(5)
        for solver in bench.SOLVERS
    ]
    steps = bench.steps(tasks, 2)
    ran = [t for _, mine in steps for t in mine]
    assert sorted(ran, key=repr) == sorted(tasks, key=repr)
    assert all({t.solver for t in mine} == {solver} for solver, mine in steps)
    assert all(len(mine) <= 2 for _, mine in steps)
    # 10 rows in rounds of 2: 5 rounds of three steps, each round's rows the same
    # for every solver
    assert len(steps) == 15
    for r in range(5):
        rnd = steps[3 * r : 3 * r + 3]
        assert {s for s, _ in rnd} == set(bench.SOLVERS)
        assert len({frozenset((t.instance, t.m) for t in mine) for _, mine in rnd}) == 1
    assert [steps[3 * r][0] for r in range(3)] == list(bench.SOLVERS)


def test_steps_leave_out_solvers_without_tasks(bench: ModuleType) -> None:
    tasks = [bench.Task(f"i{n}", f"i{n}.txt", 1, "planner", 1.0, 1) for n in range(3)]
    assert [(s, [t.instance for t in mine]) for s, mine in bench.steps(tasks, 2)] == [
        ("planner", ["i0", "i1"]),
        ("planner", ["i2"]),
    ]


def _references(tmp_path: Path, bound: str, table: str = "674") -> tuple[Path, Path]:
    (tmp_path / "bks.csv").write_text(
        "instance,m,bks,source\n"
        "pr16,1,674,best-known; HU=674*\n"
        "pr16,2,1231,best-known; HU=1231*\n"
    )
    optima = tmp_path / "optima.csv"
    optima.write_text(
        f"instance,m,table,bound,best_plan,proof\npr16,1,{table},{bound},650,x\n"
    )
    return tmp_path, optima


def test_a_proven_bound_replaces_the_table_score_it_rules_out(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "CORRECTED", {})
    monkeypatch.setattr(bench, "STRONG", set())
    bks = bench.load_bks(*_references(tmp_path, "650"))
    assert bks == {("pr16", 1): 650.0, ("pr16", 2): 1231.0}
    assert ("pr16", 1) in bench.STRONG
    assert "pr16 m = 1 650 (table 674)" in bench.corrections(bks)


@pytest.mark.parametrize(
    ("table", "bound", "message"),
    [
        ("680", "650", "line 2: pr16 m = 1: the proof is about the table's 680"),
        ("674", "674", "line 2: bound 674 is not below the table's 674"),
    ],
)
def test_a_bound_that_does_not_fit_the_table_is_refused(
    bench: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    bound: str,
    message: str,
) -> None:
    monkeypatch.setattr(bench, "CORRECTED", {})
    with pytest.raises(ValueError, match=message):
        bench.load_bks(*_references(tmp_path, bound, table))


@pytest.mark.skipif(
    not (DATA / "bks.csv").is_file(), reason="benchmark data not present"
)
def test_the_shipped_bounds_fit_the_shipped_table(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "CORRECTED", {})
    bks = bench.load_bks(DATA)
    assert bks["pr16", 1] == 650.0
    assert bench.CORRECTED["pr16", 1] == 674.0
