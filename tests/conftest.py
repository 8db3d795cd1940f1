"""Fixtures shared across test packages."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.storage import pg


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """The PostgreSQL server for ``@pytest.mark.postgres`` tests.

    Unreachable: the test is skipped locally, but fails when ``CI`` is set — a skipped
    PostgreSQL suite must not pass in CI.
    """
    reason = pg.unreachable_reason()
    if reason is not None:
        message = f"PostgreSQL unreachable at {pg.ADMIN_URL}: {reason}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set, so PostgreSQL tests must run)")
        pytest.skip(message)
    return pg.ADMIN_URL


@pytest.fixture(scope="session")
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session (dropped at the end)."""
    with pg.temporary_database(postgres_admin_url) as url:
        yield url
