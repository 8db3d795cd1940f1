"""Request bodies over ``max_body_bytes`` are refused before anything reads them, with a
problem (413) on the API and pages and an OCTo error body on ``/octo``, and change
nothing; bodies within the cap are served as before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tourlink.accounts import Role
from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services, memory_services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .conftest import NOW
from .fixtures import fixture_entries
from .octo.conftest import TestClient as Client  # type: ignore[attr-defined]
from .octo.seed import OPTION, PRODUCT, attach_booking, slot_id

LIMIT = 2048
SHOW = slot_id(5, "1900")
LAN = {"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "+84 912 345 678"}


class World:
    def __init__(self) -> None:
        clock = FixedClock(NOW)
        self.services: Services = memory_services(fixture_entries(), clock=clock)
        self.booking: BookingService = attach_booking(self.services, clock)
        self.key = self.services.accounts.issue_api_key("Lan Ha Travel", Role.RESELLER)
        settings = Settings(
            environment="test", secret_key="test-secret", max_body_bytes=LIMIT
        )
        self.app = create_app(settings, self.services)

    def vacancies(self) -> int:
        return self.booking.availability(SHOW, OPTION).remaining


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def client(world: World) -> Iterator[Any]:
    with Client(world.app, raise_server_exceptions=False) as test_client:
        test_client.headers["Authorization"] = f"Bearer {world.key.secret}"
        yield test_client


def booking_body(size: int) -> bytes:
    """A valid confirmed booking of two seats, padded with JSON whitespace to ``size``
    bytes: without the cap the server would book it."""
    body = {
        "product_id": PRODUCT,
        "option_id": OPTION,
        "slot_id": SHOW,
        "units": {"adult": 2},
        "confirm": True,
        "contact": LAN,
    }
    data = json.dumps(body).encode()
    return data + b" " * (size - len(data))


def chunks(data: bytes) -> Iterator[bytes]:
    """A body sent in pieces: the client gives no Content-Length."""
    for start in range(0, len(data), 512):
        yield data[start : start + 512]


def assert_too_large_problem(response: Any) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "content_too_large"
    assert str(LIMIT) in problem["detail"]


def test_oversized_booking_is_refused_with_413_and_books_nothing(
    world: World, client: Any
) -> None:
    before = world.vacancies()
    response = client.post(
        "/api/v1/bookings",
        content=booking_body(LIMIT + 1),
        headers={"Content-Type": "application/json"},
    )
    assert_too_large_problem(response)
    assert response.json()["instance"] == "/api/v1/bookings"
    assert world.vacancies() == before


def test_oversized_chunked_booking_is_refused_while_it_is_read(
    world: World, client: Any
) -> None:
    before = world.vacancies()
    data = booking_body(LIMIT + 1)
    response = client.post(
        "/api/v1/bookings",
        content=chunks(data),
        headers={"Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert_too_large_problem(response)
    assert world.vacancies() == before


def test_oversized_chunked_body_on_a_router_route_is_a_413_problem(
    client: Any,
) -> None:
    data = json.dumps({"email": "a@example.org", "password": "x"}).encode()
    data += b" " * LIMIT
    response = client.post(
        "/api/v1/auth/token",
        content=chunks(data),
        headers={"Content-Type": "application/json"},
    )
    assert_too_large_problem(response)


@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_octo_booking_gets_an_octo_error_body(
    world: World, client: Any, chunked: bool
) -> None:
    before = world.vacancies()
    body = {
        "productId": PRODUCT,
        "optionId": OPTION,
        "availabilityId": SHOW,
        "unitItems": [{"unitId": "adult"}],
    }
    data = json.dumps(body).encode() + b" " * LIMIT
    response = client.post(
        "/octo/bookings",
        content=chunks(data) if chunked else data,
        headers={"Content-Type": "application/json", "Octo-Capabilities": ""},
    )
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["error"] == "BAD_REQUEST"
    assert str(LIMIT) in error["errorMessage"]
    assert world.vacancies() == before


@pytest.mark.parametrize("chunked", [False, True])
def test_body_within_the_cap_is_served_as_before(
    world: World, client: Any, chunked: bool
) -> None:
    before = world.vacancies()
    data = booking_body(LIMIT)
    response = client.post(
        "/api/v1/bookings",
        content=chunks(data) if chunked else data,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert world.vacancies() == before - 2


def test_cap_below_one_kibibyte_is_refused_by_the_settings() -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        Settings(environment="test", secret_key="s", max_body_bytes=100)
