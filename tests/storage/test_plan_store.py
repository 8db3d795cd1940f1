"""The ``PlanStore`` contract on memory, SQLite and PostgreSQL; plans shared by workers.

A plan stored by one process (``DocumentPlanStore`` over ``SqlPlanDocuments``) is read,
edited and re-planned by another, and a plan made through the web app is still there
when the app is rebuilt over the same database (a restart).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tourlink.bootstrap import build_services
from tourlink.catalog import AnyEntryT, load_catalog
from tourlink.core.clock import FixedClock
from tourlink.services.trip_store import (
    PLAN_RETENTION_DAYS,
    DocumentPlanStore,
    MemoryPlanStore,
    PlanNotFoundError,
    PlanStore,
)
from tourlink.services.trips import TripService
from tourlink.settings import Settings
from tourlink.storage import Database, SqlPlanDocuments
from tourlink.trips import LockItem, TripPlan, TripWish, UnknownAvailability, replan
from tourlink.trips.records import plan_document, restore_plan
from tourlink.web.app import create_app

from .backends import truncate
from .conftest import BACKENDS

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
WISH = {
    "start_date": "2026-12-05",
    "days": 2,
    "arrival": {"point": "van-don-airport", "time": "10:30", "by": "flight"},
    "departure": {"point": "noi-bai-airport", "time": "18:00", "by": "flight"},
    "party": {"adults": 2},
    "interests": {"caves": 5},
    "language": "ko",
}


@pytest.fixture(scope="module")
def entries() -> dict[str, AnyEntryT]:
    return {e.id: e for e in load_catalog()}


@pytest.fixture(scope="module")
def plan(entries: dict[str, AnyEntryT]) -> TripPlan:
    from tourlink.trips import plan_trip

    wish = TripWish.model_validate(WISH)
    return plan_trip(wish, entries, UnknownAvailability(), TODAY, time_limit=None,
                     max_iterations=300)  # fmt: skip


def shared_store(
    database: Database, entries: dict[str, AnyEntryT]
) -> DocumentPlanStore:
    """A plan store as one worker has it (its own cache) over the shared database."""
    return DocumentPlanStore(
        SqlPlanDocuments(database), lambda: entries, FixedClock(NOW)
    )


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, entries: dict[str, AnyEntryT]) -> PlanStore:
    if request.param == "memory":
        return MemoryPlanStore()
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return shared_store(database, entries)


@pytest.fixture(params=BACKENDS[1:])
def database(request: pytest.FixtureRequest) -> Database:
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    found: Database = request.getfixturevalue(name)
    truncate(found)
    return found


def first_item(plan: TripPlan, kinds: tuple[str, ...] = ("visit", "show")) -> Any:
    for day, plan_day in enumerate(plan.days, start=1):
        for item in plan_day.items:
            if item.kind in kinds and item.id:
                return day, item
    raise AssertionError("the plan has no sight")


def test_the_plan_document_restores_the_same_plan(
    plan: TripPlan, entries: dict[str, AnyEntryT]
) -> None:
    document = plan_document(plan)
    restored = restore_plan(document, entries, TODAY)
    assert restored.to_json() == plan.to_json()
    assert restored.built.wish == plan.built.wish
    assert [n.key for n in restored.built.nodes] == [n.key for n in plan.built.nodes]
    assert restored.result.tours == plan.result.tours
    later = restore_plan(document, entries, TODAY + timedelta(days=20))
    assert later.to_json() == plan.to_json()  # a trip in the past still reads back


def test_an_added_plan_reads_back(store: PlanStore, plan: TripPlan) -> None:
    plan_id = store.add(plan)
    assert plan_id.startswith("tp_")
    assert store.get(plan_id).to_json() == plan.to_json()


def test_an_unknown_plan_is_not_found(store: PlanStore, plan: TripPlan) -> None:
    with pytest.raises(PlanNotFoundError):
        store.get("tp_nope")
    with pytest.raises(PlanNotFoundError):
        store.replace("tp_nope", plan)


def test_a_replaced_plan_reads_back_the_new_one(
    store: PlanStore, plan: TripPlan, entries: dict[str, AnyEntryT]
) -> None:
    plan_id = store.add(plan)
    day, item = first_item(plan)
    edited = replan(store.get(plan_id), [LockItem(item.id, day)], entries,
                    UnknownAvailability(), TODAY, max_iterations=200)  # fmt: skip
    store.replace(plan_id, edited)
    found = store.get(plan_id)
    assert found.to_json() == edited.to_json()
    assert [lk.entry_id for lk in found.built.locks] == [item.id]


def test_another_worker_reads_edits_and_replans_a_plan(
    database: Database, plan: TripPlan, entries: dict[str, AnyEntryT]
) -> None:
    one, two = shared_store(database, entries), shared_store(database, entries)
    plan_id = one.add(plan)
    seen = two.get(plan_id)
    assert seen.to_json() == plan.to_json()
    day, item = first_item(seen)
    edited = replan(seen, [LockItem(item.id, day)], entries, UnknownAvailability(),
                    TODAY, max_iterations=200)  # fmt: skip
    two.replace(plan_id, edited)
    again = one.get(plan_id)  # its cached copy is stale: the revision moved on
    assert again.to_json() == edited.to_json()
    assert [(lk.entry_id, lk.day + 1) for lk in again.built.locks] == [(item.id, day)]


def test_plans_not_changed_for_the_retention_period_are_purged(
    database: Database, plan: TripPlan, entries: dict[str, AnyEntryT]
) -> None:
    documents = SqlPlanDocuments(database)
    old = NOW - timedelta(days=PLAN_RETENTION_DAYS + 1)
    documents.add("tp_old", plan_document(plan), old)
    documents.add("tp_new", plan_document(plan), NOW - timedelta(days=1))
    store = shared_store(database, entries)
    assert store.purge() == 1
    with pytest.raises(PlanNotFoundError):
        store.get("tp_old")
    assert store.get("tp_new").to_json() == plan.to_json()


def test_a_stale_document_version_is_not_found(
    database: Database, plan: TripPlan, entries: dict[str, AnyEntryT]
) -> None:
    SqlPlanDocuments(database).add("tp_v0", {**plan_document(plan), "version": 0}, NOW)
    with pytest.raises(PlanNotFoundError):
        shared_store(database, entries).get("tp_v0")


# --- through the app, across a restart ---------------------------------------------------
@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        secret_key="test-secret-key-for-restart-tests",
        database_url=f"sqlite:///{tmp_path / 'var' / 'tourlink.sqlite3'}",
    )


def client_of(settings: Settings, migrate: bool = False) -> Iterator[TestClient]:
    services = build_services(settings, migrate=migrate, clock=FixedClock(NOW))
    if migrate:
        services.catalog.repository.load(list(load_catalog()))
    services.trips = TripService(services.catalog, UnknownAvailability(),
                                 services.clock, time_limit=None, max_iterations=300)  # fmt: skip
    with TestClient(create_app(settings, services)) as client:
        yield client


def test_a_plan_made_through_the_app_survives_a_restart(settings: Settings) -> None:
    for client in client_of(settings, migrate=True):
        made = client.post("/api/v1/plans", json=WISH)
        assert made.status_code == 201, made.text
        plan = made.json()
    for client in client_of(settings):  # a new process over the same database
        found = client.get(f"/api/v1/plans/{plan['id']}")
        assert found.status_code == 200, found.text
        assert found.json() == plan
        day, item = next(
            (d["day"], i) for d in plan["days"] for i in d["items"]
            if i["kind"] in ("visit", "show") and i["id"]
        )  # fmt: skip
        edits = {"edits": [{"op": "lock", "id": item["id"], "day": day}]}
        edited = client.post(f"/api/v1/plans/{plan['id']}/edits", json=edits)
        assert edited.status_code == 200, edited.text
        assert [lk["id"] for lk in edited.json()["locked"]] == [item["id"]]
        assert client.get(f"/trips/{plan['id']}").status_code == 200
        assert client.get(f"/api/v1/plans/{plan['id']}.ics").status_code == 200
