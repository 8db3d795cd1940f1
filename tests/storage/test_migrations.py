"""Migrations: up, down and up again on both databases, matching the ORM metadata exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from tourlink.storage import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    metadata,
    upgrade,
)

from . import pg


@pytest.fixture(
    params=[
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a brand-new, empty database."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrate.sqlite3'}")
        yield engine
        engine.dispose()
        return
    admin = request.getfixturevalue("postgres_admin_url")
    with pg.temporary_database(admin) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_matches_the_orm_metadata(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert tables(empty_engine) == set(metadata.tables)
    assert schema_diff(empty_engine) == []
    downgrade(empty_engine, "base")
    assert current_revision(empty_engine) is None
    assert tables(empty_engine) == set()
    upgrade(empty_engine)
    assert schema_diff(empty_engine) == []


def test_upgrading_twice_is_a_no_op(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()


PACKAGE_AND_PLAN_TABLES = {
    "packages",
    "package_departures",
    "package_holds",
    "trip_plans",
}


def test_head_has_the_package_and_plan_tables(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert tables(empty_engine) >= PACKAGE_AND_PLAN_TABLES
    downgrade(empty_engine, "0003")
    assert not PACKAGE_AND_PLAN_TABLES & tables(empty_engine)
