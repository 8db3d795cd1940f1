"""OCTo test fixtures: the web app with a booking service and two resellers' API keys."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from tourlink.accounts import Role
from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services
from tourlink.web.app import create_app

from .seed import attach_booking

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def booking(services: Services, clock: FixedClock) -> BookingService:
    return attach_booking(services, clock)


@pytest.fixture
def reseller_key(services: Services) -> str:
    return services.accounts.issue_api_key("Lan Ha Travel", Role.RESELLER).secret


@pytest.fixture
def other_reseller_key(services: Services) -> str:
    return services.accounts.issue_api_key("Other Agency", Role.RESELLER).secret


@pytest.fixture
def octo(
    settings: object, services: Services, booking: BookingService, reseller_key: str
) -> Iterator[TestClient]:
    del booking  # attached to services
    """A client of the OCTo API authenticated as a reseller."""
    app = create_app(settings, services)  # type: ignore[arg-type]
    with TestClient(app, base_url="http://testserver") as client:
        client.headers.update(
            {
                "Authorization": f"Bearer {reseller_key}",
                "Octo-Capabilities": "octo/cart",
            }
        )
        yield client
