"""Errors are RFC 9457 problems, and no malformed request ever gets a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tourlink.accounts import Role
from tourlink.services.container import Services

from .conftest import TestClient

PROBLEM = "application/problem+json"

BAD_QUERIES: list[dict[str, Any]] = [
    {"limit": "-1"},
    {"limit": "abc"},
    {"limit": str(10**40)},
    {"offset": str(10**40)},
    {"offset": "-5"},
    {"lat": "nan", "lon": "0"},
    {"lat": "1e309", "lon": "1e309"},
    {"lat": "21"},
    {"radius_km": "5"},
    {"radius_km": "-1", "lat": "21", "lon": "107"},
    {"sort": "distance"},
    {"sort": "sideways"},
    {"open_at": "yesterday"},
    {"open_at": "2026-12-05T10:00"},
    {"open_at": "9999-99-99T99:99+07:00"},
    {"open_now": "maybe"},
    {"kind": "volcano"},
    {"province": "atlantis"},
    {"tag": "dragons"},
    {"type": "spaceship"},
    {"available_in": "fr"},
    {"lang": "klingon"},
    {"format": "xml"},
    {"sample": "perhaps"},
    {"q": "x" * 5000},
    {"q": "\x00\u202e"},
    {"q": "' OR 1=1 --"},
]

BAD_BODIES: list[bytes] = [
    b"{not json",
    b"",
    b"[1, 2, 3]",
    b'"a string"',
    b"null",
    b"1e999999",
    json.dumps({"id": "UPPER CASE", "kind": "cave", "name": {"vi": "x"}}).encode(),
    json.dumps({"id": "x-cave", "kind": 7, "name": ["vi"], "sample": "yes"}).encode(),
    json.dumps({"id": "x-cave", "kind": "cave", "name": {"vi": {"deep": 1}}}).encode(),
    json.dumps({"id": "x" * 10_000, "name": {"en": "x" * 1_000_000}}).encode(),
    json.dumps({"location": {"lat": 10**400, "lon": -(10**400)}}).encode(),
    json.dumps({"opening_hours": "Mo-Xx 99:00-77:00", "sessions": ["25:61"]}).encode(),
    json.dumps(
        {"occurrences": [{"start": "2027-05-01", "end": "2027-04-01"}]}
    ).encode(),
    json.dumps({"type": None, "id": None}).encode(),
    b'{"a": ' * 500 + b"1" + b"}" * 500,
]


def api_operations(client: TestClient) -> list[tuple[str, str]]:
    spec = client.get("/api/v1/openapi.json").json()
    ops = []
    for path, methods in spec["paths"].items():
        for method in methods:
            concrete = path.replace("{entry_id}", "ha-long-bay")
            ops.append((method.upper(), concrete))
    return ops


def assert_problem(response: Any, context: str) -> None:
    assert response.status_code < 500, (
        f"{context}: {response.status_code} {response.text}"
    )
    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM, context
        body = response.json()
        assert {"type", "title", "status", "detail", "instance", "code"} <= set(body)
        assert body["status"] == response.status_code
        assert "Traceback" not in response.text


def test_no_malformed_request_gets_a_500(
    raw_client: TestClient, services: Services
) -> None:
    key = services.accounts.issue_api_key("fuzz", Role.ADMIN).secret
    auth = {"Authorization": f"Bearer {key}"}
    operations = api_operations(raw_client)
    assert len(operations) >= 30
    for method, path in operations:
        for params in BAD_QUERIES:
            response = raw_client.request(method, path, params=params, headers=auth)
            assert_problem(response, f"{method} {path} {params}")
        if method in ("POST", "PUT"):
            for body in BAD_BODIES:
                for content_type in ("application/json", "text/plain"):
                    headers = {**auth, "Content-Type": content_type}
                    response = raw_client.request(
                        method, path, content=body, headers=headers
                    )
                    assert_problem(response, f"{method} {path} {body[:60]!r}")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/places/%00",
        "/api/v1/places/" + "x" * 5000,
        "/api/v1/nothing",
        "/%ff",
        "/api/v1/search?q=%ff%fe&limit=%ff",
        "/api/v1/places?lang=%ed%a0%80",
    ],
)
def test_odd_paths_are_problems_too(raw_client: TestClient, path: str) -> None:
    assert_problem(raw_client.get(path), path)


def test_malformed_json_is_a_400_problem(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token",
        content=b"{oops",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_validation_errors_point_at_each_field(client: TestClient) -> None:
    response = client.get("/api/v1/places", params={"limit": 0, "lat": 99, "lon": 1})
    problem = response.json()
    assert response.status_code == 422
    assert problem["title"] == "Invalid input"
    pointers = {e["pointer"]: e["field"] for e in problem["errors"]}
    assert pointers == {"/query/limit": "limit", "/query/lat": "lat"}


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:
    response = client.patch("/api/v1/places/ha-long-bay")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unexpected_errors_are_500_problems_without_traceback(
    raw_client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(type(services.catalog), "search", explode)
    response = raw_client.get("/api/v1/places")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "secret internals" not in response.text


def test_problem_types_are_documented_pages(client: TestClient) -> None:
    type_uri = client.get("/api/v1/places/nope").json()["type"]
    page = client.get(type_uri)
    assert page.status_code == 200
    assert "not_found" in page.text


def test_a_saturated_database_answers_503_with_a_retry_hint(
    raw_client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pool exhaustion or a lost connection is not an internal error: clients retry."""
    from sqlalchemy.exc import OperationalError

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("too many clients already"))

    monkeypatch.setattr(type(services.catalog), "search", refuse)
    response = raw_client.get("/api/v1/places")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert "too many clients" not in json.dumps(body)
