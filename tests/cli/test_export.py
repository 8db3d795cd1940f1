"""``tourlink catalog export`` and the formats behind it (JSON, YAML, GeoJSON, JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.storage.factories import entry, place, small_catalogue
from tourlink.catalog import load_catalog
from tourlink.catalog.formats import schema_types, to_jsonld

from .conftest import Cli


@pytest.fixture
def loaded_cli(cli: Cli, small_data_dir: Path) -> Cli:
    cli("db", "upgrade")
    cli("catalog", "load", str(small_data_dir))
    return cli


def test_json_export_round_trips_through_the_loader(
    loaded_cli: Cli, tmp_path: Path
) -> None:
    result = loaded_cli("catalog", "export", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == sorted(e.id for e in small_catalogue())
    (tmp_path / "again.json").write_text(result.stdout, "utf-8")
    again = load_catalog(tmp_path / "again.json")
    assert sorted(again, key=lambda e: e.id) == sorted(
        small_catalogue(), key=lambda e: e.id
    )


def test_yaml_export_to_a_file_round_trips(loaded_cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    result = loaded_cli("catalog", "export", "-f", "yaml", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(yaml.safe_load(target.read_text("utf-8"))) == 9
    assert len(load_catalog(target)) == 9


def test_geojson_export_is_a_feature_collection(loaded_cli: Cli) -> None:
    result = loaded_cli("catalog", "export", "--format", "geojson", "-l", "vi")
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    cave = features["dau-go-cave"]
    assert cave["geometry"] == {"type": "Point", "coordinates": [107.022, 20.913]}
    assert cave["properties"] == {
        "id": "dau-go-cave",
        "type": "place",
        "kind": "cave",
        "name": "Hang Đầu Gỗ",
        "province": "quang-ninh",
        "sample": True,
        "approximate": False,
    }
    ferry = features["tuan-chau-cat-ba-ferry"]
    assert ferry["geometry"]["type"] == "LineString"


def test_geojson_export_of_one_type_still_draws_links(loaded_cli: Cli) -> None:
    result = loaded_cli(
        "catalog", "export", "-f", "geojson", "--type", "transport_link"
    )
    features = json.loads(result.stdout)["features"]
    assert [f["id"] for f in features] == ["tuan-chau-cat-ba-ferry"]
    assert features[0]["geometry"]["coordinates"] == [
        [106.993, 20.924],
        [107.048, 20.727],
    ]


def test_jsonld_export_is_a_schema_org_graph(loaded_cli: Cli) -> None:
    result = loaded_cli("catalog", "export", "--format", "jsonld", "-l", "ja")
    document = json.loads(result.stdout)
    assert document["@context"] == "https://schema.org"
    nodes = {n["identifier"]: n for n in document["@graph"]}
    assert nodes["dau-go-cave"]["name"] == "ダウゴー洞窟"
    assert nodes["dau-go-cave"]["inLanguage"] == "ja"
    assert nodes["quang-ninh-museum"]["inLanguage"] == "en"  # falls back
    assert nodes["tuan-chau-cat-ba-ferry"]["@type"] == "BoatTrip"


def test_an_unknown_format_or_language_is_a_usage_error(cli: Cli) -> None:
    assert cli("catalog", "export", "--format", "pdf").exit_code == 2
    assert cli("catalog", "export", "--language", "fr").exit_code == 2


# --------------------------------------------------------------------- the formats


def test_a_halal_restaurant_serves_cuisines_suitable_for_diets() -> None:
    node = to_jsonld(small_catalogue()[7], "en")
    assert node["@type"] == "Restaurant"
    assert node["servesCuisine"] == ["vietnamese", "indian"]
    assert node["suitableForDiet"] == [
        "https://schema.org/HalalDiet",
        "https://schema.org/VegetarianDiet",
    ]
    assert node["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 20.952,
        "longitude": 107.083,
    }


def test_a_ferry_is_a_boat_trip_between_terminals() -> None:
    node = to_jsonld(small_catalogue()[8], "vi")
    assert node["@type"] == "BoatTrip"
    assert node["departureBoatTerminal"]["identifier"] == "tuan-chau-pier"
    assert node["arrivalBoatTerminal"]["identifier"] == "cat-ba-pier"
    assert node["departureTime"] == ["08:00", "13:30"]
    assert node["name"] == "Phà Tuần Châu – Cát Bà"


def test_an_event_has_dates_a_schedule_and_a_location() -> None:
    node = to_jsonld(small_catalogue()[6])
    assert node["@type"] == "Festival"
    assert (node["startDate"], node["endDate"]) == ("2026-04-30", "2026-05-01")
    assert node["eventSchedule"][0]["startDate"] == "2026-04-30"
    assert node["location"]["geo"]["latitude"] == 20.95


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (place("x-museum", kind="museum"), ["Museum", "TouristAttraction"]),
        (
            place("x-cave"),
            ["TouristAttraction", "LandmarksOrHistoricalBuildings"],
        ),
        (
            place("x-airport", kind="hub", name={"vi": "Sân bay X", "en": "X Airport"}),
            ["Airport"],
        ),
        (
            entry("provider", "x-hotel", kind="accommodation", stars=4),
            ["Hotel"],
        ),
        (entry("provider", "x-inn", kind="accommodation"), ["LodgingBusiness"]),
        (
            entry("experience", "x-kayak", kind="kayak", duration_minutes=60),
            ["TouristTrip"],
        ),
        (
            entry(
                "experience",
                "x-show",
                kind="water_puppetry",
                duration_minutes=50,
                sessions=["18:30"],
            ),
            ["Event", "TheaterEvent"],
        ),
    ],
)
def test_schema_org_types_follow_the_entry_kind(
    subject: object, expected: list[str]
) -> None:
    assert schema_types(subject) == expected  # type: ignore[arg-type]


def test_jsonld_cites_wikidata_and_sources_and_marks_free_entry() -> None:
    free = place(
        "x-temple",
        kind="temple",
        sample=False,
        wikidata="Q123",
        sources=[{"title": "Official page", "url": "https://example.org/x"}],
        admission=[{"unit": "adult", "amount_vnd": 0}],
        opening_hours="Mo-Su 06:00-18:00",
    )
    node = to_jsonld(free, "ko")
    assert node["sameAs"] == [
        "https://www.wikidata.org/wiki/Q123",
        "https://example.org/x",
    ]
    assert node["isAccessibleForFree"] is True
    assert node["openingHours"] == "Mo-Su 06:00-18:00"
    assert node["inLanguage"] == "en"
