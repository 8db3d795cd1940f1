"""Store fixtures parametrised over memory, SQLite and PostgreSQL (the contract tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tourlink.accounts import AccountStore, MemoryAccountStore
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.catalog.ports import CatalogRepository
from tourlink.storage import Database, SqlAccountStore, SqlCatalogRepository

from .backends import migrated, truncate

BACKENDS = [
    pytest.param("memory"),
    pytest.param("sqlite"),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One migrated SQLite file for the session (emptied before each test that uses it)."""
    path = Path(tmp_path_factory.mktemp("sqlite")) / "var" / "tourlink.sqlite3"
    database = migrated(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def postgres_database(postgres_url: str) -> Iterator[Database]:
    """The session's migrated PostgreSQL database (emptied before each test that uses it)."""
    database = migrated(postgres_url)
    yield database
    database.dispose()


SQL_BACKENDS = BACKENDS[1:]


@pytest.fixture(params=SQL_BACKENDS)
def database(request: pytest.FixtureRequest) -> Database:
    """An empty migrated database of each SQL backend."""
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return database


@pytest.fixture(params=BACKENDS)
def repository(request: pytest.FixtureRequest) -> CatalogRepository:
    """An empty catalogue store of each backend."""
    if request.param == "memory":
        return MemoryCatalogRepository()
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return SqlCatalogRepository(database)


@pytest.fixture(params=BACKENDS)
def account_store(request: pytest.FixtureRequest) -> AccountStore:
    """An empty account store of each backend."""
    if request.param == "memory":
        return MemoryAccountStore()
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return SqlAccountStore(database)
