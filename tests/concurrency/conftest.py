"""Fixtures for the race, idempotency and crash tests: throwaway databases and a pool of
processes. Every test here is marked ``concurrency``; PostgreSQL ones also ``postgres``
(a missing server fails them in CI)."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.storage import pg
from tourlink.storage import Database, upgrade

from . import workers

PROCESSES = 8


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this package ``concurrency``."""
    for item in items:
        if "tests/concurrency/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.concurrency)


def migrated_url(url: str) -> str:
    """Migrate the database at ``url`` to head and return the URL."""
    db = Database.from_url(url)
    try:
        upgrade(db.engine)
    finally:
        db.dispose()
    return url


@pytest.fixture
def pg_race_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    with pg.temporary_database(postgres_admin_url) as url:
        yield migrated_url(url)


@pytest.fixture
def sqlite_race_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite file for one test."""
    return migrated_url(f"sqlite:///{tmp_path / 'race.sqlite3'}")


@pytest.fixture(scope="session")
def processes() -> Iterator[ProcessPoolExecutor]:
    """Worker processes (spawned: each imports tourlink afresh and has its own engine)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        yield pool


def fire(
    pool: ProcessPoolExecutor,
    url: str,
    jobs: Sequence[workers.Job],
    *,
    spread: int = PROCESSES,
    env: dict[str, str] | None = None,
) -> list[workers.Outcome]:
    """Split ``jobs`` over ``spread`` processes and start them all at the same instant."""
    start_at = time.time() + 3.0
    shares = [list(jobs[i::spread]) for i in range(spread)]
    futures = [
        pool.submit(workers.race, url, share, start_at, env)
        for share in shares
        if share
    ]
    return [outcome for f in futures for outcome in f.result(timeout=120)]
