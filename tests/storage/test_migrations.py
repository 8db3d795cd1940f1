"""Migrations: up, down and up again on both databases, matching the ORM metadata exactly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from tourlink.booking import CapacityKey, Claim
from tourlink.storage import booking_ledger as ledger
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


def test_claims_move_into_the_allocation_row_and_back(empty_engine: Engine) -> None:
    """0008 keeps a hold's claim rows, moves a confirmed allocation's claims into its
    row (no rows left), and the downgrade writes those rows again."""
    upgrade(empty_engine, "0006")
    held = datetime(2031, 1, 5, 12, 0, tzinfo=UTC)
    rows = [
        ("bk_held", "cave", "2031-01-05T12:00Z", 2, held),
        ("bk_held", "cave", "2031-01-05T12:15Z", 2, held),
        ("bk_sold", "cave", "2031-01-05T12:00Z", 3, None),
        ("bk_sold", "hall", "2031-01-05T12:00Z", 1, None),
    ]
    with empty_engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO booking_allocations (owner_id, slot_id, expires_at) "
                "VALUES ('bk_held', 's', :held), ('bk_sold', 's', NULL)"
            ),
            {"held": held},
        )
        for owner, resource, period, places, expires in rows:
            c.execute(
                text(
                    "INSERT INTO booking_allocation_claims (owner_id, resource_id, "
                    "period, places, capacity, expires_at) "
                    "VALUES (:o, :r, :p, :n, 60, :e)"
                ),
                {"o": owner, "r": resource, "p": period, "n": places, "e": expires},
            )

    def claim_rows() -> set[tuple[str, str, str, int, bool]]:
        with empty_engine.connect() as c:
            found = c.execute(
                text(
                    "SELECT owner_id, resource_id, period, places, expires_at "
                    "FROM booking_allocation_claims"
                )
            )
            return {(o, r, p, n, e is not None) for o, r, p, n, e in found}

    every = {(o, r, p, n, e is not None) for o, r, p, n, e in rows}
    upgrade(empty_engine)
    assert claim_rows() == {row for row in every if row[0] == "bk_held"}
    with empty_engine.connect() as c:
        snapshot = ledger.snapshot(c)
    claims = {a.owner_id: a.claims for a in snapshot.allocations}
    assert claims["bk_sold"] == (
        Claim(CapacityKey("cave", "2031-01-05T12:00Z"), 3, 60),
        Claim(CapacityKey("hall", "2031-01-05T12:00Z"), 1, 60),
    )
    assert [c.places for c in claims["bk_held"]] == [2, 2]
    assert snapshot.stray_claims == []
    downgrade(empty_engine, "0006")
    assert claim_rows() == every
