"""Reading the catalogue through the API: lists, filters, languages, formats."""

from __future__ import annotations

import pytest

from .conftest import TestClient
from .fixtures import RAW_ENTRIES


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_list_returns_a_page_with_total_limit_and_offset(client: TestClient) -> None:
    body = client.get("/api/v1/places").json()
    assert set(body) == {"items", "total", "limit", "offset"}
    places = [r for r in RAW_ENTRIES if r["type"] == "place"]
    assert body["total"] == len(places)
    assert (body["limit"], body["offset"]) == (20, 0)


@pytest.mark.parametrize(
    ("path", "entry_id"),
    [
        ("places", "ha-long-bay"),
        ("experiences", "sample-kayak-lan-ha"),
        ("events", "ha-long-carnaval"),
        ("providers", "sample-cat-ba-hotel"),
        ("transport-links", "tuan-chau-gia-luan-ferry"),
    ],
)
def test_every_collection_lists_and_gets_its_entries(
    client: TestClient, path: str, entry_id: str
) -> None:
    assert entry_id in ids(client.get(f"/api/v1/{path}"))
    item = client.get(f"/api/v1/{path}/{entry_id}").json()
    assert item["id"] == entry_id
    assert item["links"]["self"] == f"/api/v1/{path}/{entry_id}"


def test_pagination_slices_the_results_and_keeps_the_total(client: TestClient) -> None:
    everything = ids(client.get("/api/v1/places", params={"sort": "name"}))
    page = client.get(
        "/api/v1/places", params={"sort": "name", "limit": 2, "offset": 2}
    )
    assert ids(page) == everything[2:4]
    assert page.json()["total"] == len(everything)


def test_unknown_id_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/places/no-such-cave")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "not_found"
    assert problem["instance"] == "/api/v1/places/no-such-cave"


def test_an_entry_is_not_found_under_another_type(client: TestClient) -> None:
    assert client.get("/api/v1/events/ha-long-bay").status_code == 404


def test_accept_language_picks_the_texts_and_sets_content_language(
    client: TestClient,
) -> None:
    response = client.get(
        "/api/v1/places/ha-long-bay", headers={"Accept-Language": "ja-JP,ja;q=0.9"}
    )
    assert response.headers["content-language"] == "ja"
    item = response.json()
    assert item["name"] == "ハロン湾"
    assert item["name_i18n"]["vi"] == "Vịnh Hạ Long"


def test_lang_parameter_overrides_accept_language(client: TestClient) -> None:
    response = client.get(
        "/api/v1/places/ha-long-bay",
        params={"lang": "vi"},
        headers={"Accept-Language": "ja"},
    )
    assert response.headers["content-language"] == "vi"
    assert response.json()["name"] == "Vịnh Hạ Long"


def test_missing_translation_falls_back_to_english_and_says_so(
    client: TestClient,
) -> None:
    response = client.get("/api/v1/places/cat-ba-island", params={"lang": "ko"})
    assert response.headers["content-language"] == "en"
    assert response.json()["name"] == "Cat Ba Island"
    lists = client.get("/api/v1/places", params={"lang": "ko"})
    assert lists.headers["content-language"] == "ko"


def test_items_carry_sample_flag_and_sources(client: TestClient) -> None:
    hotel = client.get("/api/v1/providers/sample-cat-ba-hotel").json()
    assert hotel["sample"] is True
    bay = client.get("/api/v1/places/ha-long-bay").json()
    assert bay["sample"] is False
    assert bay["sources"][0]["kind"] == "unesco"
    assert bay["story"].startswith("Legend says")


def test_filter_by_kind_province_and_repeated_tags(client: TestClient) -> None:
    assert ids(client.get("/api/v1/places", params={"kind": "cave"})) == [
        "sung-sot-cave"
    ]
    hai_phong = ids(client.get("/api/v1/places", params={"province": "hai-phong"}))
    assert set(hai_phong) == {"cat-ba-island", "gia-luan-port", "chu-dau-village"}
    both = client.get("/api/v1/places", params=[("tag", "islands"), ("tag", "beaches")])
    assert ids(both) == ["cat-ba-island"]


def test_filter_by_sample_and_available_language(client: TestClient) -> None:
    samples = ids(client.get("/api/v1/search", params={"sample": "true"}))
    assert set(samples) == {"sample-kayak-lan-ha", "sample-cat-ba-hotel"}
    assert ids(client.get("/api/v1/places", params={"available_in": "ja"})) == [
        "ha-long-bay"
    ]


def test_open_at_and_open_now_use_opening_hours(client: TestClient) -> None:
    evening = client.get("/api/v1/places", params={"open_at": "2026-12-05T17:15+07:00"})
    assert ids(evening) == ["ha-long-bay"]
    # The test clock says 10:00 in Ha Long: both the bay and the cave are open.
    assert set(ids(client.get("/api/v1/places", params={"open_now": "true"}))) == {
        "ha-long-bay",
        "sung-sot-cave",
    }


def test_open_at_without_offset_is_a_422_on_the_query(client: TestClient) -> None:
    response = client.get("/api/v1/places", params={"open_at": "2026-12-05T10:00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/query/open_at"


def test_near_a_point_sorted_by_distance(client: TestClient) -> None:
    params: dict[str, str | float] = {
        "lat": 20.72,
        "lon": 107.05,
        "radius_km": 20,
        "sort": "distance",
    }
    response = client.get("/api/v1/places", params=params)
    found = ids(response)
    assert found[0] == "cat-ba-island"
    assert "ha-long-bay" not in found
    distances = [i["distance_km"] for i in response.json()["items"]]
    assert distances == sorted(distances)


def test_search_spans_types_and_ignores_diacritics(client: TestClient) -> None:
    assert ids(client.get("/api/v1/search", params={"q": "vinh ha long"}))[0] == (
        "ha-long-bay"
    )
    types = {
        i["type"]
        for i in client.get("/api/v1/search", params={"limit": 100}).json()["items"]
    }
    assert types == {"place", "experience", "event", "provider", "transport_link"}
    only = client.get(
        "/api/v1/search", params=[("type", "event"), ("type", "provider")]
    )
    assert set(ids(only)) == {"ha-long-carnaval", "sample-cat-ba-hotel"}


def test_jsonld_by_accept_header_or_format_parameter(client: TestClient) -> None:
    by_header = client.get(
        "/api/v1/places/ha-long-bay", headers={"Accept": "application/ld+json"}
    )
    by_param = client.get("/api/v1/places/ha-long-bay", params={"format": "jsonld"})
    for response in (by_header, by_param):
        assert response.headers["content-type"] == "application/ld+json"
        node = response.json()
        assert node["@context"] == "https://schema.org"
        assert node["identifier"] == "ha-long-bay"
        assert node["@id"].endswith("/places/ha-long-bay")
    graph = client.get("/api/v1/events", params={"format": "jsonld"}).json()
    assert [n["identifier"] for n in graph["@graph"]] == ["ha-long-carnaval"]


def test_geojson_export_of_a_collection(client: TestClient) -> None:
    for response in (
        client.get("/api/v1/places.geojson", params={"limit": 100}),
        client.get("/api/v1/places", params={"format": "geojson", "limit": 100}),
    ):
        assert response.headers["content-type"] == "application/geo+json"
        collection = response.json()
        assert collection["type"] == "FeatureCollection"
        located = [
            r["id"] for r in RAW_ENTRIES if r["type"] == "place" and "location" in r
        ]
        assert sorted(f["id"] for f in collection["features"]) == sorted(located)
        first = collection["features"][0]
        assert first["geometry"]["type"] == "Point"
        approximate = {
            f["id"] for f in collection["features"] if f["properties"]["approximate"]
        }
        assert approximate == {"cat-ba-island"}


def test_openapi_documents_the_named_schemas(client: TestClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("PlaceOut", "PlacePage", "EventOut", "SearchResultPage", "ProblemOut"):
        assert name in schemas
