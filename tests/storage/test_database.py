"""The engine factory: SQLite pragmas, the var/ directory, transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tourlink.storage import Database, make_engine


def test_sqlite_engine_creates_the_directory_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "var" / "nested" / "tourlink.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
            assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
            assert connection.scalar(text("PRAGMA busy_timeout")) == 10_000
        assert path.exists()
    finally:
        engine.dispose()


def test_an_in_memory_sqlite_engine_needs_no_directory() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT 1")) == 1
    finally:
        engine.dispose()


def insert_then_fail(database: Database) -> None:
    with database.write() as session:
        session.execute(text("INSERT INTO t VALUES (1)"))
        raise RuntimeError("boom")


def test_a_failed_write_unit_of_work_is_rolled_back(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with database.write() as session:
            session.execute(text("CREATE TABLE t (n INTEGER)"))
        with pytest.raises(RuntimeError, match="boom"):
            insert_then_fail(database)
        with database.read() as session:
            assert session.scalar(text("SELECT COUNT(*) FROM t")) == 0
    finally:
        database.dispose()


@pytest.mark.postgres
def test_an_idle_postgres_connection_that_died_is_replaced(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ping per checkout, yet a pooled connection the server closed while it sat idle
    is noticed (pinged after idling) and replaced, not handed to a request."""
    from tourlink.storage import database as module

    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:
            pid = connection.scalar(text("SELECT pg_backend_pid()"))
        other = make_engine(postgres_url)
        with other.connect() as killer:
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            killer.commit()
        other.dispose()
        monkeypatch.setattr(module, "IDLE_PING_SECONDS", 0.0)
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT pg_backend_pid()")) != pid
    finally:
        engine.dispose()
