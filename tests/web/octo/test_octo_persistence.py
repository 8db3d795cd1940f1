"""Issue 5: no confirmed booking may be lost, also across restarts and workers.

The OCTo ledger (uuid → booking, references, orders) and the listings live in the
database: an application rebuilt over the same database (a restart, or a second worker)
finds the reseller's bookings and orders by uuid, reference and date.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from tests.storage import pg
from tourlink.accounts import Role
from tourlink.booking import Resource
from tourlink.bootstrap import open_services
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .seed import CAPACITY, NOW, OPTION, PRODUCT, cave_show, show, slot_id

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

LAN = {"firstName": "Thi Lan", "lastName": "Nguyen", "emailAddress": "lan@example.vn"}


@pytest.fixture(
    params=[
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings naming a brand-new database of each kind."""

    def make(url: str) -> Settings:
        return Settings(
            environment="test",
            secret_key="test-secret-key-for-web-tests",
            database_url=url,
        )

    if request.param == "sqlite":
        yield make(f"sqlite:///{tmp_path / 'var' / 'tourlink.sqlite3'}")
        return
    admin = request.getfixturevalue("postgres_admin_url")
    with pg.temporary_database(admin) as url:
        yield make(url)


@contextmanager
def boot(settings: Settings, clock: FixedClock) -> Iterator[Services]:
    """What a new process does: services over the database, the schema migrated (the
    engine is disposed when the process "stops")."""
    with open_services(settings, migrate=True, clock=clock) as services:
        yield services


@contextmanager
def running(settings: Settings, clock: FixedClock, key: str) -> Iterator[TestClient]:
    """A new application instance over the database, and a reseller's client of it."""
    with boot(settings, clock) as services:
        app = create_app(settings, services)
        with client_for(app, key) as client:
            yield client


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def reseller_key(settings: Settings, clock: FixedClock) -> str:
    """Seed the cave show and a reseller key, as an operator would, then stop."""
    with boot(settings, clock) as services:
        booking = services.booking
        assert booking is not None
        booking.register_resource(Resource("cave", "Cave interior", capacity=CAPACITY))
        booking.register_product(cave_show())
        for day in (5, 6):
            booking.register_slot(show(day, 19, 0))
            booking.register_slot(show(day, 20, 30))
        return services.accounts.issue_api_key("Lan Ha Travel", Role.RESELLER).secret


def client_for(app: FastAPI, key: str) -> TestClient:
    client = TestClient(app, base_url="http://testserver")
    client.headers.update(
        {"Authorization": f"Bearer {key}", "Octo-Capabilities": "octo/cart"}
    )
    return client


def test_a_confirmed_octo_booking_is_found_after_a_restart(
    settings: Settings, clock: FixedClock, reseller_key: str
) -> None:
    with running(settings, clock, reseller_key) as octo:
        held = octo.post(
            "/octo/bookings",
            json={
                "uuid": "lan-0001",
                "productId": PRODUCT,
                "optionId": OPTION,
                "availabilityId": slot_id(5, "1900"),
                "unitItems": [{"unitId": "adult"}, {"unitId": "child"}],
                "resellerReference": "LAN-42",
                "notes": "front row",
            },
        )
        assert held.status_code == 200, held.text
        confirmed = octo.post("/octo/bookings/lan-0001/confirm", json={"contact": LAN})
        assert confirmed.status_code == 200, confirmed.text
        order = octo.post("/octo/orders", json={}).json()
        in_order = octo.post(
            "/octo/bookings",
            json={
                "uuid": "lan-0002",
                "productId": PRODUCT,
                "optionId": OPTION,
                "availabilityId": slot_id(6, "2030"),
                "unitItems": [{"unitId": "adult"}],
                "orderId": order["id"],
            },
        )
        assert in_order.status_code == 200, in_order.text

    with running(settings, clock, reseller_key) as octo:  # a restart
        found = octo.get("/octo/bookings/lan-0001")
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["status"] == "CONFIRMED"
        assert body["id"] == confirmed.json()["id"]
        assert body["resellerReference"] == "LAN-42"
        assert body["notes"] == "front row"
        assert body["contact"]["firstName"] == "Thi Lan"
        assert [i["uuid"] for i in body["unitItems"]] == [
            i["uuid"] for i in confirmed.json()["unitItems"]
        ]
        by_reference = octo.get(
            "/octo/bookings", params={"resellerReference": "LAN-42"}
        )
        assert [b["uuid"] for b in by_reference.json()] == ["lan-0001"]
        by_supplier = octo.get(
            "/octo/bookings", params={"supplierReference": body["supplierReference"]}
        )
        assert [b["uuid"] for b in by_supplier.json()] == ["lan-0001"]
        by_day = octo.get("/octo/bookings", params={"localDate": "2026-12-06"})
        assert [b["uuid"] for b in by_day.json()] == ["lan-0002"]
        kept = octo.get(f"/octo/orders/{order['id']}").json()
        assert [b["uuid"] for b in kept["bookings"]] == ["lan-0002"]
        done = octo.post(f"/octo/orders/{order['id']}/confirm", json={"contact": LAN})
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "CONFIRMED"
        products = octo.get("/octo/products").json()
        assert [p["id"] for p in products] == [PRODUCT]
        assert products[0]["options"][0]["availabilityLocalStartTimes"] == [
            "19:00",
            "20:30",
        ]

    with running(settings, clock, reseller_key) as octo:  # another worker
        order_now = octo.get(f"/octo/orders/{order['id']}").json()
        assert order_now["status"] == "CONFIRMED"
        assert octo.get("/octo/bookings/lan-0002").json()["status"] == "CONFIRMED"


def test_the_bootstrap_wires_the_sql_ledger_and_catalogue(
    settings: Settings, clock: FixedClock
) -> None:
    with boot(settings, clock) as services:
        assert type(services.octo_ledger).__name__ == "SqlOctoLedger"
        assert type(services.booking_catalogue).__name__ == "SqlBookingCatalogue"
