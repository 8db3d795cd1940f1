"""Trip-planner benchmark: realistic wishes over the bundled catalogue.

Every request is planned as the service would (the default, length-scaled time budget),
its planner result re-verified by ``tourlink.planner.check``, and timed (wall and CPU
seconds, building the problem included). With ``--reference-seconds S`` the first
``--reference-count`` requests of three days or more are also solved for S seconds on
the *unpruned* problem, once with the engine's default parameters and once with the
trips' parameters; the reference is the best of those runs and the plan itself.

    python benchmarks/trips.py                                   # feasibility, timing
    python benchmarks/trips.py --reference-seconds 60 --reference-count 8
    python benchmarks/trips.py --reference-seconds 60 --reference-count 8 \
        --reference-shard 0/2 --json a.json                      # half the references
    python benchmarks/trips.py --merge a.json b.json             # one summary
    python benchmarks/trips.py --cpu-budget --json c.json        # idle-CPU equivalent

``--cpu-budget`` gives every request's search the scaled budget in *CPU* seconds of this
process (building included) instead of wall seconds: what the service gets on a
machine whose CPU is free, measured on a busy one. Its wall times are not the
service's.
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
    InfeasibleRequestError,
    TimeBudget,
    TripWish,
    UnknownAvailability,
    build,
    plan_trip,
    time_budget,
)

TODAY = date(2027, 1, 1)


class CpuSeconds:
    """Stop after ``seconds`` of this process's CPU time from creation."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(seconds, 0.05)
        self.start = time.process_time()

    def _used(self) -> float:
        return time.process_time() - self.start

    def done(self, iterations: int, elapsed: float) -> bool:  # noqa: ARG002
        """True once the CPU seconds are used."""
        return self._used() >= self.seconds

    def progress(self, iterations: int, elapsed: float) -> float:  # noqa: ARG002
        """Used share of the CPU seconds."""
        return min(1.0, self._used() / self.seconds)


def plan_on_cpu_budget(
    wish: TripWish, entries: dict[str, AnyEntryT], seed: int = 1
) -> Any:
    """Build, solve for ``time_budget(days)`` CPU seconds in all, check: the score and
    the built problem (``plan_trip``'s steps with a CPU clock)."""
    c0 = time.process_time()
    built = build(wish, entries, UnknownAvailability(), TODAY)
    left = time_budget(wish.days) - (time.process_time() - c0)
    result = solve(
        built.problem, params=TRIP_PARAMS, stop=[CpuSeconds(left)], seed=seed
    )
    return built, result


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
    wish: TripWish, entries: dict[str, AnyEntryT], seconds: float
) -> list[float]:
    """Scores of ``seconds``-long runs on the unpruned problem (0.0: infeasible)."""
    full = build(wish, entries, UnknownAvailability(), TODAY, prune=False)
    out = []
    for params, seed in ((SolveParams(), 2), (TRIP_PARAMS, 3)):
        ref = solve(full.problem, params=params, time_limit=seconds, seed=seed)
        ok = ref.feasible and not check(full.problem, ref)
        out.append(ref.score if ok else 0.0)
    return out


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Feasibility, 3-day timing percentiles and reference ratios of ``rows``."""
    feasible = [r for r in rows if r["feasible"]]
    three = sorted(r["seconds"] for r in rows if r["days"] == 3 and r["feasible"])
    cpu3 = sorted(r["cpu_seconds"] for r in rows if r["days"] == 3 and r["feasible"])
    ratios = [r["ratio"] for r in rows if "ratio" in r]

    def p95(xs: list[float]) -> float | None:
        return xs[min(len(xs) - 1, int(0.95 * len(xs)))] if xs else None

    return {
        "requests": len(rows),
        "feasible": len(feasible),
        "feasible_percent": 100.0 * len(feasible) / len(rows) if rows else 0.0,
        "p50_3day_s": statistics.median(three) if three else None,
        "p95_3day_s": p95(three),
        "p95_3day_cpu_s": p95(cpu3),
        "max_s": max((r["seconds"] for r in rows), default=None),
        "references": len(ratios),
        "min_ratio": min(ratios, default=None),
        "mean_ratio": statistics.mean(ratios) if ratios else None,
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
    ap.add_argument("--reference-count", type=int, default=10)
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
    catalog = load_catalog(args.catalog) if args.catalog else load_catalog()
    entries = dict(catalog.entries)
    limit: float | TimeBudget = SCALED if args.time_limit is None else args.time_limit
    before = machine()
    rows: list[dict[str, Any]] = []
    candidates = 0
    for name, raw in requests():
        wish = TripWish.parse(raw)
        t, c = time.perf_counter(), time.process_time()
        if args.cpu_budget:
            built, result = plan_on_cpu_budget(wish, entries, args.seed)
            ok = result.feasible and not check(built.problem, result)
            rows.append({"name": name, "days": wish.days, "feasible": ok,
                         "seconds": time.perf_counter() - t,
                         "cpu_seconds": time.process_time() - c, "score": result.score,
                         "iterations": result.stats.iterations})  # fmt: skip
            print(f"{name:45s} ok={ok} cpu {rows[-1]['cpu_seconds']:5.2f}s "
                  f"score {result.score:7.2f}", flush=True)  # fmt: skip
            continue
        try:
            plan = plan_trip(wish, entries, UnknownAvailability(), TODAY,
                             time_limit=limit, seed=args.seed)  # fmt: skip
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
            and wish.days >= 3
            and candidates < args.reference_count
        ):
            if candidates % shards == shard:
                refs = reference(wish, entries, args.reference_seconds)
                best = max([*refs, plan.result.score])
                row["reference_runs"] = refs
                row["reference"] = best
                row["ratio"] = plan.result.score / best if best else 1.0
            candidates += 1
        rows.append(row)
        extra = f" ratio {row['ratio']:.3f}" if "ratio" in row else ""
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
    """Timing and feasibility from the first file; reference ratios from all."""
    runs = [json.loads(p.read_text()) for p in paths]
    rows = [dict(r) for r in runs[0]["rows"]]
    for r in rows:
        r.pop("ratio", None)
    for run in runs:
        for other in run["rows"]:
            if "ratio" in other:
                row = next(r for r in rows if r["name"] == other["name"])
                best = max(other["reference"], row.get("score", 0.0))
                row["reference"] = best
                row["ratio"] = row["score"] / best if best else 1.0
    for r in rows:
        if "ratio" in r:
            print(f"{r['name']:45s} score {r['score']:7.2f} ref {r['reference']:7.2f} "
                  f"ratio {r['ratio']:.3f}")  # fmt: skip
    print(json.dumps(summarise(rows), indent=2))


if __name__ == "__main__":
    main()
