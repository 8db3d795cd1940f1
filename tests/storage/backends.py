"""Building and cleaning the stores under test: memory, SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

from tourlink.booking import BookingService, reconcile
from tourlink.storage import Database, SqlBookingStore, metadata, upgrade


def existing_tables(database: Database) -> list[str]:
    """The migrated tables present in the database, dependants first."""
    present = set(inspect(database.engine).get_table_names()) - {"alembic_version"}
    known = [t.name for t in reversed(metadata.sorted_tables) if t.name in present]
    return sorted(present - set(known)) + known


def migrated(url: str) -> Database:
    """A database at ``url`` migrated to head."""
    database = Database.from_url(url)
    upgrade(database.engine)
    return database


def truncate(database: Database) -> None:
    """Empty every tourlink table (ids restart on PostgreSQL)."""
    tables = existing_tables(database)
    with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            names = ", ".join(tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f"DELETE FROM {name}"))


def assert_ledger_is_sound(service: BookingService, database: Database) -> None:
    """The booking ledger stored in ``database`` reconciles at ``service``'s now: every
    counter equals the sum of its live allocations, none over capacity."""
    report = reconcile(SqlBookingStore(database).snapshot(), service.clock.now())
    assert report.ok, report
