"""Many processes race for the last places of a slot; the database must never oversell.

The suite begins with a negative control: with the capacity guard switched off (a
test-only switch making the store check by read-then-write, unlocked), the very same race
oversells — so the passing races below do prove the guard works.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pytest

from tourlink.storage.booking_ledger import UNSAFE_SWITCH

from . import world
from .conftest import fire

UNSAFE = {"TOURLINK_ENVIRONMENT": "test", UNSAFE_SWITCH: "1"}


def _kinds(outcomes: list[tuple[str, str]]) -> Counter[str]:
    return Counter(kind for kind, _ in outcomes)


def _places(url: str, key_resource: str = "cave") -> int:
    snapshot, _, _ = world.ledger(url)
    return max(
        (n for k, n in snapshot.counters.items() if k.resource_id == key_resource),
        default=0,
    )


@pytest.mark.postgres
def test_negative_control_without_the_guard_the_race_oversells(
    processes: ProcessPoolExecutor, pg_race_url: str
) -> None:
    world.seed(pg_race_url, capacity=50)
    jobs = [(world.SHOW, world.SLOT, None, 1) for _ in range(200)]
    outcomes = fire(processes, pg_race_url, jobs, env=UNSAFE)
    kinds = _kinds(outcomes)
    assert kinds["confirmed"] > 50, kinds
    _, report, confirmed = world.ledger(pg_race_url)
    assert len(confirmed) > 50
    assert report.over_capacity


@pytest.mark.postgres
def test_two_hundred_processes_clients_for_fifty_places_confirm_exactly_fifty(
    processes: ProcessPoolExecutor, pg_race_url: str
) -> None:
    world.seed(pg_race_url, capacity=50)
    jobs = [(world.SHOW, world.SLOT, None, 1) for _ in range(200)]
    kinds = _kinds(fire(processes, pg_race_url, jobs))
    assert kinds == {"confirmed": 50, "sold_out": 150}
    _, report, confirmed = world.ledger(pg_race_url)
    assert len(confirmed) == 50
    assert report.ok, report
    assert _places(pg_race_url) == 50


def test_sqlite_writers_queue_and_never_oversell(
    processes: ProcessPoolExecutor, sqlite_race_url: str
) -> None:
    world.seed(sqlite_race_url, capacity=20)
    jobs = [(world.SHOW, world.SLOT, None, 1) for _ in range(40)]
    kinds = _kinds(fire(processes, sqlite_race_url, jobs, spread=4))
    assert kinds == {"confirmed": 20, "sold_out": 20}
    _, report, confirmed = world.ledger(sqlite_race_url)
    assert len(confirmed) == 20
    assert report.ok, report


@pytest.mark.postgres
def test_products_sharing_pools_in_mixed_order_never_exceed_them_or_deadlock(
    processes: ProcessPoolExecutor, pg_race_url: str
) -> None:
    world.seed(pg_race_url, capacity=60, daily_cap=45)
    jobs = [
        (world.SHOW, world.SLOT, None, 1 + n % 3)
        if n % 2
        else (world.TOUR, world.TOUR_SLOT, None, 1 + n % 2)
        for n in range(160)
    ]
    outcomes = fire(processes, pg_race_url, jobs)
    kinds = _kinds(outcomes)
    assert set(kinds) <= {"confirmed", "sold_out"}, kinds
    snapshot, report, _ = world.ledger(pg_race_url)
    assert report.ok, report
    day = [n for k, n in snapshot.counters.items() if k.period.startswith("day:")]
    assert day == [45] or max(day) <= 45
    assert all(n <= 60 for n in snapshot.counters.values())
    assert max(day) >= 43  # sold to (nearly) the daily cap: parties are 1-3 places


@pytest.mark.postgres
def test_one_idempotency_key_fired_fifty_times_at_once_books_once(
    processes: ProcessPoolExecutor, pg_race_url: str
) -> None:
    world.seed(pg_race_url, capacity=50)
    jobs = [(world.SHOW, world.SLOT, "retry-after-timeout", 2) for _ in range(50)]
    outcomes = fire(processes, pg_race_url, jobs)
    assert {kind for kind, _ in outcomes} == {"confirmed"}
    assert len({booking_id for _, booking_id in outcomes}) == 1
    _, report, confirmed = world.ledger(pg_race_url)
    assert len(confirmed) == 1
    assert report.ok
    other = fire(
        processes,
        pg_race_url,
        [(world.SHOW, world.SLOT, "retry-after-timeout", 3)],
        spread=1,
    )
    assert other == [("conflict", "")]
