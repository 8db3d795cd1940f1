"""Booking throughput and latency over HTTP on PostgreSQL, against pgbench's bare rate.

Creates a throwaway database, seeds a 200-slot product (capacity high enough never to sell
out) and one hot slot, starts ``tourlink serve --workers N`` on 127.0.0.1 and fires
confirmed bookings (``POST /api/v1/bookings``) from concurrent clients:

1. *many slots*: closed loop, maximum sustained rate and p50/p99 latency;
2. *hot slot*: the same, every request on one slot;
3. *half rate*: open loop at half of (1)'s rate, p50/p99 latency;
4. ``pgbench`` running the equivalent bare transaction (conditional counter update plus a
   booking insert) on the same database, for the ratio.

Afterwards the ledger is reconciled (zero oversell). Usage::

    python benchmarks/booking.py [--seconds 10] [--clients 32] [--workers 2] [--plot PNG]

``--plot`` draws the run: CPU per booking (load generator, server, PostgreSQL) beside
pgbench's CPU per transaction, and the latency percentiles of the three phases against
the 50 ms goal.

The load generator is a minimal asyncio HTTP/1.1 keep-alive client (it shares the cores
with the server and PostgreSQL, so it must be cheap); its CPU share is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tourlink.booking import (
    BookingService,
    Product,
    ProductOption,
    Resource,
    Slot,
    UnitType,
    reconcile,
)
from tourlink.core.clock import SystemClock
from tourlink.storage import Database, SqlBookingStore, upgrade

ADMIN = os.environ.get(
    "TOURLINK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
T = TypeVar("T")
SLOTS = 200
MAX_IDLE_SECONDS = 2.0
"""The open loop reuses a keep-alive connection only if it was idle less than this."""
START = datetime(2031, 1, 5, 12, 0, tzinfo=UTC)
PGBENCH_SCRIPT = """\\set k random(1, {slots})
BEGIN;
UPDATE bench_counters SET used = used + 1 WHERE id = :k AND used + 1 <= capacity;
INSERT INTO bench_bookings (slot_id, places, data, created_at)
  VALUES (:k, 1, '{{"units": {{"adult": 1}}}}', now());
END;
"""


def seed(url: str) -> None:
    db = Database.from_url(url)
    upgrade(db.engine)
    svc = BookingService(SqlBookingStore(db), SystemClock(), ticket_secret=b"b" * 32)
    svc.register_resource(Resource("hall", "Hall", capacity=1_000_000))
    unit = UnitType("adult", 100_000, {"hall": 1})
    svc.register_product(Product("bench", "bench", (ProductOption("std", (unit,)),)))
    for n in range(SLOTS + 1):  # slot 0 is the hot slot; each slot its own hour
        start = START + timedelta(hours=n)
        svc.register_slot(Slot(f"s{n}", "bench", start, start + timedelta(minutes=45)))
    db.dispose()


def serve(url: str, workers: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is already in use; pass --port")
    env = dict(os.environ, TOURLINK_DATABASE_URL=url, TOURLINK_ENVIRONMENT="production")
    env.update(TOURLINK_SECRET_KEY=secrets.token_hex(32))
    tourlink = str(Path(sys.executable).with_name("tourlink"))
    args = [tourlink, "serve", "--port", str(port), "--workers", str(workers)]
    args.append("--no-access-log")  # as a high-load deployment runs it
    with log.open("ab") as out:
        process = subprocess.Popen(
            args, env=env, stdout=out, stderr=out, start_new_session=True
        )
    for _ in range(300):
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/v1/products", timeout=2
            ):
                return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    raise SystemExit(f"server did not start; see {log}")


def body(slot: int) -> bytes:
    return json.dumps(
        {
            "product_id": "bench",
            "option_id": "std",
            "slot_id": f"s{slot}",
            "units": {"adult": 1},
            "contact": {"name": "Bench", "email": "bench@example.vn"},
            "confirm": True,
        }
    ).encode()


class Connection:
    """A minimal HTTP/1.1 keep-alive client connection.

    The load generator shares the two cores with the server and PostgreSQL, so it must
    cost as little as possible per request: one pre-encoded write, a status line, the
    headers and a ``Content-Length`` body read (several times cheaper than a general
    client such as httpx).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, payload: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port
            )
        assert self.reader is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        status = int((await self.reader.readline()).split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and b"close" in value.lower():
                close = True
        await self.reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def closed_loop(
    port: int, clients: int, seconds: float, hot: bool
) -> tuple[float, list[float], int]:
    """``clients`` connections, each sending the next booking when the last answered."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def run(n: int) -> None:
        nonlocal errors
        connection = Connection("127.0.0.1", port)
        i = n
        while time.perf_counter() < deadline:
            i += clients
            payload = body(0 if hot else 1 + i % SLOTS)
            t0 = time.perf_counter()
            if await connection.post("/api/v1/bookings", payload) == 201:
                latencies.append(time.perf_counter() - t0)
            else:
                errors += 1
        connection.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(run(n) for n in range(clients)))
    return len(latencies) / (time.perf_counter() - t0), latencies, errors


async def open_loop(
    port: int, rate: float, seconds: float
) -> tuple[float, list[float]]:
    """Bookings started on a fixed schedule whatever the answers (a new connection if
    every open one is busy); latency counts from the scheduled start, so a stalled server
    cannot hide its queue (no coordinated omission)."""
    latencies: list[float] = []
    idle: list[tuple[Connection, float]] = []

    async def one(i: int, scheduled: float) -> None:
        connection, since = idle.pop() if idle else (None, 0.0)
        if connection is None or time.perf_counter() - since > MAX_IDLE_SECONDS:
            # The server closes keep-alive connections idle for 5 s (uvicorn's
            # default); a connection opened during a stall may sit that long at the
            # bottom of the stack, and a request sent on it would find it closed.
            if connection is not None:
                connection.close()
            connection = Connection("127.0.0.1", port)
        if await connection.post("/api/v1/bookings", body(1 + i % SLOTS)) == 201:
            latencies.append(time.perf_counter() - scheduled)
        idle.append((connection, time.perf_counter()))

    tasks = []
    t0 = time.perf_counter()
    for i in range(int(rate * seconds)):
        scheduled = t0 + i / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(one(i, scheduled)))
    await asyncio.gather(*tasks)
    for connection, _since in idle:
        connection.close()
    return len(latencies) / (time.perf_counter() - t0), latencies


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of live processes (Linux ``/proc``; 0 elsewhere)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU seconds used so far by the local PostgreSQL server: its live processes plus
    the exited children its postmaster has reaped (each connection is a process that
    exits when it closes). Linux ``/proc``; 0 where it cannot be read."""
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "postgres":
                stats[int(entry.name)] = (
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()
                )
        except OSError:
            continue
    ticks = 0
    for fields in stats.values():
        ticks += int(fields[11]) + int(fields[12])
        if int(fields[1]) not in stats:  # the postmaster: add its reaped children
            ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


class DatabaseBackends:
    """CPU seconds of the PostgreSQL backends connected to one database (Linux
    ``/proc``). Unlike :func:`postgres_cpu_seconds` it leaves out other databases' work,
    so it stays meaningful on a machine shared with other PostgreSQL users."""

    def __init__(self, name: str) -> None:
        self._admin = create_engine(ADMIN, poolclass=NullPool)
        self._name = name
        self.pids: list[int] = []
        self.seen: dict[int, float] = {}
        """pid -> the most CPU seconds seen for it (a backend's count only grows)."""

    def refresh(self) -> None:
        """Look up the database's client backends again."""
        with self._admin.connect() as c:
            self.pids = list(
                c.scalars(
                    text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = :name "
                        "AND backend_type = 'client backend'"
                    ),
                    {"name": self._name},
                )
            )

    def sample(self) -> dict[int, float]:
        """Read the CPU of the known backends; returns a copy of :attr:`seen`."""
        for pid in self.pids:
            self.seen[pid] = max(self.seen.get(pid, 0.0), cpu_seconds([pid]))
        return dict(self.seen)

    def since(self, before: dict[int, float]) -> float:
        """CPU seconds used since ``before`` (a :meth:`sample`) by the backends seen."""
        return sum(v - before.get(pid, 0.0) for pid, v in self.seen.items())


def group_pids(pgid: int) -> list[int]:
    """The processes of the server's process group (master and workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def measured(
    run: Callable[[], Coroutine[object, object, T]],
    server: int,
    backends: DatabaseBackends,
) -> tuple[T, float, Cpu]:
    """Run a load phase; return its result, wall seconds and the CPU seconds used
    meanwhile by the load generator, the server processes and PostgreSQL (all of it,
    and the backends of the benchmark's database)."""
    pids = group_pids(server)
    backends.refresh()  # the server's pooled connections, open since the warm-up
    db0 = backends.sample()
    server0, client0, pg0, wall0 = (
        cpu_seconds(pids),
        time.process_time(),
        postgres_cpu_seconds(),
        time.perf_counter(),
    )
    # The load generator's own garbage collector stays off during a phase: the open
    # loop keeps a task per request until the end, and a full collection over tens of
    # thousands of them paused the generator for 50-170 ms, which the open loop counted
    # as the server's latency (its schedule ran on while nothing was sent or read).
    gc.collect()
    gc.disable()
    try:
        result: T = asyncio.run(run())
    finally:
        gc.enable()
    wall = time.perf_counter() - wall0
    cpu = Cpu(
        client=time.process_time() - client0,
        server=cpu_seconds(pids) - server0,
        postgres=postgres_cpu_seconds() - pg0,
        database=0.0,
    )
    backends.refresh()  # a connection opened during the phase counts from its start
    backends.sample()
    return result, wall, replace(cpu, database=backends.since(db0))


@dataclass(frozen=True)
class Cpu:
    """CPU seconds of one phase, by who used them."""

    client: float
    server: float
    postgres: float
    database: float
    """PostgreSQL's backends of the benchmark's database (part of ``postgres``)."""

    @property
    def total(self) -> float:
        return self.client + self.server + self.postgres


def pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


def plot(
    path: Path,
    api: tuple[Cpu, int],
    bench: tuple[Cpu, int],
    latencies: dict[str, list[float]],
) -> None:
    """CPU per booking beside CPU per pgbench transaction (stacked by who used it), and
    each phase's latency percentiles (log scale) with the half-rate p99 goal."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, NullFormatter, StrMethodFormatter

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    parts = [
        ("load generator / pgbench", "tab:grey", "client"),
        ("server processes", "tab:blue", "server"),
        ("PostgreSQL", "tab:orange", "postgres"),
    ]
    bars = [("API booking", *api), ("pgbench transaction", *bench)]
    offsets = [0.0] * len(bars)
    for label, colour, part in parts:
        widths = [getattr(cpu, part) / max(n, 1) * 1000 for _name, cpu, n in bars]
        left.barh([b[0] for b in bars], widths, left=offsets, color=colour, label=label)
        offsets = [o + w for o, w in zip(offsets, widths, strict=True)]
    for y, (_name, cpu, n) in enumerate(bars):
        total = cpu.total / max(n, 1) * 1000
        left.text(total, y, f" {total:.2f} ms", va="center", fontsize=8)
    left.set_xlabel("CPU per booking / per transaction (ms)")
    left.legend(fontsize=7, loc="upper right")
    left.set_xlim(0, max(c.total / max(n, 1) * 1000 for _b, c, n in bars) * 1.2)
    left.set_title("Where the CPU goes")
    qs = [q / 10 for q in range(10, 1000, 5)]
    for name, values in latencies.items():
        if len(values) < 100:
            continue
        cuts = statistics.quantiles(values, n=1000)
        right.plot(qs, [cuts[int(q * 10) - 1] * 1000 for q in qs], label=name)
    right.axhline(
        50, color="red", lw=0.8, ls="--", label="goal: p99 < 50 ms at half rate"
    )
    right.axvline(99, color="grey", lw=0.5)
    right.set_yscale("log")
    # Plain numbers at 1-2-5 steps instead of the log axis' powers of ten.
    right.yaxis.set_major_locator(FixedLocator([1, 2, 5, 10, 20, 50, 100, 200, 500]))
    right.yaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    right.yaxis.set_minor_formatter(NullFormatter())
    right.set_xlabel("percentile")
    right.set_ylabel("latency (ms)")
    right.legend(fontsize=7)
    right.set_title("Latency by phase")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def pgbench(url: str, clients: int, seconds: int) -> tuple[float, int, Cpu]:
    """pgbench's rate (tx/s), its number of transactions and the CPU it took (pgbench
    itself as the client, PostgreSQL's processes as the server)."""
    engine = create_engine(url, poolclass=NullPool)
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
                "INSERT INTO bench_counters SELECT g, 1000000, 0 FROM generate_series(1, :n) g"
            ),
            {"n": SLOTS},
        )
    engine.dispose()
    name = url.rsplit("/", 1)[1]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT.format(slots=SLOTS))
    pg0 = postgres_cpu_seconds()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    backends = DatabaseBackends(name)
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            "pgbench",
            "-n",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-c",
            str(clients),
            "-j",
            "2",
            "-T",
            str(seconds),
            "-f",
            script.name,
            name,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # pgbench's connections exit with it: sample their CPU while they run (every 50 ms;
    # what a backend spends after its last sample, its final transaction and exit, is
    # missed).
    while process.poll() is None:
        time.sleep(0.05)
        if not backends.pids and time.perf_counter() - started > 1.0:
            backends.refresh()
        backends.sample()
    out, err = process.communicate()
    if process.returncode:
        raise SystemExit(f"pgbench failed: {err}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = Cpu(
        client=(children.ru_utime - children0.ru_utime)
        + (children.ru_stime - children0.ru_stime),
        server=0.0,
        postgres=postgres_cpu_seconds() - pg0,
        database=backends.since({}),
    )
    os.unlink(script.name)
    match = re.search(r"tps = ([\d.]+)", out)
    done = re.search(r"number of transactions actually processed: (\d+)", out)
    return (
        float(match.group(1)) if match else float("nan"),
        int(done.group(1)) if done else 0,
        cpu,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--plot", type=Path, help="write a chart of the run (PNG)")
    args = parser.parse_args()
    name = f"tourlink_bench_{secrets.token_hex(4)}"
    admin = create_engine(ADMIN, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    process = None
    try:
        seed(url)
        log = Path(tempfile.gettempdir()) / f"{name}.log"
        process = serve(url, args.workers, args.port, log)
        port = args.port
        asyncio.run(closed_loop(port, args.clients, 2, hot=False))  # warm-up
        backends = DatabaseBackends(name)
        (rate, lat, err), wall, cpu = measured(
            lambda: closed_loop(port, args.clients, args.seconds, False),
            process.pid,
            backends,
        )
        (hot_rate, hot_lat, hot_err), *_ = measured(
            lambda: closed_loop(port, args.clients, args.seconds, True),
            process.pid,
            backends,
        )
        (half_rate, half_lat), *_ = measured(
            lambda: open_loop(port, rate / 2, args.seconds), process.pid, backends
        )
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        process = None
        db = Database.from_url(url)
        report = reconcile(SqlBookingStore(db).snapshot(), datetime.now(UTC))
        db.dispose()
        tps, transactions, bench_cpu = pgbench(url, args.clients, args.seconds)
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGKILL)
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print("| run | bookings/s | p50 ms | p99 ms | non-201 |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| many slots, {args.clients} clients | {rate:.0f} | {pct(lat, 50):.1f} | {pct(lat, 99):.1f} | {err} |"
    )
    print(
        f"| hot slot, {args.clients} clients | {hot_rate:.0f} | {pct(hot_lat, 50):.1f} | {pct(hot_lat, 99):.1f} | {hot_err} |"
    )
    print(
        f"| open loop at {rate / 2:.0f}/s | {half_rate:.0f} | {pct(half_lat, 50):.1f} | {pct(half_lat, 99):.1f} | |"
    )
    print(f"| pgbench bare transaction, {args.clients} clients | {tps:.0f} | | | |")
    cores = os.cpu_count() or 1
    booked = max(len(lat), 1)
    print(
        f"\nmany slots, CPU per booking: load generator {cpu.client / booked * 1000:.2f} ms, "
        f"server processes {cpu.server / booked * 1000:.2f} ms, PostgreSQL "
        f"{cpu.postgres / booked * 1000:.2f} ms (its backends of this database "
        f"{cpu.database / booked * 1000:.2f} ms), in all {cpu.total / booked * 1000:.2f} ms "
        f"({cpu.total / wall / cores:.0%} of the machine; server processes "
        f"{cpu.server / wall / cores:.0%})"
    )
    per_tx = bench_cpu.total / max(transactions, 1)
    print(
        f"pgbench, CPU per transaction: pgbench {bench_cpu.client / max(transactions, 1) * 1000:.2f} ms, "
        f"PostgreSQL {bench_cpu.postgres / max(transactions, 1) * 1000:.2f} ms (its "
        f"backends of this database {bench_cpu.database / max(transactions, 1) * 1000:.2f} "
        "ms), in all "
        f"{per_tx * 1000:.2f} ms"
    )
    print(
        f"\nAPI / pgbench: {rate / tps:.0%} (by CPU per booking and per transaction, "
        f"less sensitive to other load: {per_tx / (cpu.total / booked):.0%}); reconcile ok: "
        f"{report.ok} (mismatched {len(report.mismatched)}, over capacity "
        f"{len(report.over_capacity)})"
    )
    if args.plot is not None:
        plot(
            args.plot,
            (cpu, booked),
            (bench_cpu, transactions),
            {
                f"many slots, closed loop ({rate:.0f}/s)": lat,
                f"hot slot, closed loop ({hot_rate:.0f}/s)": hot_lat,
                f"open loop at half rate ({half_rate:.0f}/s)": half_lat,
            },
        )
        print(f"chart: {args.plot}")


if __name__ == "__main__":
    main()
