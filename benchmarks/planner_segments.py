"""Exact segment check of a planner result (TOPTW instances).

Solves one instance (CPU seconds, as ``planner.py --cpu-time``), then re-plans every
run of ``L`` consecutive visits of every day exactly - the best path from the visit
before the run to the visit after it, leaving at the same time and arriving by the
latest arrival that keeps the rest of the day feasible, through the run's own visits
and the ``K`` unvisited sites nearest to it that fit (``search.segment.best_path``) -
and prints, per day and ``L``, how many runs a path of more prize could replace.
A run with no such window is a plan no k-out-(k+1)-in move of up to ``L`` visits with
any re-sequencing improves (within the candidates).

    python benchmarks/planner_segments.py pr16 --m 1 --seed 1 --seconds 10 --max-len 12 --near 40
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from planner import DEFAULT_DATA, CpuSeconds, warm_up
from tourlink.planner import read_toptw, solve
from tourlink.planner.compile import compile_problem
from tourlink.planner.search._jit import INF
from tourlink.planner.search.route import earliest_start, latest_arrival
from tourlink.planner.search.segment import MAX_CANDIDATES, best_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instance")
    ap.add_argument("--m", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--min-len", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=12)
    ap.add_argument("--near", type=int, default=40, help="unvisited candidates K")
    ap.add_argument("--max-labels", type=int, default=4_000_000)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    p = read_toptw(args.data / "instances" / f"{args.instance}.txt", tours=args.m)
    warm_up()  # compile before the clock starts
    r = solve(p, seed=args.seed, stop=[CpuSeconds(args.seconds)])
    d = compile_problem(p).data
    svc, wo, wc, nw, prize = d[2], d[3], d[4], d[5], d[6]
    days = [[v.node for v in tp] for tp in r.tours]
    print(f"{args.instance} m={args.m} seed={args.seed}: {r.score:g}", days)
    visited = {v for day in days for v in day}
    unvisited = [
        v
        for v in range(p.n_nodes)
        if v not in visited and v not in p.terminals and prize[v] > 0
    ]
    path = np.zeros(64, dtype=np.int64)
    for t, tp in enumerate(r.tours):
        tt = d[0][d[1][t]]
        full = [tp.start_node, *days[t], tp.end_node]
        n = len(full)
        st = [tp.departure] * n
        for i in range(1, n):
            a = (
                st[i - 1]
                + (svc[full[i - 1]] if i > 1 else 0)
                + tt[full[i - 1], full[i]]
            )
            st[i] = a if i == n - 1 else earliest_start(wo, wc, nw, full[i], a)
        la = [p.tours[t].latest] * n
        for i in range(n - 2, 0, -1):
            j = full[i]
            la[i] = latest_arrival(
                wo, wc, nw, j, la[i + 1] - tt[j, full[i + 1]] - svc[j]
            )
        for length in range(args.min_len, min(args.max_len, n - 2) + 1):
            t0 = time.process_time()
            better = cut = most = 0
            for i in range(1, n - length):
                seg = full[i : i + length]
                prev, nxt = full[i - 1], full[i + length]
                dep = st[i - 1] + (svc[prev] if i > 1 else 0)
                deadline = la[i + length]
                near = []
                for v in unvisited:
                    b = earliest_start(wo, wc, nw, v, dep + tt[prev, v])
                    if b < INF and b + svc[v] + tt[v, nxt] <= deadline:
                        gap = min(min(tt[s, v], tt[v, s]) for s in [prev, *seg, nxt])
                        near.append((gap, v))
                near.sort()
                k = min(args.near, MAX_CANDIDATES - length)
                cands = np.array(seg + [v for _, v in near[:k]], dtype=np.int64)
                floor = float(sum(prize[v] for v in seg))
                score, _, found, made = best_path(
                    tt, svc, wo, wc, nw, prize, prev, dep, nxt, deadline,
                    cands, floor, args.max_labels, path,
                )  # fmt: skip
                most = max(most, made)
                cut += made >= args.max_labels
                if found > 0:
                    better += 1
                    print(f"  day {t} visits {i}..{i + length - 1}: {floor:g} -> "
                          f"{score:g} via {path[:found].tolist()}")  # fmt: skip
            print(
                f"day {t} L={length}: {n - length - 1} runs, {better} improvable, "
                f"{cut} cut at the label limit, at most {most} labels, "
                f"{time.process_time() - t0:.1f} CPU s"
            )


if __name__ == "__main__":
    main()
