from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers import sample_entries
from tourlink.catalog import EntryType, Province, Tag
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.catalog.search import SearchQuery
from tourlink.core.errors import InvalidInputError
from tourlink.core.geo import GeoPoint


@pytest.fixture
def repo() -> MemoryCatalogRepository:
    return MemoryCatalogRepository(sample_entries())


def ids(repo: MemoryCatalogRepository, **query: object) -> list[str]:
    return [h.entry.id for h in repo.search(SearchQuery(**query)).items]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("vinh ha long", "ha-long-bay"),
        ("Vịnh Hạ Long", "ha-long-bay"),
        ("下龙湾", "ha-long-bay"),
        ("下龙", "ha-long-bay"),
        ("ハロン湾", "ha-long-bay"),
        ("하롱베이", "ha-long-bay"),
        ("हा लॉन्ग", "ha-long-bay"),
        ("sung sot", "sung-sot-cave"),
        ("do son", "do-son-beach"),
        ("Đồ Sơn", "do-son-beach"),
        ("gom chu dau", "chu-dau-village"),
        ("朱豆", "chu-dau-village"),
    ],
)
def test_text_search_finds_the_expected_first_result(
    repo: MemoryCatalogRepository, text: str, first: str
) -> None:
    assert ids(repo, text=text)[0] == first


def test_every_query_word_must_match(repo: MemoryCatalogRepository) -> None:
    assert ids(repo, text="ha long zzz") == []


def test_name_matches_rank_above_description_matches(
    repo: MemoryCatalogRepository,
) -> None:
    # "Ha Long" is the bay's name and only in the cave's description.
    assert ids(repo, text="ha long")[:2] == ["ha-long-bay", "sung-sot-cave"]


def test_filters_by_province_kind_and_tags(repo: MemoryCatalogRepository) -> None:
    assert ids(repo, provinces=(Province.HAI_PHONG,), kinds=("beach",)) == [
        "do-son-beach"
    ]
    assert ids(repo, tags=(Tag.CAVES, Tag.NATURE)) == ["sung-sot-cave"]
    assert ids(repo, types=(EntryType.EVENT,)) == []


def test_open_at_keeps_only_places_open_then(repo: MemoryCatalogRepository) -> None:
    morning = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    night = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 22:00
    assert ids(repo, open_at=morning) == ["sung-sot-cave"]
    assert ids(repo, open_at=night) == []


def test_radius_and_distance_sort(repo: MemoryCatalogRepository) -> None:
    hai_phong = GeoPoint(20.8449, 106.6881)
    got = ids(repo, near=hai_phong, radius_km=41, sort="distance")
    assert got == ["do-son-beach", "chu-dau-village", "sample-cat-ba-hotel-viewpoint"]


def test_language_filter_keeps_entries_described_in_that_language(
    repo: MemoryCatalogRepository,
) -> None:
    assert "sample-cat-ba-hotel-viewpoint" not in ids(repo, language="en")


def test_sample_filter(repo: MemoryCatalogRepository) -> None:
    assert ids(repo, sample=True) == ["sample-cat-ba-hotel-viewpoint"]


def test_pagination_reports_the_total(repo: MemoryCatalogRepository) -> None:
    page = repo.search(SearchQuery(limit=2, offset=2, sort="name"))
    assert page.total == 5
    assert len(page.items) == 2


def test_without_text_results_are_sorted_by_name(repo: MemoryCatalogRepository) -> None:
    got = ids(repo)
    assert got == sorted(got, key=lambda i: repo.get(i).name.localize("en").casefold())  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"radius_km": 5}, "radius_km"),
        ({"sort": "distance"}, "sort"),
        ({"open_at": datetime(2026, 1, 1)}, "open_at"),  # noqa: DTZ001
        ({"text": "x" * 201}, "text"),
    ],
)
def test_bad_queries_name_the_field(query: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        SearchQuery(**query)  # type: ignore[arg-type]
    assert info.value.field == field
