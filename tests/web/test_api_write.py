"""Editing the catalogue: who may, and what a bad edit gets back."""

from __future__ import annotations

from typing import Any

import pytest

from tourlink.accounts import Role
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services

from .conftest import TestClient, bearer


def new_cave(**extra: Any) -> dict[str, Any]:
    return {
        "id": "me-cave",
        "kind": "cave",
        "name": {"vi": "Hang Mê", "en": "Me Cave"},
        "province": "quang-ninh",
        "location": {"lat": 21.0, "lon": 107.3},
        "sample": True,
        **extra,
    }


def test_anonymous_write_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    response = client.post("/api/v1/places", json=new_cave())
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("role", [Role.VISITOR, Role.SITE_MANAGER, Role.RESELLER])
def test_roles_that_may_not_edit_get_403(client: TestClient, role: Role) -> None:
    headers = bearer(client, role)
    assert (
        client.post("/api/v1/places", json=new_cave(), headers=headers).status_code
        == 403
    )
    assert (
        client.delete("/api/v1/places/ha-long-bay", headers=headers).status_code == 403
    )
    assert client.get("/api/v1/places/ha-long-bay").status_code == 200


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN])
def test_editors_create_update_and_delete(client: TestClient, role: Role) -> None:
    headers = bearer(client, role)
    created = client.post("/api/v1/places", json=new_cave(), headers=headers)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/api/v1/places/me-cave"
    assert client.get("/api/v1/places/me-cave").json()["name"] == "Me Cave"

    changed = new_cave(name={"vi": "Hang Mê", "en": "Me Grotto"})
    updated = client.put("/api/v1/places/me-cave", json=changed, headers=headers)
    assert updated.status_code == 200, updated.text
    assert client.get("/api/v1/places/me-cave").json()["name"] == "Me Grotto"

    assert client.delete("/api/v1/places/me-cave", headers=headers).status_code == 204
    assert client.get("/api/v1/places/me-cave").status_code == 404


def test_api_keys_authenticate_machine_clients(
    client: TestClient, services: Services
) -> None:
    key = services.accounts.issue_api_key("importer", Role.OPERATOR).secret
    headers = {"Authorization": f"Bearer {key}"}
    assert (
        client.post("/api/v1/places", json=new_cave(), headers=headers).status_code
        == 201
    )
    wrong = {"Authorization": "Bearer tlk_not-a-key"}
    assert (
        client.post("/api/v1/places", json=new_cave(), headers=wrong).status_code == 401
    )


def test_forged_and_expired_tokens_are_refused(
    client: TestClient, clock: FixedClock
) -> None:
    headers = bearer(client, Role.OPERATOR)
    forged = {"Authorization": headers["Authorization"][:-2] + "xx"}
    assert (
        client.post("/api/v1/places", json=new_cave(), headers=forged).status_code
        == 401
    )
    clock.advance(hours=13)
    expired = client.post("/api/v1/places", json=new_cave(), headers=headers)
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"


def test_wrong_password_is_401(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token", json={"email": "admin@example.org", "password": "nope"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_other_authorization_schemes_are_401(client: TestClient) -> None:
    headers = {"Authorization": "Basic YWRtaW46YWRtaW4="}
    assert (
        client.post("/api/v1/places", json=new_cave(), headers=headers).status_code
        == 401
    )


def test_invalid_entry_lists_every_field_with_its_path(client: TestClient) -> None:
    body = new_cave(name={"vi": 5, "en": "Me Cave"}, location={"lat": 123, "lon": 107})
    response = client.post(
        "/api/v1/places", json=body, headers=bearer(client, Role.OPERATOR)
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "/problems/invalid_input"
    assert {"pointer": "/body/name/vi", "field": "name.vi"}.items() <= problem[
        "errors"
    ][0].items()
    domain = client.post(
        "/api/v1/places",
        json=new_cave(location={"lat": 123, "lon": 107}),
        headers=bearer(client, Role.OPERATOR),
    ).json()
    assert domain["errors"][0]["pointer"] == "/body/location/lat"
    assert domain["errors"][0]["field"] == "location.lat"


def test_a_collection_only_takes_its_own_type(client: TestClient) -> None:
    body = new_cave(type="event")
    response = client.post(
        "/api/v1/places", json=body, headers=bearer(client, Role.ADMIN)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/type"


def test_taken_id_is_a_409_conflict(client: TestClient) -> None:
    response = client.post(
        "/api/v1/places",
        json=new_cave(id="ha-long-bay"),
        headers=bearer(client, Role.ADMIN),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_the_id_of_an_entry_cannot_change(client: TestClient) -> None:
    response = client.put(
        "/api/v1/places/sung-sot-cave",
        json=new_cave(id="other-cave"),
        headers=bearer(client, Role.ADMIN),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "id"


def test_editing_an_unknown_entry_is_404(client: TestClient) -> None:
    headers = bearer(client, Role.ADMIN)
    assert (
        client.put("/api/v1/places/nope", json=new_cave(), headers=headers).status_code
        == 404
    )
    assert client.delete("/api/v1/places/nope", headers=headers).status_code == 404
