"""PostgreSQL test databases: reachability check and throwaway databases.

Tests never use the server's databases directly: each test session (or module that needs a
clean slate) creates ``tourlink_test_<random>`` through the ``postgres`` user and drops it
afterwards, so concurrent runs on one server never collide.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

ADMIN_URL = os.environ.get(
    "TOURLINK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
"""Where the tests reach PostgreSQL (trust auth, a user allowed to create databases)."""


def unreachable_reason(url: str = ADMIN_URL) -> str | None:
    """Why PostgreSQL cannot be used at ``url``, or ``None`` if it can."""
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
    finally:
        engine.dispose()
    return None


@contextmanager
def temporary_database(admin_url: str = ADMIN_URL) -> Iterator[str]:
    """Create a fresh, empty database; yield its URL; drop it on exit."""
    name = f"tourlink_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
            )
        try:
            yield (
                make_url(admin_url)
                .set(database=name)
                .render_as_string(hide_password=False)
            )
        finally:
            with admin.connect() as connection:
                connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                )
    finally:
        admin.dispose()
