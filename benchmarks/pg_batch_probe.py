"""What set-based batching could save on PostgreSQL's side: bare bookings per second.

Runs ``pgbench`` on a throwaway database with two transactions, interleaved:

* **single**: the booking benchmark's bare transaction (one conditional counter update
  plus one booking insert per transaction), ``--clients`` clients;
* **batch N**: N bookings on random counters in one transaction, set-based: the touched
  counters locked in id order (``SELECT … ORDER BY id FOR UPDATE``), one conditional
  ``UPDATE … FROM (VALUES …)`` over the per-counter sums, one multi-row ``INSERT``;
  ``--batch-clients`` clients (as a few server processes would each send one batch).

It measures PostgreSQL's cost per booking for the shape of transaction that group commit
across slots would send (``docs/dev/booking-concurrency.md``), not the HTTP path.
Usage::

    python benchmarks/pg_batch_probe.py --seconds 8 --batch 8 --rounds 2
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

ADMIN = os.environ.get(
    "TOURLINK_BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
COUNTERS = 200
DATA = """'{"units": {"adult": 1}}'"""

SINGLE = f"""\\set k random(1, {COUNTERS})
BEGIN;
UPDATE bench_counters SET used = used + 1 WHERE id = :k AND used + 1 <= capacity;
INSERT INTO bench_bookings (slot_id, places, data, created_at)
  VALUES (:k, 1, {DATA}, now());
END;
"""


def batch_script(size: int) -> str:
    """A pgbench script booking ``size`` random counters in one set-based transaction."""
    keys = [f":k{i}" for i in range(size)]
    lines = [f"\\set k{i} random(1, {COUNTERS})" for i in range(size)]
    values = ", ".join(f"({k})" for k in keys)
    rows = ", ".join(f"({k}, 1, {DATA}, now())" for k in keys)
    lines += [
        "BEGIN;",
        f"SELECT 1 FROM bench_counters WHERE id IN ({', '.join(keys)}) "
        "ORDER BY id FOR UPDATE;",
        "UPDATE bench_counters c SET used = c.used + v.n "
        f"FROM (SELECT k, count(*)::int AS n FROM (VALUES {values}) w(k) GROUP BY k) v "
        "WHERE c.id = v.k AND c.used + v.n <= c.capacity RETURNING c.id;",
        f"INSERT INTO bench_bookings (slot_id, places, data, created_at) VALUES {rows};",
        "END;",
    ]
    return "\n".join(lines) + "\n"


def tps(database: str, script: str, clients: int, seconds: int) -> float:
    """Transactions per second of ``script`` under pgbench."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as file:
        file.write(script)
    try:
        command = ["pgbench", "-n", "-h", "127.0.0.1", "-U", "postgres"]
        command += ["-c", str(clients), "-j", "2", "-T", str(seconds)]
        out = subprocess.run(
            [*command, "-f", file.name, database],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        Path(file.name).unlink()
    match = re.search(r"tps = ([\d.]+)", out)
    return float(match.group(1)) if match else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--batch-clients", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    name = f"tourlink_probe_{secrets.token_hex(4)}"
    admin = create_engine(ADMIN, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        engine = create_engine(ADMIN.rsplit("/", 1)[0] + f"/{name}", poolclass=NullPool)
        with engine.begin() as c:
            c.execute(
                text(
                    "CREATE TABLE bench_counters (id int PRIMARY KEY, capacity int, used int)"
                )
            )
            c.execute(
                text(
                    "CREATE TABLE bench_bookings (seq bigserial PRIMARY KEY, slot_id int, "
                    "places int, data jsonb, created_at timestamptz)"
                )
            )
            c.execute(
                text(
                    "INSERT INTO bench_counters "
                    "SELECT g, 1000000, 0 FROM generate_series(1, :n) g"
                ),
                {"n": COUNTERS},
            )
        engine.dispose()
        print("| round | transaction | clients | tx/s | bookings/s |")
        print("|---|---|---:|---:|---:|")
        for round_ in range(1, args.rounds + 1):
            single = tps(name, SINGLE, args.clients, args.seconds)
            print(
                f"| {round_} | single | {args.clients} | {single:.0f} | {single:.0f} |"
            )
            for clients in args.batch_clients:
                rate = tps(name, batch_script(args.batch), clients, args.seconds)
                print(
                    f"| {round_} | batch {args.batch} | {clients} | {rate:.0f} "
                    f"| {rate * args.batch:.0f} |"
                )
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
