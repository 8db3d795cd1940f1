"""Building and cleaning the stores under test: memory, SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from tourlink.storage import Database, metadata, upgrade

TABLES = [t.name for t in reversed(metadata.sorted_tables)]
"""Tourlink tables, dependants first."""


def migrated(url: str) -> Database:
    """A database at ``url`` migrated to head."""
    database = Database.from_url(url)
    upgrade(database.engine)
    return database


def truncate(database: Database) -> None:
    """Empty every tourlink table (ids restart on PostgreSQL)."""
    with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            names = ", ".join(TABLES)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for name in TABLES:
                connection.execute(text(f"DELETE FROM {name}"))
