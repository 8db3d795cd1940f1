"""The ``PackageStore`` contract on memory, SQLite and PostgreSQL; seats never oversold.

Also: the sample packages are seeded once, and a package created through the web app is
still there, with its holds, when the app is rebuilt over the same database (a restart).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from tests.helpers import run_together
from tourlink.accounts import Role
from tourlink.bootstrap import build_services
from tourlink.catalog import load_catalog
from tourlink.core.clock import FixedClock
from tourlink.core.i18n import I18nText
from tourlink.services.packages import PackageService
from tourlink.services.trip_store import MemoryPackageStore
from tourlink.settings import Settings
from tourlink.storage import Database, SqlPackageStore
from tourlink.trips.packages import BundleDiscount, Component, Departure, Guest, Package
from tourlink.trips.records import (
    GroupHold,
    HeldSession,
    PackageExistsError,
    PackageNotFoundError,
    PackageRecord,
    PackageSoldOutError,
    PackageStore,
    hold_document,
    hold_from_document,
    package_document,
    package_from_document,
)
from tourlink.web.app import create_app

from .backends import truncate
from .conftest import BACKENDS

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
DAY = date(2026, 12, 10)
LATER = date(2026, 12, 17)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> PackageStore:
    """An empty package store of each backend."""
    if request.param == "memory":
        return MemoryPackageStore()
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return SqlPackageStore(database)


def package(
    package_id: str = "caves-2d", seats: int = 16, **changes: object
) -> Package:
    values: dict[str, object] = {
        "id": package_id,
        "name": I18nText({"en": "Caves, 2 days", "vi": "Hang động, 2 ngày"}),
        "description": I18nText({"ja": "洞窟"}),
        "days": 2,
        "components": (
            Component("hanoi-ha-long-coach", "transport", 400_000),
            Component(
                "sample-hotel-bai-chay", "accommodation", 1_200_000, "per_room", day=1
            ),
            Component("chu-dau-pottery-workshop", "visit", 250_000, quantity=2, day=2),
        ),
        "departures": (Departure(DAY, seats), Departure(LATER, 4)),
        "group_min": 2,
        "group_max": 16,
        "margin_percent": Decimal("17.5"),
        "discounts": (
            BundleDiscount(
                "pair",
                ("hanoi-ha-long-coach", "chu-dau-pottery-workshop"),
                Decimal("7.25"),
                min_group=4,
            ),
        ),
        "markets": {"en": "USD", "ja": "JPY"},
        "operator": "Sample Operator",
        "sample": False,
    }
    values.update(changes)
    return Package(**values)  # type: ignore[arg-type]


def hold(hold_id: str, group: int, day: date = DAY, **changes: object) -> GroupHold:
    values: dict[str, object] = {
        "id": hold_id,
        "departure": day,
        "group_size": group,
        "holder": "Tran Thi B",
        "created_at": NOW,
    }
    values.update(changes)
    return GroupHold(**values)  # type: ignore[arg-type]


def test_documents_round_trip_packages_and_holds() -> None:
    famtrip = package(famtrip=True, guests=(Guest("Sato Aiko", "Kanko", "ja"),))
    assert package_from_document(package_document(famtrip)) == famtrip
    full = hold("gh_1", 4, booking_package_id="bp_1", key="k-1",
                expires_at=NOW + timedelta(minutes=15),
                sessions=(HeldSession("chu-dau-pottery-workshop", "sl_1", NOW, "b_1"),))  # fmt: skip
    assert hold_from_document(hold_document(full)) == full


def test_a_saved_package_reads_back_equal(store: PackageStore) -> None:
    record = PackageRecord(package(), "operator@example.org", published=True)
    store.save("caves-2d", record)
    assert store.get("caves-2d") == record
    assert store.all() == [record]


def test_an_unknown_package_is_not_found(store: PackageStore) -> None:
    with pytest.raises(PackageNotFoundError):
        store.get("nope")
    with pytest.raises(PackageNotFoundError):
        store.add_hold("nope", hold("gh_1", 2))


def test_all_lists_packages_oldest_first(store: PackageStore) -> None:
    for package_id in ("b-first", "a-second", "c-third"):
        store.save(package_id, PackageRecord(package(package_id), "op"))
    assert [r.id for r in store.all()] == ["b-first", "a-second", "c-third"]


def test_saving_replaces_the_package_and_keeps_its_holds(store: PackageStore) -> None:
    store.save("caves-2d", PackageRecord(package(), "op"))
    store.add_hold("caves-2d", hold("gh_1", 5))
    changed = package(seats=20, margin_percent=Decimal(30))
    store.save("caves-2d", PackageRecord(changed, "op", published=True))
    found = store.get("caves-2d")
    assert found.package == changed
    assert found.published
    assert [h.id for h in found.holds] == ["gh_1"]
    assert found.seats_left(DAY) == 15


def test_creating_a_taken_id_is_refused_and_keeps_the_first(
    store: PackageStore,
) -> None:
    first = PackageRecord(package(), "first@example.org")
    store.create("caves-2d", first)
    with pytest.raises(PackageExistsError) as caught:
        store.create("caves-2d", PackageRecord(package(seats=2), "second@example.org"))
    assert caught.value.code == "package_exists"
    assert caught.value.field == "id"
    assert store.get("caves-2d") == first


def test_of_many_threads_creating_one_id_exactly_one_wins(store: PackageStore) -> None:
    won: list[str] = []
    refused: list[str] = []

    def create(i: int) -> None:
        owner = f"op{i}@example.org"
        try:
            store.create("caves-2d", PackageRecord(package(seats=10 + i), owner))
        except PackageExistsError:
            refused.append(owner)
        else:
            won.append(owner)

    run_together(create, 8)
    assert len(won) == 1
    assert len(refused) == 7
    assert store.get("caves-2d").owner == won[0]
    assert [r.id for r in store.all()] == ["caves-2d"]


def test_holds_take_seats_until_none_are_left(store: PackageStore) -> None:
    store.save("caves-2d", PackageRecord(package(seats=10), "op"))
    store.add_hold("caves-2d", hold("gh_1", 6))
    store.add_hold("caves-2d", hold("gh_2", 4))
    with pytest.raises(PackageSoldOutError) as caught:
        store.add_hold("caves-2d", hold("gh_3", 1))
    assert caught.value.context["seats_left"] == 0
    record = store.get("caves-2d")
    assert [h.id for h in record.holds] == ["gh_1", "gh_2"]
    assert record.seats_left(DAY) == 0
    assert record.seats_left(LATER) == 4


def test_a_hold_with_a_known_key_returns_the_earlier_hold_and_takes_no_seats(
    store: PackageStore,
) -> None:
    store.save("caves-2d", PackageRecord(package(seats=10), "op"))
    first = store.add_hold("caves-2d", hold("gh_1", 6, key="retry-1"))
    assert first.id == "gh_1"
    again = store.add_hold("caves-2d", hold("gh_2", 6, key="retry-1"))
    assert again == first
    # even when the departure could no longer take the group
    assert store.add_hold("caves-2d", hold("gh_3", 6, key="retry-1")) == first
    record = store.get("caves-2d")
    assert [h.id for h in record.holds] == ["gh_1"]
    assert record.seats_left(DAY) == 4


def test_many_threads_replaying_one_key_hold_once(store: PackageStore) -> None:
    store.save("caves-2d", PackageRecord(package(seats=16), "op"))
    standing: list[str] = []

    def take(i: int) -> None:
        standing.append(store.add_hold("caves-2d", hold(f"gh_{i}", 3, key="k")).id)

    run_together(take, 10)
    record = store.get("caves-2d")
    assert len(record.holds) == 1
    assert set(standing) == {record.holds[0].id}
    assert record.seats_left(DAY) == 13


def test_removing_a_hold_gives_its_seats_back(store: PackageStore) -> None:
    store.save("caves-2d", PackageRecord(package(seats=10), "op"))
    store.add_hold("caves-2d", hold("gh_1", 6))
    removed = store.remove_hold("caves-2d", "gh_1")
    assert removed is not None
    assert removed.group_size == 6
    assert store.remove_hold("caves-2d", "gh_1") is None
    assert store.get("caves-2d").seats_left(DAY) == 10
    store.add_hold("caves-2d", hold("gh_2", 10))
    assert store.get("caves-2d").seats_left(DAY) == 0


def test_many_threads_holding_one_departure_never_oversell(
    store: PackageStore,
) -> None:
    store.save("caves-2d", PackageRecord(package(seats=16), "op"))
    won: list[str] = []
    refused: list[str] = []

    def take(i: int) -> None:
        try:
            store.add_hold("caves-2d", hold(f"gh_{i:02}", 3))
        except PackageSoldOutError:
            refused.append(f"gh_{i:02}")
        else:
            won.append(f"gh_{i:02}")

    run_together(take, 12)
    record = store.get("caves-2d")
    assert len(won) == 5  # 5 × 3 = 15 of 16 seats
    assert len(refused) == 7
    assert sorted(h.id for h in record.holds) == sorted(won)
    assert record.seats_left(DAY) == 1


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])  # fmt: skip
def test_a_departure_with_holds_cannot_be_dropped_in_sql(
    backend: str, request: pytest.FixtureRequest
) -> None:
    database: Database = request.getfixturevalue(f"{backend}_database")
    truncate(database)
    store = SqlPackageStore(database)
    store.save("caves-2d", PackageRecord(package(), "op"))
    store.add_hold("caves-2d", hold("gh_1", 2))
    fewer = package(departures=(Departure(LATER, 4),))
    with pytest.raises(IntegrityError):
        store.save("caves-2d", PackageRecord(fewer, "op"))
    assert store.get("caves-2d").package == package()
    store.remove_hold("caves-2d", "gh_1")
    store.save("caves-2d", PackageRecord(fewer, "op"))
    assert store.get("caves-2d").package.departures == (Departure(LATER, 4),)


def test_seeding_twice_from_two_services_stores_the_samples_once(
    sqlite_database: Database,
) -> None:
    truncate(sqlite_database)
    samples = [package("sample-a"), package("sample-b")]
    for _worker in range(2):
        service = PackageService(
            lambda _e: None, FixedClock(NOW), store=SqlPackageStore(sqlite_database)
        )
        service.seed(samples)
        service.seed(samples)
    records = SqlPackageStore(sqlite_database).all()
    assert [r.id for r in records] == ["sample-a", "sample-b"]
    assert all(r.published and r.owner == "sample" for r in records)


# --- through the app, across a restart ---------------------------------------------------
PASSWORD = "correct horse battery"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        secret_key="test-secret-key-for-restart-tests",
        database_url=f"sqlite:///{tmp_path / 'var' / 'tourlink.sqlite3'}",
    )


@pytest.fixture
def first_start(settings: Settings) -> None:
    services = build_services(settings, migrate=True, clock=FixedClock(NOW))
    services.catalog.repository.load(list(load_catalog()))
    services.accounts.add_user("op@example.org", "Op", Role.OPERATOR, PASSWORD)


def client_of(settings: Settings) -> Iterator[TestClient]:
    services = build_services(settings, clock=FixedClock(NOW))
    with TestClient(create_app(settings, services)) as client:
        yield client


def token(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        json={"email": "op@example.org", "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


BODY = {
    "id": "cave-and-pottery-2d",
    "name": {"en": "Caves and pottery, 2 days"},
    "days": 2,
    "components": [
        {"entry_id": "hanoi-ha-long-coach", "role": "transport", "unit_cost_vnd": 400000},
        {"entry_id": "chu-dau-pottery-workshop", "role": "visit",
         "unit_cost_vnd": 250000, "day": 2},
    ],
    "departures": [{"start": DAY.isoformat(), "seats": 10}],
    "group_min": 2,
    "group_max": 10,
    "margin_percent": "20",
}  # fmt: skip


@pytest.mark.usefixtures("first_start")
def test_a_package_made_through_the_app_survives_a_restart(settings: Settings) -> None:
    for client in client_of(settings):
        auth = token(client)
        assert (
            client.post("/api/v1/packages", json=BODY, headers=auth).status_code == 201
        )
        url = "/api/v1/packages/cave-and-pottery-2d"
        assert client.post(f"{url}/publish", headers=auth).status_code == 200
        held = client.post(f"{url}/departures/{DAY.isoformat()}/holds",
                           json={"group_size": 4, "holder": "Tran"}, headers=auth)  # fmt: skip
        assert held.status_code == 201, held.text
        samples = {p["id"] for p in client.get("/api/v1/packages").json()["items"]}
    for client in client_of(settings):  # a new process over the same database
        found = client.get("/api/v1/packages/cave-and-pottery-2d")
        assert found.status_code == 200, found.text
        assert found.json()["departures"][0]["seats_left"] == 6
        again = {p["id"] for p in client.get("/api/v1/packages").json()["items"]}
        assert again == samples
        assert len(samples) == 3  # the two samples, seeded once, and the new one
