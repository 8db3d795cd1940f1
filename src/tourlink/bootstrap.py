"""The composition root: the one module that meets both storage and services.

It turns :class:`~tourlink.settings.Settings` into :class:`~tourlink.services.container.Services`
backed by the SQL stores. Importing it is cheap: SQLAlchemy, Alembic and the stores are
imported, and the engine created, only when a function here is called.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.core.clock import Clock, SystemClock
from tourlink.core.errors import TourlinkError
from tourlink.services.accounts import AccountService
from tourlink.services.booking import (
    ManagedBookingService,
    experience_lookup,
    make_notifier,
    ticket_secret,
)
from tourlink.services.catalog import CatalogService
from tourlink.services.container import Services
from tourlink.services.trip_store import DocumentPlanStore
from tourlink.settings import Settings, get_settings

if TYPE_CHECKING:
    from tourlink.storage import Database


class DatabaseError(TourlinkError):
    """The database is unreachable, or failed in a way the caller cannot fix by input."""

    default_code = "database_error"
    status = 503


def transient_database_errors() -> tuple[type[Exception], ...]:
    """Exception types that mean "the database is momentarily unavailable or saturated"
    (lost connection, pool exhausted, too many clients, SQLite still locked after its
    busy timeout): the delivery layers answer them with 503 and a retry hint instead of
    an internal error. Importing them here keeps SQL types out of the web package."""
    from sqlalchemy.exc import InterfaceError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeoutError

    return (OperationalError, InterfaceError, PoolTimeoutError)


def database_connections() -> int:
    """Connections one process keeps open to the database: the most units of work
    that can run at once without waiting for a connection (the web layer sizes its
    booking threads by it without importing storage)."""
    from tourlink.storage.database import POOL_SIZE

    return POOL_SIZE


class SchemaOutdatedError(TourlinkError):
    """The database schema is missing or older than this version of tourlink."""

    default_code = "schema_outdated"
    status = 503


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database's migrations stand."""

    current: str | None
    head: str | None

    @property
    def up_to_date(self) -> bool:
        """Whether every shipped migration has been applied."""
        return self.current == self.head


def _database(settings: Settings) -> Database:
    from tourlink.storage import Database

    return Database.from_url(settings.database_url)


def _services(settings: Settings, database: Database, clock: Clock) -> Services:
    from tourlink.storage import (
        SqlAccountStore,
        SqlBookingCatalogue,
        SqlBookingStore,
        SqlCatalogRepository,
        SqlOctoLedger,
        SqlPackageStore,
        SqlPlanDocuments,
    )

    catalog = CatalogService(SqlCatalogRepository(database, now=clock.now))
    booking_store = SqlBookingStore(database)
    booking = ManagedBookingService(
        booking_store,
        clock,
        ticket_secret=ticket_secret(settings.ticket_secret, settings.secret_key),
        notifier=make_notifier(settings.smtp_url),
        experience=experience_lookup(catalog.get),
        hold_minutes=settings.hold_minutes,
        # Concurrent bookings of a server process share one transaction and one
        # commit; see docs/dev/booking-concurrency.md ("Group commit").
        group_commit=True,
        # New bookings without an idempotency key in one round trip on PostgreSQL; see
        # docs/dev/booking-concurrency.md ("One-call bookings").
        optimistic=booking_store.one_call,
    )
    return Services(
        catalog=catalog,
        accounts=AccountService.create(
            SqlAccountStore(database), clock, fast=settings.environment == "test"
        ),
        clock=clock,
        booking=booking,
        octo_ledger=SqlOctoLedger(database),
        booking_catalogue=SqlBookingCatalogue(database),
        packages=SqlPackageStore(database),
        plans=DocumentPlanStore(
            SqlPlanDocuments(database),
            lambda: {e.id: e for e in catalog.entries()},
            clock,
        ),
    )


def build_services(
    settings: Settings | None = None,
    *,
    migrate: bool = False,
    clock: Clock | None = None,
) -> Services:
    """Services over the SQL database named by ``settings.database_url``.

    For long-lived processes (the web app); the engine lives as long as the process.

    Parameters
    ----------
    settings
        Deployment settings; read from the environment when ``None``.
    migrate
        Apply pending Alembic migrations first (creating the schema on a new database).
    clock
        The clock services read (the system clock in UTC by default).
    """
    the_settings = settings or get_settings()
    database = _database(the_settings)
    with _translated_errors():
        if migrate:
            from tourlink.storage import upgrade

            upgrade(database.engine)
    return _services(the_settings, database, clock or SystemClock())


@contextmanager
def open_services(
    settings: Settings | None = None,
    *,
    migrate: bool = False,
    require_schema: bool = True,
    clock: Clock | None = None,
) -> Iterator[Services]:
    """Services for one short task (a CLI command); the engine is disposed afterwards.

    Database failures inside the block surface as :class:`DatabaseError`, so that callers
    report a message instead of a driver traceback.

    Parameters
    ----------
    settings
        Deployment settings; read from the environment when ``None``.
    migrate
        Apply pending migrations first.
    require_schema
        Raise :class:`SchemaOutdatedError` unless the schema is at the newest revision.
    clock
        The clock services read.
    """
    the_settings = settings or get_settings()
    database = _database(the_settings)
    try:
        with _translated_errors():
            if migrate:
                from tourlink.storage import upgrade

                upgrade(database.engine)
            if require_schema:
                _require_schema(database)
            yield _services(the_settings, database, clock or SystemClock())
    finally:
        database.dispose()


def upgrade_database(settings: Settings | None = None) -> SchemaStatus:
    """Apply every pending migration; return the resulting status."""
    from tourlink.storage import upgrade

    database = _database(settings or get_settings())
    try:
        with _translated_errors():
            upgrade(database.engine)
            return _status(database)
    finally:
        database.dispose()


def schema_status(settings: Settings | None = None) -> SchemaStatus:
    """The database's current migration revision and the newest one shipped."""
    database = _database(settings or get_settings())
    try:
        with _translated_errors():
            return _status(database)
    finally:
        database.dispose()


def _status(database: Database) -> SchemaStatus:
    from tourlink.storage import current_revision, head_revision

    return SchemaStatus(current_revision(database.engine), head_revision())


def _require_schema(database: Database) -> None:
    status = _status(database)
    if not status.up_to_date:
        state = "has no tourlink schema" if status.current is None else "is out of date"
        raise SchemaOutdatedError(
            f"the database {state} (at {status.current or 'nothing'}, "
            f"newest {status.head}); run `tourlink db upgrade` first",
            context={"current": status.current, "head": status.head},
        )


@contextmanager
def _translated_errors() -> Iterator[None]:
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise DatabaseError(f"database error: {detail[:500]}") from exc
