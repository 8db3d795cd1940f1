"""Trip-planner benchmark: realistic wishes over the bundled catalogue.

Every request is planned as the service would (default time limit), its planner result
re-verified by ``tourlink.planner.check``, and timed. With ``--reference-seconds S`` the
same problems are also solved for S seconds and the objective compared.

    python benchmarks/trips.py                       # feasibility and timing
    python benchmarks/trips.py --reference-seconds 60 --reference-count 10
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tourlink.catalog import load_catalog
from tourlink.planner import check, solve
from tourlink.trips import (
    InfeasibleRequestError,
    TripWish,
    UnknownAvailability,
    plan_trip,
)

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--catalog", type=Path, default=None, help="catalogue dir (bundled)"
    )
    ap.add_argument("--time-limit", type=float, default=1.5)
    ap.add_argument("--reference-seconds", type=float, default=0.0)
    ap.add_argument("--reference-count", type=int, default=10)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    catalog = load_catalog(args.catalog) if args.catalog else load_catalog()
    entries = catalog.entries
    rows = []
    refs = 0
    for name, raw in requests():
        wish = TripWish.parse(raw)
        t = time.perf_counter()
        try:
            plan = plan_trip(wish, entries, UnknownAvailability(), date(2027, 1, 1),
                             time_limit=args.time_limit, seed=1)  # fmt: skip
        except InfeasibleRequestError as exc:
            rows.append({"name": name, "days": wish.days, "feasible": False,
                         "code": exc.code, "seconds": time.perf_counter() - t})  # fmt: skip
            print(f"{name:45s} INFEASIBLE {exc.code}: {exc.explanation}")
            continue
        seconds = time.perf_counter() - t
        ok = not check(plan.built.problem, plan.result)
        row = {"name": name, "days": wish.days, "feasible": ok, "seconds": seconds,
               "score": plan.result.score, "cost": plan.total_cost.total}  # fmt: skip
        if args.reference_seconds and refs < args.reference_count and wish.days >= 3:
            ref = solve(plan.built.problem, time_limit=args.reference_seconds, seed=2)
            best = (
                max(ref.score, plan.result.score) if ref.feasible else plan.result.score
            )
            row["reference"] = best
            row["ratio"] = plan.result.score / best if best else 1.0
            refs += 1
        rows.append(row)
        extra = f" ratio {row['ratio']:.3f}" if "ratio" in row else ""
        print(
            f"{name:45s} ok={ok} {seconds:5.2f}s score {plan.result.score:7.2f}{extra}"
        )
    feasible = [r for r in rows if r["feasible"]]
    three = sorted(r["seconds"] for r in rows if r["days"] == 3 and r["feasible"])
    summary = {
        "requests": len(rows),
        "feasible_percent": 100.0 * len(feasible) / len(rows),
        "p50_3day_s": statistics.median(three) if three else None,
        "p95_3day_s": three[min(len(three) - 1, int(0.95 * len(three)))] if three else None,
        "min_ratio": min((r["ratio"] for r in rows if "ratio" in r), default=None),
        "mean_ratio": statistics.mean([r["ratio"] for r in rows if "ratio" in r])
        if any("ratio" in r for r in rows) else None,
        "catalogue_entries": len(entries),
        "machine": f"{platform.machine()} {platform.processor()}",
    }  # fmt: skip
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
