"""Trip-planner benchmark: realistic wishes over the bundled catalogue.

Every request is planned as the service would (the default, length-scaled time budget),
its planner result re-verified by ``tourlink.planner.check``, and timed (wall and CPU
seconds, building the problem included). With ``--reference-seconds S`` the requests of
``--reference-min-days`` days or more (the first ``--reference-count`` of them, or all)
are also solved for S seconds on the *unpruned* problem, once with the engine's default
parameters and once with the trips' parameters; the reference is the best of those
runs and of every plan found for that request. The goal holds for a request when its
plan scores at least ``GOAL_RATIO`` of its reference.

    python benchmarks/trips.py                                   # feasibility, timing
    python benchmarks/trips.py --reference-seconds 60 --reference-count all \
        --reference-shard 0/2 --json ref0.json                   # half the references
    python benchmarks/trips.py --reference-seconds 60 --reference-count all \
        --reference-shard 1/2 --json ref1.json                   # the other half
    python benchmarks/trips.py --merge timing.json ref0.json ref1.json   # one summary
    python benchmarks/trips.py --cpu-budget --json c.json        # idle-CPU equivalent

``--cpu-budget`` gives every request's search the scaled budget in *CPU* seconds
(building included) instead of wall seconds: what the service gets on a machine whose
CPUs are free, measured on a busy one; each of a long trip's searches counts the CPU
seconds of its own thread (they run in parallel threads when the machine has the
CPUs, ``tourlink.trips.plan.PARALLEL_SEARCHES``), so ``cpu_seconds`` (the whole
process) may exceed the budget. The reference runs count CPU seconds too. Its wall times are not the service's. ``--only`` restricts the run to
requests whose name contains one of the given words (quick checks).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tourlink.catalog import AnyEntryT, load_catalog
from tourlink.planner import SolveParams, check, solve
from tourlink.trips import (
    SCALED,
    TRIP_PARAMS,
    ClockBudget,
    InfeasibleRequestError,
    TimeBudget,
    TripWish,
    UnknownAvailability,
    build,
    plan_trip,
)

TODAY = date(2027, 1, 1)
GOAL_RATIO = 0.98
"""The issue's objective goal: a plan scores at least this share of its reference."""


START = date(2027, 3, 2)
ARRIVALS = {
    "van-don": ("van-don-airport", "10:30", "flight"),
    "hanoi": ("noi-bai-airport", "09:00", "flight"),
    "cat-bi": ("cat-bi-airport", "11:00", "flight"),
    "ha-long": ("ha-long-bus-station", "09:30", "road"),
}
MARKETS: dict[str, dict[str, Any]] = {
    "japanese-couple": {"party": {"adults": 2}, "language": "ja",
                        "interests": {"caves": 5, "crafts": 4, "heritage": 4}},
    "korean-family": {"party": {"adults": 2, "children": 2}, "language": "ko",
                      "interests": {"islands": 5, "beaches": 4, "performances": 3}},
    "indian-vegetarian-group": {"party": {"adults": 8, "seniors": 2}, "language": "hi",
                                "dietary": "vegetarian",
                                "interests": {"spiritual": 5, "nature": 3}},
    "muslim-halal": {"party": {"adults": 3}, "language": "en", "dietary": "halal",
                     "interests": {"nature": 4, "caves": 4}},
    "vietnamese-weekenders": {"party": {"adults": 4}, "language": "vi", "pace": "packed",
                              "interests": {"food": 5, "beaches": 4, "nightlife": 4}},
    "wheelchair-user": {"party": {"adults": 1, "seniors": 1}, "language": "en",
                        "wheelchair": True, "pace": "relaxed",
                        "interests": {"heritage": 4}},
    "chinese-photographers": {"party": {"adults": 2}, "language": "zh",
                              "interests": {"photography": 5, "nature": 5}},
    "budget-backpacker": {"party": {"adults": 1}, "language": "en", "vehicle": "motorbike",
                          "budget_per_person_vnd": 9_000_000,
                          "interests": {"adventure": 5, "islands": 4}},
}  # fmt: skip
DEPARTURES = [
    "noi-bai-airport",
    "cat-bi-airport",
    "van-don-airport",
    "ha-long-bus-station",
]


def requests() -> list[tuple[str, dict[str, Any]]]:
    """At least 30 wishes: every market × several lengths and arrival points."""
    out = []
    arrivals = list(ARRIVALS)
    k = 0
    for market, extra in MARKETS.items():
        for days in (1, 3, 5, 7) if market != "wheelchair-user" else (1, 2, 3, 4):
            arrival = arrivals[k % len(arrivals)]
            point, at, by = ARRIVALS[arrival]
            dep = DEPARTURES[(k + 1) % len(DEPARTURES)] if days > 1 else point
            leave = "18:00" if days > 1 else "21:00"
            wish = {
                "start_date": (START + timedelta(days=k)).isoformat(),
                "days": days,
                "arrival": {"point": point, "time": at, "by": by},
                "departure": {"point": dep, "time": leave,
                              "by": "flight" if "airport" in dep else "road"},
                **extra,
            }  # fmt: skip
            if days == 1:
                wish["departure"]["by"] = "road"
            out.append((f"{market}-{days}d-{arrival}", wish))
            k += 1
    return out


def warm_up(entries: dict[str, AnyEntryT]) -> None:
    """Load (or compile) the planner's search kernels before anything is timed, so
    that the first request measures search, not Numba."""
    wish = TripWish.parse(requests()[0][1])
    solve(build(wish, entries, UnknownAvailability(), TODAY).problem, max_iterations=20)


def machine() -> dict[str, Any]:
    """Where the benchmark ran: CPUs, model, memory, load."""
    model = ""
    mem_gb = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram_gb": mem_gb,
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def reference(
    wish: TripWish,
    entries: dict[str, AnyEntryT],
    seconds: float,
    cpu: bool = False,
    runs: int = 2,
) -> list[float]:
    """Scores of ``seconds``-long runs (CPU seconds if ``cpu``) on the unpruned
    problem (0.0: infeasible): the trips' parameters (seed 3) and, with ``runs=2``,
    the engine's defaults (seed 2)."""
    full = build(wish, entries, UnknownAvailability(), TODAY, prune=False)
    out = []
    settings = ((TRIP_PARAMS, 3), (SolveParams(), 2))[:runs]
    for params, seed in settings:
        if cpu:
            stop = [ClockBudget(seconds, time.process_time)]
            ref = solve(full.problem, params=params, stop=stop, seed=seed)
        else:
            ref = solve(full.problem, params=params, time_limit=seconds, seed=seed)
        ok = ref.feasible and not check(full.problem, ref)
        out.append(ref.score if ok else 0.0)
    return out


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Feasibility, timing percentiles per length and reference ratios of ``rows``."""
    feasible = [r for r in rows if r["feasible"]]
    ratios = [r["ratio"] for r in rows if "ratio" in r]

    def p95(xs: list[float]) -> float | None:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(0.95 * len(xs)))] if xs else None

    def times(days: int, key: str = "seconds") -> list[float]:
        return [r[key] for r in rows if r["days"] == days and r["feasible"]]

    three = times(3)
    return {
        "requests": len(rows),
        "feasible": len(feasible),
        "feasible_percent": 100.0 * len(feasible) / len(rows) if rows else 0.0,
        "p50_3day_s": statistics.median(three) if three else None,
        "p95_3day_s": p95(three),
        "p95_3day_cpu_s": p95(times(3, "cpu_seconds")),
        "max_s_by_days": {
            d: max(times(d)) for d in sorted({r["days"] for r in rows}) if times(d)
        },
        "max_s": max((r["seconds"] for r in rows), default=None),
        "references": len(ratios),
        "min_ratio": min(ratios, default=None),
        "mean_ratio": statistics.mean(ratios) if ratios else None,
        "goal_ratio": GOAL_RATIO,
        "requests_meeting_goal": sum(x >= GOAL_RATIO for x in ratios),
        "goal_met_per_request": bool(ratios) and min(ratios) >= GOAL_RATIO,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--catalog", type=Path, default=None, help="catalogue dir (bundled)"
    )
    ap.add_argument(
        "--time-limit", type=float, default=None,
        help="solver seconds per request (default: the service's scaled budget)",
    )  # fmt: skip
    ap.add_argument("--reference-seconds", type=float, default=0.0)
    ap.add_argument(
        "--reference-count",
        default="all",
        help="how many of the long-enough requests get a reference, or all",
    )
    ap.add_argument(
        "--reference-min-days",
        type=int,
        default=3,
        help="references for requests of at least this many days",
    )
    ap.add_argument(
        "--only",
        nargs="+",
        default=None,
        help="only requests whose name contains one of these words",
    )
    ap.add_argument(
        "--reference-runs",
        type=int,
        choices=(1, 2),
        default=2,
        help="runs per reference: trips' parameters, then the engine's defaults",
    )
    ap.add_argument("--reference-shard", default="0/1", help="k/n: every n-th from k")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=1, help="the planner's seed")
    ap.add_argument("--cpu-budget", action="store_true",
                    help="scaled budgets in CPU seconds (idle-machine equivalent)")  # fmt: skip
    ap.add_argument("--merge", type=Path, nargs="+", default=None,
                    help="summarise earlier --json outputs (references from any)")  # fmt: skip
    args = ap.parse_args()
    if args.merge:
        merge(args.merge)
        return
    shard, shards = (int(x) for x in args.reference_shard.split("/"))
    count = 10**9 if args.reference_count == "all" else int(args.reference_count)
    catalog = load_catalog(args.catalog) if args.catalog else load_catalog()
    entries = dict(catalog.entries)
    limit: float | TimeBudget = SCALED if args.time_limit is None else args.time_limit
    warm_up(entries)
    before = machine()
    rows: list[dict[str, Any]] = []
    candidates = 0
    for name, raw in requests():
        if args.only and not any(w in name for w in args.only):
            continue
        wish = TripWish.parse(raw)
        t, c = time.perf_counter(), time.process_time()
        try:
            plan = plan_trip(wish, entries, UnknownAvailability(), TODAY,
                             time_limit=limit, seed=args.seed,
                             clock=time.thread_time if args.cpu_budget else None)  # fmt: skip
        except InfeasibleRequestError as exc:
            rows.append({"name": name, "days": wish.days, "feasible": False,
                         "code": exc.code, "seconds": time.perf_counter() - t,
                         "cpu_seconds": time.process_time() - c})  # fmt: skip
            print(f"{name:45s} INFEASIBLE {exc.code}: {exc.explanation}", flush=True)
            continue
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        ok = not check(plan.built.problem, plan.result) and plan.result.feasible
        row: dict[str, Any] = {
            "name": name, "days": wish.days, "feasible": ok, "seconds": seconds,
            "cpu_seconds": cpu, "score": plan.result.score,
            "iterations": plan.result.stats.iterations, "cost": plan.total_cost.total,
        }  # fmt: skip
        if (
            args.reference_seconds
            and wish.days >= args.reference_min_days
            and candidates < count
        ):
            if candidates % shards == shard:
                refs = reference(
                    wish,
                    entries,
                    args.reference_seconds,
                    args.cpu_budget,
                    args.reference_runs,
                )
                best = max([*refs, plan.result.score])
                row["reference_runs"] = refs
                row["reference"] = best
                row["ratio"] = plan.result.score / best if best else 1.0
            candidates += 1
        rows.append(row)
        extra = f" ratio {row['ratio']:.3f}" if "ratio" in row else ""
        if "ratio" in row and row["ratio"] < GOAL_RATIO:
            extra += " BELOW GOAL"
        print(f"{name:45s} ok={ok} {seconds:5.2f}s cpu {cpu:5.2f}s "
              f"score {plan.result.score:7.2f}{extra}", flush=True)  # fmt: skip
    summary = summarise(rows)
    summary["catalogue_entries"] = len(entries)
    summary["time_limit"] = "scaled" if args.time_limit is None else args.time_limit
    summary["cpu_budget"] = args.cpu_budget
    summary["machine_before"], summary["machine_after"] = before, machine()
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2))


def merge(paths: list[Path]) -> None:
    """Timing, feasibility and plan scores from the first file; references from all
    (the best reference found for each request), one line per request."""
    runs = [json.loads(p.read_text()) for p in paths]
    rows = [dict(r) for r in runs[0]["rows"]]
    by_name = {r["name"]: r for r in rows}
    for r in rows:
        r.pop("ratio", None)
        r.pop("reference", None)
    for run in runs:
        for other in run["rows"]:
            row = by_name.get(other["name"])
            if row is None:
                continue
            if "reference" in other:
                row["reference"] = max(other["reference"], row.get("reference", 0.0))
            if other.get("feasible") and "score" in other:  # every plan found counts
                row["best_plan"] = max(other["score"], row.get("best_plan", 0.0))
    for r in rows:
        if "reference" in r:
            best = max(r["reference"], r.get("best_plan", 0.0), r.get("score", 0.0))
            r["reference"] = best
            r["ratio"] = r.get("score", 0.0) / best if best else 1.0
            met = "met" if r["ratio"] >= GOAL_RATIO else "NOT MET"
            print(f"{r['name']:45s} score {r.get('score', 0.0):7.2f} "
                  f"ref {best:7.2f} ratio {r['ratio']:.3f} {met}")  # fmt: skip
        r.pop("best_plan", None)
    print(json.dumps(summarise(rows), indent=2))


if __name__ == "__main__":
    main()
