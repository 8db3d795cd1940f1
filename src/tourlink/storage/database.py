"""Engines and units of work: one ``Database`` per process, one transaction per operation.

SQLite connections get foreign keys on, WAL journalling and a busy timeout, and their
transactions are begun explicitly (``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes) so
that a read sees one snapshot and concurrent writers queue instead of failing. PostgreSQL
runs at its default READ COMMITTED isolation.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long an SQLite writer waits for the lock before giving up."""
POOL_SIZE = 15
"""Connections a process keeps open to PostgreSQL (see :func:`make_engine`)."""

_WRITE_OPTION = "tourlink_write"

IDLE_PING_SECONDS = 10.0
"""A pooled PostgreSQL connection idle longer than this is pinged before it is used."""


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's implicit
    # transactions start late and never for SELECT).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    write = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _remember_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(engine: Engine) -> Any:
    def ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # A connection in steady use needs no round trip to prove it is alive (a
        # booking takes a few milliseconds; a ping per checkout cost ~10 % of the
        # throughput). One that sat idle may have been closed by the server or a
        # firewall: ping it and, if it is dead, let the pool open a fresh one.
        last = record.info.get("checked_in")
        if last is None or time.monotonic() - last < IDLE_PING_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()
        except Exception as error:
            raise DisconnectionError("idle connection is dead") from error
        if not alive:
            raise DisconnectionError("idle connection is dead")

    return ping


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (``sqlite:///var/tourlink.sqlite3``, ``postgresql+psycopg://…``).

    For an SQLite file the parent directory is created if missing.

    Parameters
    ----------
    url
        A SQLAlchemy database URL.
    echo
        Log every statement (debugging).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # Keep up to 15 connections open per process (SQLAlchemy keeps 5) and open no
        # overflow connections: with several server workers 15 must stay below
        # PostgreSQL's max_connections (100), and an overflow connection is closed when
        # it is returned, so under load a busy worker opened and closed one for about
        # every sixth request (connecting costs the worker more CPU than a booking, and
        # PostgreSQL a new backend). A request beyond 15 at once waits for a connection.
        # Connections are pinged only after sitting idle (see ``_ping_if_idle``); one
        # that dies in use fails its request with a transient error (503, retry), and
        # SQLAlchemy then replaces every pooled connection.
        pg = create_engine(parsed, echo=echo, pool_size=POOL_SIZE, max_overflow=0)
        event.listen(pg, "checkin", _remember_checkin)
        event.listen(pg, "checkout", _ping_if_idle(pg))
        return pg
    file = _sqlite_file(parsed)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if file is None:
        options["poolclass"] = NullPool
    engine = create_engine(parsed, echo=echo, **options)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


class Database:
    """An engine and its sessions; ``read()`` and ``write()`` are units of work.

    Parameters
    ----------
    engine
        From :func:`make_engine`.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write_engine = engine.execution_options(**{_WRITE_OPTION: True})
        self._write = sessionmaker(self._write_engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str | URL, *, echo: bool = False) -> Database:
        """A database for ``url`` (see :func:`make_engine`)."""
        return cls(make_engine(url, echo=echo))

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a read transaction (one consistent snapshot on SQLite)."""
        with self._read.begin() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a write transaction: committed on success, rolled back on error."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """:meth:`write` for Core-only callers: a connection in a write transaction,
        without the ORM session around it (cheaper per transaction)."""
        with self._write_engine.begin() as connection:
            yield connection

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
