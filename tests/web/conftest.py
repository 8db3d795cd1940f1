"""Web test fixtures: an app over in-memory services loaded with small fixture entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient as TestClient

from tourlink.accounts import Role
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services, memory_services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .fixtures import fixture_entries

PASSWORD = "correct horse battery"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 in Ha Long


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(clock: FixedClock) -> Services:
    svc = memory_services(fixture_entries(), clock=clock)
    for role in Role:
        svc.accounts.add_user(f"{role.value}@example.org", role.value, role, PASSWORD)
    return svc


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(environment="test", secret_key="test-secret-key-for-web-tests")


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    """One application for the whole run (building routes is the slow part); each test
    gets fresh services through ``app.state``, as ``create_app`` would give them."""
    return create_app(settings, memory_services())


@pytest.fixture
def client(app: FastAPI, services: Services) -> Iterator[TestClient]:
    app.state.services = services
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def raw_client(app: FastAPI, services: Services) -> Iterator[TestClient]:
    """A client that returns 500s instead of raising them, so a test can see them."""
    app.state.services = services
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def token_for(client: TestClient, role: Role) -> str:
    response = client.post(
        "/api/v1/auth/token",
        json={"email": f"{role.value}@example.org", "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def bearer(client: TestClient, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(client, role)}"}
