"""The booking hot path (``POST /api/v1/bookings`` before the router) answers exactly as
the FastAPI route does, hands unusual requests to it, and enforces authorisation."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from tourlink.accounts import Role
from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services, memory_services
from tourlink.settings import Settings
from tourlink.web.api.booking_fast import BookingFastPath
from tourlink.web.app import TourlinkApp, booking_fast_path, create_app
from tourlink.web.auth import TOKEN_TTL, PrincipalCache, TokenSigner

from .conftest import NOW, PASSWORD
from .fixtures import fixture_entries
from .octo.conftest import TestClient as Client  # type: ignore[attr-defined]
from .octo.seed import CAPACITY, OPTION, PRODUCT, attach_booking, slot_id

SHOW = slot_id(5, "1900")
LAN = {"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "+84 912 345 678"}
JSON = {"Content-Type": "application/json"}


def body(**extra: Any) -> dict[str, Any]:
    found = {
        "product_id": PRODUCT,
        "option_id": OPTION,
        "slot_id": SHOW,
        "units": {"adult": 2},
    }
    found.update(extra)
    return found


class World:
    """Fresh services with a booking service and one API key per role, and an app over
    them, with or without the fast path."""

    def __init__(
        self,
        settings: Settings,
        *,
        fast: bool,
        principals: PrincipalCache | None = None,
    ) -> None:
        clock = FixedClock(NOW)
        self.services: Services = memory_services(fixture_entries(), clock=clock)
        self.booking: BookingService = attach_booking(self.services, clock)
        self.operator = self.services.accounts.add_user(
            "operator@example.org", "operator", Role.OPERATOR, PASSWORD
        )
        self.key = self.services.accounts.issue_api_key("reseller", Role.OPERATOR)
        self.app: TourlinkApp = create_app(settings, self.services)
        self.app.booking_fast_path = (
            booking_fast_path(self.app, settings, principals) if fast else None
        )

    def fast_path(self) -> BookingFastPath:
        assert self.app.booking_fast_path is not None
        return self.app.booking_fast_path


@pytest.fixture
def worlds(settings: Settings) -> tuple[World, World]:
    return World(settings, fast=True), World(settings, fast=False)


def _answer(response: Any) -> tuple[int, str, Any, str | None]:
    data = response.json()
    if isinstance(data, dict):
        data.pop("id", None)  # booking ids are random
    return (
        response.status_code,
        response.headers["content-type"],
        data,
        response.headers.get("www-authenticate"),
    )


def _requests(world: World) -> list[dict[str, Any]]:
    key = {"Authorization": f"Bearer {world.key.secret}"}
    return [
        {"json": body()},
        {"json": body(confirm=True, contact=LAN, reference="R-1")},
        {"json": body(units={"adult": CAPACITY})},  # sold out
        {"json": body(confirm=True)},  # a confirmed booking needs a contact
        {"json": body(units={"adult": 0})},
        {"json": body(slot_id="nope")},
        {"json": body(product_id="nope")},
        {"json": body(reference="x" * 101)},  # 422 from validation
        {"json": body(extra_field=1)},
        {"json": [1, 2]},
        {"content": b"{", "headers": JSON},  # malformed JSON
        {"content": b"[" * 100_000, "headers": JSON},  # nested past the parser's depth
        # what the fast path's parser refuses and the route's reads: the route answers
        {"content": b"\xef\xbb\xbf" + json.dumps(body()).encode(), "headers": JSON},
        {"content": json.dumps(body(units={"adult": 2**70})).encode(), "headers": JSON},
        {"content": b"product_id=x", "headers": {"Content-Type": "text/plain"}},
        {"json": body(), "headers": {"Idempotency-Key": "k1"}},
        {"json": body(), "headers": {"Idempotency-Key": "k1"}},  # replay
        {"json": body(units={"adult": 1}), "headers": {"Idempotency-Key": "k1"}},
        {"json": body(), "headers": {"Idempotency-Key": "k" * 201}},
        {"json": body(), "headers": key},
        {"json": body(), "headers": {"Authorization": "Bearer tlk_wrong"}},
        {"json": body(), "headers": {"Authorization": "Bearer not-a-token"}},
        {"json": body(), "headers": {"Authorization": "Basic dXNlcjpwYXNz"}},
        {"json": body(), "headers": {"Authorization": "Bearer"}},
    ]


def test_fast_path_answers_exactly_as_the_route(worlds: tuple[World, World]) -> None:
    """Status, media type, body (but the random id) and auth challenge are equal for
    successes, domain errors, validation errors and authentication failures."""
    fast, route = worlds
    with Client(fast.app) as fast_client, Client(route.app) as route_client:
        for fast_request, route_request in zip(
            _requests(fast), _requests(route), strict=True
        ):
            got = fast_client.post("/api/v1/bookings", **fast_request)
            expected = route_client.post("/api/v1/bookings", **route_request)
            assert _answer(got) == _answer(expected), fast_request
        # 13 ordinary requests; the eleven with a bad body (or one only the route's
        # parser reads), media type, key length or authorisation scheme went to the
        # route.
        assert fast.fast_path().served == 13
    assert fast.booking.availability(SHOW, OPTION).remaining == (
        route.booking.availability(SHOW, OPTION).remaining
    )


def _when_booking_raises(
    worlds: tuple[World, World], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> list[Any]:
    """The fast path's and the route's responses to a booking whose service raises
    ``error``."""

    def failing(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    responses = []
    for world in worlds:
        monkeypatch.setattr(world.booking, "book", failing)
        with Client(world.app, raise_server_exceptions=False) as client:
            responses.append(
                client.post("/api/v1/bookings", json=body(confirm=True, contact=LAN))
            )
    return responses


def test_busy_database_is_a_503_with_retry_after_as_on_the_route(
    worlds: tuple[World, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    busy = PoolTimeoutError("QueuePool limit reached")
    answers = [
        (_answer(response), response.headers.get("retry-after"))
        for response in _when_booking_raises(worlds, monkeypatch, busy)
    ]
    assert answers[0] == answers[1]
    assert answers[0][0][0] == 503
    assert answers[0][1] is not None
    assert worlds[0].fast_path().served == 1


def test_ordinary_requests_are_served_before_the_router(settings: Settings) -> None:
    world = World(settings, fast=True)
    with Client(world.app) as client:
        client.post("/api/v1/bookings", json=body())
        key = {"Authorization": f"Bearer {world.key.secret}"}
        client.post("/api/v1/bookings", json=body(), headers=key)
        assert world.fast_path().served == 2


@pytest.mark.parametrize(
    "request_args",
    [
        {"content": b"{", "headers": JSON},
        {"json": body(units={"adult": "many"})},
        {"content": b"{}", "headers": {"Content-Type": "text/plain"}},
        {"json": body(), "headers": {"Authorization": "Basic dXNlcjpwYXNz"}},
        {"json": body(), "headers": {"Idempotency-Key": "k" * 201}},
    ],
)
def test_unusual_requests_are_left_to_the_route(
    settings: Settings, request_args: dict[str, Any]
) -> None:
    world = World(settings, fast=True)
    with Client(world.app) as client:
        response = client.post("/api/v1/bookings", **request_args)
        assert response.status_code in {400, 401, 422}
        assert response.headers["content-type"] == "application/problem+json"
        assert world.fast_path().served == 0


def test_unexpected_error_is_a_logged_500_problem_as_on_the_route(
    worlds: tuple[World, World],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    responses = _when_booking_raises(worlds, monkeypatch, RuntimeError("a bug"))
    answers = [_answer(response) for response in responses]
    assert answers[0] == answers[1]
    assert answers[0][0] == 500
    assert worlds[0].fast_path().served == 1
    logged = next(r.exc_info[1] for r in caplog.records if r.exc_info)
    assert logged is not None
    assert logged.args == ("a bug",)


def test_body_over_the_cap_is_refused_unread_by_the_application(
    settings: Settings,
) -> None:
    small = settings.model_copy(update={"max_body_bytes": 1024})
    world = World(small, fast=True)
    with Client(world.app) as client:
        response = client.post(
            "/api/v1/bookings", json=body(reference="x" * 1100), headers=JSON
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert world.fast_path().served == 0


def test_body_without_a_length_is_left_to_the_application(settings: Settings) -> None:
    world = World(settings, fast=True)

    def chunks() -> Any:
        yield json.dumps(body()).encode()

    with Client(world.app) as client:
        response = client.post("/api/v1/bookings", content=chunks(), headers=JSON)
        assert response.status_code == 201
        assert response.json()["status"] == "ON_HOLD"
        assert world.fast_path().served == 0


def test_revoked_key_is_refused_once_its_cache_entry_expires(
    settings: Settings,
) -> None:
    now = [0.0]
    cache = PrincipalCache(ttl=5.0, monotonic=lambda: now[0])
    world = World(settings, fast=True, principals=cache)
    key = {"Authorization": f"Bearer {world.key.secret}"}
    with Client(world.app) as client:
        assert client.post("/api/v1/bookings", json=body(), headers=key).is_success
        world.services.accounts.store.revoke_api_key(world.key.key.id)
        now[0] = 4.9  # within the TTL: the remembered principal is used
        assert client.post("/api/v1/bookings", json=body(), headers=key).is_success
        now[0] = 5.0
        refused = client.post("/api/v1/bookings", json=body(), headers=key)
        assert refused.status_code == 401
        assert refused.json()["code"] == "unauthenticated"
        assert refused.headers["www-authenticate"] == "Bearer"


def test_remembered_token_is_refused_once_the_token_expires(
    settings: Settings,
) -> None:
    """A cache entry never outlives its credential: a token with 2 s left is refused
    3 s later although the cache's own 5 s have not passed."""
    now = [0.0]
    cache = PrincipalCache(ttl=5.0, monotonic=lambda: now[0])
    world = World(settings, fast=True, principals=cache)
    issued = FixedClock(NOW - TOKEN_TTL + timedelta(seconds=2))
    token = TokenSigner(settings.secret_key, issued).issue(world.operator)
    bearer = {"Authorization": f"Bearer {token}"}
    with Client(world.app) as client:
        assert client.post("/api/v1/bookings", json=body(), headers=bearer).is_success
        now[0] = 1.0  # remembered, and the token is still valid
        assert client.post("/api/v1/bookings", json=body(), headers=bearer).is_success
        assert isinstance(world.services.clock, FixedClock)
        world.services.clock.advance(seconds=3)
        now[0] = 3.0
        refused = client.post("/api/v1/bookings", json=body(), headers=bearer)
        assert refused.status_code == 401
        assert refused.json()["code"] == "token_expired"


def test_principal_cache_entry_ends_with_the_credentials_lifetime() -> None:
    from tourlink.accounts.models import ANONYMOUS

    now = [0.0]
    cache = PrincipalCache(ttl=5.0, monotonic=lambda: now[0])
    cache.put("token-a", ANONYMOUS, lifetime=1.5)
    cache.put("token-b", ANONYMOUS, lifetime=60.0)
    cache.put("token-c", ANONYMOUS, lifetime=0.0)
    now[0] = 1.4
    assert cache.get("token-a") is ANONYMOUS
    assert cache.get("token-c") is None
    now[0] = 1.5
    assert cache.get("token-a") is None
    now[0] = 4.9
    assert cache.get("token-b") is ANONYMOUS
    now[0] = 5.0
    assert cache.get("token-b") is None  # the cache's own limit still applies


def test_booking_is_audited_under_the_callers_key(settings: Settings) -> None:
    world = World(settings, fast=True)
    key = {"Authorization": f"Bearer {world.key.secret}"}
    with Client(world.app) as client:
        made = client.post(
            "/api/v1/bookings", json=body(confirm=True, contact=LAN), headers=key
        ).json()
    entries = [e for e in world.booking.audit_log() if e.subject_id == made["id"]]
    assert [(e.action, e.actor) for e in entries] == [
        ("booking.confirmed", f"key:{world.key.key.id}")
    ]


def test_principal_cache_forgets_entries_after_the_ttl() -> None:
    from tourlink.accounts.models import ANONYMOUS

    now = [0.0]
    cache = PrincipalCache(ttl=2.0, monotonic=lambda: now[0])
    cache.put("tlk_a", ANONYMOUS)
    now[0] = 1.9
    assert cache.get("tlk_a") is ANONYMOUS
    now[0] = 2.0
    assert cache.get("tlk_a") is None


def test_principal_cache_with_zero_ttl_remembers_nothing() -> None:
    from tourlink.accounts.models import ANONYMOUS

    cache = PrincipalCache(ttl=0.0, monotonic=lambda: 0.0)
    cache.put("tlk_a", ANONYMOUS)
    assert cache.get("tlk_a") is None


def test_principal_cache_refuses_a_negative_ttl() -> None:
    with pytest.raises(ValueError, match="ttl must be"):
        PrincipalCache(ttl=-1.0)


def test_route_stays_documented_in_the_openapi_schema(settings: Settings) -> None:
    """The middleware answers the requests; the route remains the documented contract
    (and the handler of unusual requests)."""
    world = World(settings, fast=True)
    with Client(world.app) as client:
        schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/bookings"]["post"]
    assert "201" in operation["responses"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]


def test_fast_path_has_a_thread_per_database_connection(settings: Settings) -> None:
    """A booking thread never waits for a connection another thread of the process
    holds idle: the app sizes the fast path's pool by the database pool."""
    from sqlalchemy.pool import QueuePool

    from tourlink.bootstrap import database_connections
    from tourlink.storage import make_engine

    engine = make_engine("postgresql+psycopg://tourlink@127.0.0.1/unused")
    assert isinstance(engine.pool, QueuePool)
    assert engine.pool.size() == database_connections()
    assert World(settings, fast=True).fast_path().threads == database_connections()
