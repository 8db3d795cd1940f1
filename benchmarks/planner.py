"""Benchmark tourlink.planner against OR-Tools and PyVRP on the TOPTW instances.

Every solution (ours and the peers') is converted to a planner Result and verified by
``tourlink.planner.check``. An infeasible peer route is cut back to its longest
feasible prefix (status ``repaired``); a route with no feasible prefix is dropped.

Example (m = 1, 1 s per instance, all three solvers, 2 processes):

    python benchmarks/planner.py --m 1 --time-limit 1 --jobs 2

``--cpu-time`` counts the planner's time limit in CPU seconds of its worker process
(what it would get on an idle machine), for fair A/B comparisons on a busy one.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import fnmatch
import os
import platform
import resource
import shlex
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tourlink.planner import (
    Node,
    Problem,
    Result,
    Tour,
    check,
    read_toptw,
    schedule_routes,
    solve,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(
    os.environ.get(
        "TOURLINK_TOPTW_DATA", REPO / ".." / "shared" / "benchmarks" / "toptw"
    )
)
SOLVERS = ("planner", "ortools", "pyvrp")
FIELDS = [
    "instance", "m", "solver", "time_limit", "seed", "score", "bks", "gap_bks",
    "status", "runtime", "peak_mb", "violations", "load1", "clock",
]  # fmt: skip
START, END = "<!-- results:start -->", "<!-- results:end -->"


# --------------------------------------------------------------------- peers
def _plain(problem: Problem) -> None:
    if problem.travel.shape[0] != 1 or any(
        t.start != 0 or t.end != 0 for t in problem.tours
    ):
        raise ValueError("peer adapters support the plain TOPTW (depot 0, one matrix)")


def ortools_routes(problem: Problem, time_limit: float) -> list[list[int]]:
    """OR-Tools routing: optional nodes as disjunctions with score penalties, a time
    dimension with windows, guided local search; integer-scaled truncated times."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    _plain(problem)
    n, m = problem.n_nodes, problem.n_tours
    travel = problem.travel[0]
    dur = [0 if i == 0 else problem.nodes[i].duration for i in range(n)]
    horizon = max(t.latest for t in problem.tours)
    manager = pywrapcp.RoutingIndexManager(n, m, 0)
    routing = pywrapcp.RoutingModel(manager)
    transit = [[int(travel[i, j]) + dur[i] for j in range(n)] for i in range(n)]

    def time_cb(a: int, b: int) -> int:
        return int(transit[manager.IndexToNode(a)][manager.IndexToNode(b)])

    cb = routing.RegisterTransitCallback(time_cb)
    routing.SetArcCostEvaluatorOfAllVehicles(cb)
    routing.AddDimension(cb, horizon, horizon, False, "Time")
    tdim = routing.GetDimensionOrDie("Time")
    weight = m * horizon + 1  # one score point outweighs any travel
    for i in range(1, n):
        idx = manager.NodeToIndex(i)
        (o, c), *_ = problem.nodes[i].windows
        tdim.CumulVar(idx).SetRange(int(o), int(min(c, horizon)))
        routing.AddDisjunction([idx], int(problem.nodes[i].score * weight))
    for v, tour in enumerate(problem.tours):
        tdim.CumulVar(routing.Start(v)).SetRange(tour.earliest, tour.latest)
        tdim.CumulVar(routing.End(v)).SetRange(tour.earliest, tour.latest)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(time_limit * 1000))
    sol = routing.SolveWithParameters(params)
    routes: list[list[int]] = [[] for _ in range(m)]
    if sol is None:
        return routes
    for v in range(m):
        idx = sol.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(idx):
            routes[v].append(manager.IndexToNode(idx))
            idx = sol.Value(routing.NextVar(idx))
    return routes


def pyvrp_routes(problem: Problem, time_limit: float, seed: int = 1) -> list[list[int]]:
    """PyVRP prize-collecting VRP: optional clients with prizes and time windows."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    _plain(problem)
    n, m = problem.n_nodes, problem.n_tours
    horizon = max(t.latest for t in problem.tours)
    weight = m * horizon + 1
    locations = [pyvrp.Location(0, 0) for _ in range(n)]
    clients = []
    for i in range(1, n):
        node = problem.nodes[i]
        (o, c), *_ = node.windows
        clients.append(
            pyvrp.Client(
                location=i,
                service_duration=node.duration,
                tw_early=int(o),
                tw_late=int(min(c, horizon)),
                prize=int(node.score * weight),
                required=False,
            )
        )
    tour = problem.tours[0]
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=[pyvrp.Depot(location=0, tw_early=tour.earliest, tw_late=tour.latest)],
        vehicle_types=[
            pyvrp.VehicleType(
                num_available=m, tw_early=tour.earliest, tw_late=tour.latest
            )
        ],
        distance_matrices=[np.asarray(problem.travel[0], dtype=np.int64)],  # type: ignore[list-item]
        duration_matrices=[np.asarray(problem.travel[0], dtype=np.int64)],  # type: ignore[list-item]
    )
    res = pyvrp.solve(data, stop=MaxRuntime(time_limit), seed=seed, display=False)
    routes: list[list[int]] = [[] for _ in range(m)]
    for k, route in enumerate(res.best.routes()):
        # client index c (0-based) is node c + 1
        routes[k] = [int(a.idx) + 1 for a in route.schedule() if a.is_client()]
    return routes


def feasible_prefix(problem: Problem, routes: list[list[int]]) -> tuple[Result, str]:
    """The plan of ``routes`` if feasible, else each tour cut to its longest feasible
    prefix (and duplicates dropped)."""
    result = schedule_routes(problem, routes)
    if not check(problem, result):
        return result, "ok"
    seen: set[int] = set()
    fixed: list[list[int]] = []
    for t, route in enumerate(routes):
        keep: list[int] = []
        for v in route:
            if v in seen:
                break
            trial = [*fixed, [*keep, v], *[[] for _ in routes[t + 1 :]]]
            if check(problem, schedule_routes(problem, trial)):
                break
            keep.append(v)
        seen.update(keep)
        fixed.append(keep)
    result = schedule_routes(problem, fixed)
    return result, "repaired" if not check(problem, result) else "infeasible"


# ------------------------------------------------------------------- running
class CpuSeconds:
    """Stop after ``seconds`` of this process's CPU time, counted from creation.

    For comparing planner versions on a shared machine: the search gets the CPU time
    it would get alone, however many other processes compete for the cores.
    """

    def __init__(self, seconds: float) -> None:
        if not seconds > 0:
            raise ValueError(f"CpuSeconds needs seconds > 0, got {seconds}")
        self.seconds = seconds
        self.start = time.process_time()

    def _used(self) -> float:
        return time.process_time() - self.start

    def done(self, iterations: int, elapsed: float) -> bool:  # noqa: ARG002
        """True once the CPU seconds are used."""
        return self._used() >= self.seconds

    def progress(self, iterations: int, elapsed: float) -> float:  # noqa: ARG002
        """Used share of the CPU seconds."""
        return min(1.0, self._used() / self.seconds)


@dataclass(frozen=True)
class Task:
    instance: str
    path: str
    m: int
    solver: str
    time_limit: float
    seed: int
    cpu_time: bool = False


def warm_up() -> None:
    """Load the planner's compiled kernels outside the timed region (a server pays
    this once at start-up, not per request)."""
    tiny = Problem(
        nodes=(Node(), Node(score=1, duration=1), Node(score=2, duration=1)),
        travel=np.ones((3, 3), dtype=np.int64) - np.eye(3, dtype=np.int64),
        tours=(Tour(0, (0,), 0, 100), Tour(None, 0, 0, 100)),
    )
    solve(tiny, max_iterations=20, seed=0)


_WARM: list[bool] = []


def reset_peak() -> None:
    """Start this process's peak-memory count afresh (Linux: ``clear_refs`` 5), so a
    task's peak is its own, not that of an earlier task or of compiling the kernels;
    elsewhere the count stays the process's lifetime peak."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def status_mb(field: str) -> float | None:
    """A memory figure of this process from ``/proc/self/status`` (``VmHWM``,
    ``VmRSS``, ...) in MB; None where there is no such file or field."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_mb() -> float:
    """Peak resident memory since the last ``reset_peak`` (or the process start)."""
    peak = status_mb("VmHWM")
    if peak is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def run_task(task: Task) -> dict[str, object]:
    problem = read_toptw(task.path, tours=task.m)
    if task.solver == "planner" and not _WARM:
        warm_up()
        _WARM.append(True)
    reset_peak()
    t0 = time.perf_counter()
    if task.solver == "planner" and task.cpu_time:
        result = solve(problem, stop=[CpuSeconds(task.time_limit)], seed=task.seed)
        status = "ok"
    elif task.solver == "planner":
        result = solve(problem, time_limit=task.time_limit, seed=task.seed)
        status = "ok"
    else:
        # OR-Tools' guided local search takes no seed; PyVRP gets the run's
        routes = (
            ortools_routes(problem, task.time_limit)
            if task.solver == "ortools"
            else pyvrp_routes(problem, task.time_limit, seed=task.seed)
        )
        result, status = feasible_prefix(problem, routes)
    runtime = time.perf_counter() - t0
    violations = check(problem, result)
    if violations and status == "ok":
        status = "infeasible"
    peak = peak_mb()
    return {
        "instance": task.instance,
        "m": task.m,
        "solver": task.solver,
        "time_limit": task.time_limit,
        "seed": task.seed,
        "score": 0.0 if violations else result.score,
        "runtime": round(runtime, 3),
        "status": status,
        "peak_mb": round(peak, 1),
        "violations": len(violations),
        "load1": round(os.getloadavg()[0], 2),
        "clock": "cpu" if task.cpu_time and task.solver == "planner" else "wall",
    }


STRONG: set[tuple[str, int]] = set()  # rows whose BKS is optimal or literature-grade

OPTIMA = Path(__file__).with_name("planner_optima.csv")
"""Rows whose table score no plan reaches: ``bound`` is the most any plan can score
(proved with ``planner_bound.py``; the optimum where ``best_plan`` reaches it), and
replaces the table's score as the reference (see docs/benchmarks/planner.md)."""

CORRECTED: dict[tuple[str, int], float] = {}  # row -> the table's score it replaced


def load_bks(data: Path, optima: Path = OPTIMA) -> dict[tuple[str, int], float]:
    """The reference score of every row (instance, m): the table's best-known score,
    except where ``optima`` proves it out of reach and gives the proven bound instead.

    Raises
    ------
    ValueError
        When a row of ``optima`` names a table score other than the table's (the
        table changed, and the proof is about a score it no longer gives), or
        a bound not below it.
    """
    with (data / "bks.csv").open() as f:
        rows = list(csv.DictReader(f))
    STRONG.update(
        (r["instance"], int(r["m"])) for r in rows if not r["source"].startswith("weak")
    )
    bks = {(r["instance"], int(r["m"])): float(r["bks"]) for r in rows}
    for line, r in enumerate(read_rows(optima), start=2):
        k = (r["instance"], int(r["m"]))
        table, bound = float(r["table"]), float(r["bound"])
        if bks.get(k) != table:
            raise ValueError(
                f"{optima.name}: line {line}: {k[0]} m = {k[1]}: the proof is about "
                f"the table's {table:g}, but the table gives {bks.get(k)}"
            )
        if not bound < table:
            raise ValueError(
                f"{optima.name}: line {line}: bound {bound:g} is not below the "
                f"table's {table:g}"
            )
        CORRECTED[k] = table
        STRONG.add(k)
        bks[k] = bound
    return bks


def instance_set(name: str) -> str:
    """c1, c2, r1, r2, rc1, rc2, pr01-10 or pr11-20."""
    if name.startswith("pr"):
        return "pr01-10" if int(name[2:]) <= 10 else "pr11-20"
    return name.rstrip("0123456789") + name[len(name.rstrip("0123456789"))]


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open() as f:
        return list(csv.DictReader(f))


def key(row: Mapping[str, object]) -> tuple[str, int, str, float]:
    return (str(row["instance"]), int(str(row["m"])), str(row["solver"]),
            float(str(row["time_limit"])))  # fmt: skip


# ----------------------------------------------------------------- reporting
def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        ram = f"{int(mem) / 1024**2:.1f} GiB RAM"
    except OSError:
        ram = "unknown RAM"
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, {ram}, Python {platform.python_version()}"


def summarise(rows: list[dict[str, str]], bks: dict[tuple[str, int], float]) -> str:
    best: dict[tuple[str, int], float] = defaultdict(float)
    for r in rows:
        k = (r["instance"], int(r["m"]))
        best[k] = max(best[k], float(r["score"]))
    groups: dict[tuple[int, float], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        groups[(int(r["m"]), float(r["time_limit"]))].append(r)
    out = []
    for (m, tl), rs in sorted(groups.items()):
        by_solver: dict[str, dict[str, float]] = defaultdict(dict)
        for r in rs:
            by_solver[r["solver"]][r["instance"]] = float(r["score"])
        common = set.intersection(*(set(v) for v in by_solver.values()))
        out.append(f"\n### m = {m}, {tl:g} s per instance ({len(common)} instances)\n")
        out.append(
            "| solver | mean gap to BKS % | on proven/literature BKS % | worst gap % "
            "| mean gap to best in run % | > BKS | mean time s | peak MB | not ok "
            "| mean load |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for solver, scores in sorted(by_solver.items()):
            inst = sorted(common)
            gaps = [100 * (bks[i, m] - scores[i]) / bks[i, m] for i in inst]
            strong = [g for i, g in zip(inst, gaps, strict=True) if (i, m) in STRONG]
            strong_txt = (
                f"{statistics.mean(strong):.2f} ({len(strong)})" if strong else "-"
            )
            run = [
                100 * (best[i, m] - scores[i]) / best[i, m] for i in inst if best[i, m]
            ]
            sel = [r for r in rs if r["solver"] == solver and r["instance"] in common]
            loads = [float(r.get("load1") or 0) for r in sel]
            above = sum(scores[i] > bks[i, m] for i in inst)
            bad = sum(r["status"] != "ok" for r in sel)
            out.append(
                f"| {solver} | {statistics.mean(gaps):.2f} | {strong_txt} | "
                f"{max(gaps):.2f} | "
                f"{statistics.mean(run):.2f} | {above} | "
                f"{statistics.mean(float(r['runtime']) for r in sel):.2f} | "
                f"{max(float(r['peak_mb']) for r in sel):.0f} | {bad} | "
                f"{statistics.mean(loads):.1f} |"
            )
        for solver, scores in sorted(by_solver.items()):
            if len(scores) > len(common):
                inst = sorted(scores)
                gaps = [100 * (bks[i, m] - scores[i]) / bks[i, m] for i in inst]
                strong = [
                    g for i, g in zip(inst, gaps, strict=True) if (i, m) in STRONG
                ]
                top = max(zip(gaps, inst, strict=True))
                out.append(
                    f"\n{solver} alone on all {len(inst)} instances it ran: mean gap "
                    f"{statistics.mean(gaps):.2f} %, on proven/literature BKS "
                    + (
                        f"{statistics.mean(strong):.2f} % ({len(strong)})"
                        if strong
                        else "-"
                    )
                    + f", worst {top[0]:.2f} % ({top[1]}), above the table on "
                    f"{sum(g < 0 for g in gaps)}."
                )
        sets = sorted({instance_set(i) for i in common})
        solvers = sorted(by_solver)
        out.append("\nMean gap to BKS (%) per instance set:\n")
        out.append("| set | n | " + " | ".join(solvers) + " |")
        out.append("|---|---|" + "---|" * len(solvers))
        for st in sets:
            inst = [i for i in sorted(common) if instance_set(i) == st]
            cells = [
                statistics.mean(
                    100 * (bks[i, m] - by_solver[s][i]) / bks[i, m] for i in inst
                )
                for s in solvers
            ]
            out.append(
                f"| {st} | {len(inst)} | "
                + " | ".join(f"{c:.2f}" for c in cells)
                + " |"
            )
        if "planner" in by_solver:
            ours = by_solver["planner"]
            worst = sorted(
                ((100 * (bks[i, m] - ours[i]) / bks[i, m], i) for i in common),
                reverse=True,
            )
            out.append(
                "\nPlanner's largest gaps to BKS: "
                + ", ".join(f"{i} {g:.2f} %" for g, i in worst[:8] if g > 0)
            )
            for peer in ("ortools", "pyvrp"):
                if peer in by_solver:
                    inst = sorted(common)
                    ge = sum(ours[i] >= by_solver[peer][i] for i in inst)
                    gt = sum(ours[i] > by_solver[peer][i] for i in inst)
                    lt = sum(ours[i] < by_solver[peer][i] for i in inst)
                    out.append(
                        f"\nplanner vs {peer}: at least as good on {ge}/{len(inst)} "
                        f"({100 * ge / max(len(inst), 1):.0f} %), better on {gt}, worse "
                        f"on {lt}."
                    )
        above_rows = [
            (r["instance"], r["solver"], float(r["score"]), bks[r["instance"], m])
            for r in rs
            if float(r["score"]) > bks[r["instance"], m]
        ]
        if above_rows:
            out.append("\nScores above the BKS table: " + ", ".join(
                f"{i} {s} {sc:g} (table {b:g})" for i, s, sc, b in sorted(above_rows)
            ))  # fmt: skip
        repaired = [f"{r['instance']} {r['solver']} ({r['status']})"
                    for r in rs if r["status"] != "ok"]  # fmt: skip
        if repaired:
            out.append("\nNot ok as returned: " + ", ".join(repaired))
    return "\n".join(out)


def plot(
    rows: list[dict[str, str]], bks: dict[tuple[str, int], float], path: Path
) -> None:
    """Mean gap against time limit, one colour per solver and one marker per m;
    each point averages over the instances that every solver ran for that m and
    time limit, so the solvers are compared on the same instances."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ran: dict[tuple[int, float], dict[str, set[str]]] = defaultdict(
        lambda: defaultdict(set)
    )
    for r in rows:
        ran[(int(r["m"]), float(r["time_limit"]))][r["solver"]].add(r["instance"])
    common = {k: set.intersection(*v.values()) for k, v in ran.items()}
    curves: dict[tuple[str, int], dict[float, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in rows:
        m, tl = int(r["m"]), float(r["time_limit"])
        if r["instance"] in common[(m, tl)]:
            gap = (
                100
                * (bks[r["instance"], m] - float(r["score"]))
                / bks[r["instance"], m]
            )
            curves[(r["solver"], m)][tl].append(gap)
    colours = {"planner": "tab:green", "ortools": "tab:blue", "pyvrp": "tab:orange"}
    markers = {1: "o", 2: "s", 3: "^", 4: "D"}
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for (solver, m), pts in sorted(curves.items()):
        xs = sorted(pts)
        n = len(pts[xs[0]])
        ax.plot(
            xs,
            [statistics.mean(pts[x]) for x in xs],
            marker=markers.get(m, "x"),
            color=colours.get(solver),
            linestyle="-" if m == 1 else ":",
            label=f"{solver}, m={m} ({n} inst.)",
        )
    ax.set_xscale("log")
    ax.set_xlabel("time limit per instance (s)")
    ax.set_ylabel("mean gap to best-known score (%)")
    ax.axhline(0, color="grey", lw=0.5)
    ax.legend(fontsize=7, ncol=2)
    ax.set_title("TOPTW benchmark: mean gap against time limit")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def corrections(bks: dict[tuple[str, int], float]) -> str:
    """The rows whose reference is a proven bound instead of the table's score."""
    if not CORRECTED:
        return ""
    listed = ", ".join(
        f"{i} m = {m} {bks[i, m]:g} (table {table:g})"
        for (i, m), table in sorted(CORRECTED.items())
    )
    return (
        "\nGaps are to the table's best-known scores, except on rows whose table "
        f"score no plan reaches (`{OPTIMA.name}`), where they are to the most a "
        f"plan can score: {listed}."
    )


def write_report(
    md: Path,
    rows: list[dict[str, str]],
    bks: dict[tuple[str, int], float],
    command: str,
) -> None:
    body = "\n".join([
        START,
        f"\nGenerated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Last command: `{command}`",
        corrections(bks),
        summarise(rows, bks),
        "",
        END,
    ])  # fmt: skip
    text = md.read_text() if md.exists() else "# Planner benchmark\n\n" + START + END
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + body + rest.split(END, 1)[1]
    else:
        text += "\n" + body + "\n"
    md.write_text(text)


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="TOPTW data dir")
    ap.add_argument("--instances", nargs="+", default=["*"], help="name globs")
    ap.add_argument("--m", type=int, nargs="+", default=[1])
    ap.add_argument("--time-limit", type=float, nargs="+", default=[1.0])
    ap.add_argument("--solvers", nargs="+", choices=SOLVERS, default=list(SOLVERS))
    ap.add_argument("--seed", type=int, default=1, help="planner and PyVRP seed")
    ap.add_argument("--jobs", type=int, default=2, help="parallel solver processes")
    ap.add_argument("--csv", type=Path, default=REPO / "docs/benchmarks/planner.csv")
    ap.add_argument("--md", type=Path, default=REPO / "docs/benchmarks/planner.md")
    ap.add_argument(
        "--plot", type=Path, default=REPO / "docs/benchmarks/planner_gap.png"
    )
    ap.add_argument("--report-only", action="store_true", help="only rewrite md/plot")
    ap.add_argument("--redo", action="store_true", help="rerun rows already in the CSV")
    ap.add_argument(
        "--cpu-time",
        action="store_true",
        help="count the planner's time limit in CPU seconds of its process",
    )
    args = ap.parse_args(list(argv) if argv is not None else None)
    bks = load_bks(args.data)
    files = sorted((args.data / "instances").glob("*.txt"))
    names = [f.stem for f in files if f.stem != "TOPTW_format"
             and any(fnmatch.fnmatch(f.stem, g) for g in args.instances)]  # fmt: skip
    rows = read_rows(args.csv)
    done = {key(r) for r in rows}
    tasks = [
        Task(n, str(args.data / "instances" / f"{n}.txt"), m, s, tl, args.seed,
             args.cpu_time)
        for tl in args.time_limit for m in args.m for n in names for s in args.solvers
        if args.redo or (n, m, s, tl) not in done
    ]  # fmt: skip
    if not args.report_only and tasks:
        rows = [
            r
            for r in rows
            if key(r) not in {(t.instance, t.m, t.solver, t.time_limit) for t in tasks}
        ]
        run_all(tasks, rows, bks, args.csv, max(1, args.jobs))
    rows = read_rows(args.csv)
    command = "python benchmarks/planner.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    write_report(args.md, rows, bks, command)
    plot(rows, bks, args.plot)
    print(summarise(rows, bks))


def steps(tasks: list[Task], jobs: int) -> list[tuple[str, list[Task]]]:
    """The order the tasks run in: rounds of ``jobs`` rows (instance, m, time limit),
    each row solved by every solver before the next round starts, one solver at a
    time and the first solver rotating from round to round.

    The solvers of a row thus run within a minute or so of each other, not in
    blocks of an hour: a host whose speed drifts during a run (other machines
    sharing it) favours no solver."""
    rows: dict[tuple[float, int, str], list[Task]] = {}
    for t in tasks:
        rows.setdefault((t.time_limit, t.m, t.instance), []).append(t)
    groups = list(rows.values())
    order = [s for s in SOLVERS if any(t.solver == s for t in tasks)]
    out: list[tuple[str, list[Task]]] = []
    for n, i in enumerate(range(0, len(groups), jobs)):
        batch = [t for g in groups[i : i + jobs] for t in g]
        for k in range(len(order)):
            solver = order[(n + k) % len(order)]
            mine = [t for t in batch if t.solver == solver]
            if mine:
                out.append((solver, mine))
    return out


def run_all(
    tasks: list[Task],
    rows: list[dict[str, str]],
    bks: dict[tuple[str, int], float],
    out: Path,
    jobs: int,
) -> None:
    """Run the tasks in ``jobs`` processes per solver, in the order of ``steps``,
    appending to ``out`` as they end."""
    out.parent.mkdir(parents=True, exist_ok=True)

    def flush() -> None:
        rows.sort(key=key)
        with out.open("w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FIELDS)
            w.writeheader()
            w.writerows(rows)

    try:
        from rich.progress import Progress
    except ImportError:  # pragma: no cover - rich is optional
        Progress = None  # type: ignore[assignment,misc]  # noqa: N806
    bar = Progress() if Progress is not None else None
    task_id = bar.add_task("solving", total=len(tasks)) if bar is not None else None
    if bar is not None:
        bar.start()
    # one pool per solver: worker processes are reused (imports and compiled code
    # are loaded once) and never run another solver's task, so the peak-memory
    # column is that solver's alone; only one pool works at a time (``steps``), the
    # others' workers wait idle
    order = steps(tasks, jobs)
    with contextlib.ExitStack() as stack:
        pools = {
            s: stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
            for s in dict.fromkeys(s for s, _ in order)
        }
        for solver, mine in order:
            _run_step(pools[solver], mine, rows, bks, flush, bar, task_id)
    if bar is not None:
        bar.stop()


def _run_step(
    pool: ProcessPoolExecutor,
    tasks: list[Task],
    rows: list[dict[str, str]],
    bks: dict[tuple[str, int], float],
    flush: Callable[[], None],
    bar: Any,
    task_id: Any,
) -> None:
    futures = [pool.submit(run_task, t) for t in tasks]
    for fut in as_completed(futures):
        row = fut.result()
        b = bks[str(row["instance"]), int(str(row["m"]))]
        row["bks"] = b
        row["gap_bks"] = round(100 * (b - float(str(row["score"]))) / b, 3)
        rows.append({k: str(v) for k, v in row.items()})
        flush()
        label = f"{row['instance']} m={row['m']} {row['solver']} {row['score']}"
        if bar is not None and task_id is not None:
            bar.update(task_id, advance=1, description=label)
        else:
            print(label, flush=True)


if __name__ == "__main__":
    main()
