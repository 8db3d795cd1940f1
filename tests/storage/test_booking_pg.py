"""The PostgreSQL hot path on the driver connection keeps SQLAlchemy's error types, so the
store's retry rules and the web layer's 503 answers do not depend on which path ran."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from tourlink.booking import ConcurrentUpdateError, IdempotencyRecord
from tourlink.storage import Database, SqlBookingStore
from tourlink.storage.booking_pg import PgStatements

from .backends import truncate

pytestmark = pytest.mark.postgres
NOW = datetime(2031, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def database(postgres_database: Database) -> Database:
    truncate(postgres_database)
    return postgres_database


def test_duplicate_idempotency_key_is_an_integrity_error(database: Database) -> None:
    """Same ``(scope, key)`` twice: SQLAlchemy's ``IntegrityError`` with the SQLSTATE."""
    with database.write_connection() as connection:
        pg = PgStatements(connection)
        pg.save_idempotency("api", "k1", "f" * 64, "bk_1", NOW)
        with pytest.raises(IntegrityError) as raised:
            pg.save_idempotency("api", "k1", "f" * 64, "bk_2", NOW)
        assert getattr(raised.value.orig, "sqlstate", None) == "23505"
        connection.rollback()


def test_store_turns_a_duplicate_key_into_a_retryable_conflict(
    database: Database,
) -> None:
    store = SqlBookingStore(database)
    record = IdempotencyRecord("api", "k2", "f" * 64, "bk_1", NOW)
    with store.unit_of_work() as tx:
        tx.save_idempotency(record)
    with pytest.raises(ConcurrentUpdateError), store.unit_of_work() as tx:
        tx.save_idempotency(record)
    with store.unit_of_work() as tx:
        assert tx.get_idempotency("api", "k2") == record


def test_lost_connection_is_an_operational_error_and_invalidates(
    database: Database,
) -> None:
    """A backend killed mid-transaction: ``OperationalError`` (answered 503), and the
    pooled connection is thrown away rather than handed to the next request."""
    with database.write_connection() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with database.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with pytest.raises(OperationalError) as raised:
            PgStatements(connection).waitlist("s1")
        assert raised.value.connection_invalidated
        assert connection.invalidated
        connection.rollback()
    with database.write_connection() as connection:  # the pool recovers
        assert PgStatements(connection).waitlist("s1") == []
