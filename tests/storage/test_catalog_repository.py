"""The CatalogRepository contract, run against memory, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tourlink.catalog import EntryType, Province, Tag
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.catalog.ports import CatalogRepository
from tourlink.catalog.search import SearchQuery
from tourlink.core.errors import ConflictError, InvalidInputError, NotFoundError
from tourlink.core.geo import GeoPoint

from .factories import place, small_catalogue

HA_LONG_CITY = GeoPoint(20.9510, 107.0800)


def ids(page: object) -> list[str]:
    return [hit.entry.id for hit in page.items]  # type: ignore[attr-defined]


@pytest.fixture
def loaded(repository: CatalogRepository) -> CatalogRepository:
    repository.load(small_catalogue())
    return repository


# ------------------------------------------------------------------ add / get / replace


def test_an_added_entry_reads_back_equal(repository: CatalogRepository) -> None:
    for entry in small_catalogue():
        repository.add(entry)
        assert repository.get(entry.id) == entry


def test_get_of_an_unknown_id_is_none(repository: CatalogRepository) -> None:
    assert repository.get("no-such-cave") is None


def test_adding_a_taken_id_conflicts(repository: CatalogRepository) -> None:
    repository.add(place("dau-go-cave"))
    with pytest.raises(ConflictError):
        repository.add(place("dau-go-cave", kind="bay"))
    assert repository.get("dau-go-cave") == place("dau-go-cave")


def test_list_is_ordered_by_id_and_filters_by_type(
    loaded: CatalogRepository,
) -> None:
    every = [e.id for e in loaded.list()]
    assert every == sorted(every)
    assert len(every) == len(small_catalogue())
    assert [e.id for e in loaded.list(EntryType.EVENT)] == ["ha-long-carnival"]


def test_replace_overwrites_the_entry_and_its_search_terms(
    loaded: CatalogRepository,
) -> None:
    renamed = place("dau-go-cave", name={"vi": "Hang Bồ Nâu", "en": "Bo Nau Cave"})
    loaded.replace(renamed)
    assert loaded.get("dau-go-cave") == renamed
    assert ids(loaded.search(SearchQuery(text="bo nau"))) == ["dau-go-cave"]
    assert ids(loaded.search(SearchQuery(text="ダウゴー"))) == []


def test_replacing_an_unknown_entry_is_not_found(repository: CatalogRepository) -> None:
    with pytest.raises(NotFoundError):
        repository.replace(place("no-such-cave"))
    assert repository.get("no-such-cave") is None


def test_delete_removes_the_entry_from_reads_and_search(
    loaded: CatalogRepository,
) -> None:
    loaded.delete("dau-go-cave")
    assert loaded.get("dau-go-cave") is None
    assert ids(loaded.search(SearchQuery(text="dau go"))) == []


def test_deleting_an_unknown_entry_is_not_found(repository: CatalogRepository) -> None:
    with pytest.raises(NotFoundError):
        repository.delete("no-such-cave")


# ------------------------------------------------------------------------------- load


def test_load_reports_created_then_unchanged(repository: CatalogRepository) -> None:
    entries = small_catalogue()
    first = repository.load(entries)
    assert first.created == tuple(e.id for e in entries)
    assert (first.updated, first.unchanged, first.removed) == ((), (), ())
    second = repository.load(entries)
    assert second.created == ()
    assert second.updated == ()
    assert second.unchanged == tuple(e.id for e in entries)


def test_load_updates_changed_entries_only(loaded: CatalogRepository) -> None:
    entries = small_catalogue()
    changed = place("dau-go-cave", name={"vi": "Hang Mới", "en": "New Cave"})
    entries[0] = changed
    report = loaded.load(entries)
    assert report.updated == ("dau-go-cave",)
    assert len(report.unchanged) == len(entries) - 1
    assert loaded.get("dau-go-cave") == changed
    assert ids(loaded.search(SearchQuery(text="hang moi"))) == ["dau-go-cave"]


def test_load_keeps_other_entries_unless_pruning(loaded: CatalogRepository) -> None:
    loaded.add(place("extra-cave"))
    kept = loaded.load(small_catalogue())
    assert kept.removed == ()
    assert loaded.get("extra-cave") is not None
    pruned = loaded.load(small_catalogue(), prune=True)
    assert pruned.removed == ("extra-cave",)
    assert loaded.get("extra-cave") is None
    assert ids(loaded.search(SearchQuery(text="extra cave"))) == []


# ----------------------------------------------------------------------------- search


def test_text_search_folds_vietnamese_diacritics(loaded: CatalogRepository) -> None:
    for text in ("hang dau go", "Hang Đầu Gỗ", "DAU GO"):
        assert ids(loaded.search(SearchQuery(text=text)))[0] == "dau-go-cave"


def test_text_search_matches_cjk_by_bigrams(loaded: CatalogRepository) -> None:
    assert ids(loaded.search(SearchQuery(text="ダウゴー洞窟"))) == ["dau-go-cave"]
    assert ids(loaded.search(SearchQuery(text="木头"))) == ["dau-go-cave"]
    assert ids(loaded.search(SearchQuery(text="란하베이"))) == ["lan-ha-bay"]


def test_every_query_word_is_required(loaded: CatalogRepository) -> None:
    assert ids(loaded.search(SearchQuery(text="lan ha zebra"))) == []


def test_a_name_match_outranks_a_description_match(loaded: CatalogRepository) -> None:
    found = ids(loaded.search(SearchQuery(text="lan ha")))
    assert found[0] == "lan-ha-bay"
    assert set(found) >= {"lan-ha-bay", "lan-ha-kayak"}


def test_search_filters_by_type_and_kind(loaded: CatalogRepository) -> None:
    caves = loaded.search(SearchQuery(kinds=("cave",)))
    assert ids(caves) == ["dau-go-cave"]
    hubs = loaded.search(SearchQuery(types=(EntryType.PLACE,), kinds=("hub",)))
    assert sorted(ids(hubs)) == ["cat-ba-pier", "tuan-chau-pier"]
    ferries = loaded.search(SearchQuery(kinds=("ferry",)))
    assert ids(ferries) == ["tuan-chau-cat-ba-ferry"]


def test_search_filters_by_province(loaded: CatalogRepository) -> None:
    found = ids(loaded.search(SearchQuery(provinces=(Province.HAI_PHONG,))))
    assert sorted(found) == ["cat-ba-pier", "lan-ha-bay", "lan-ha-kayak"]


def test_search_requires_every_tag(loaded: CatalogRepository) -> None:
    family = ids(loaded.search(SearchQuery(tags=(Tag.FAMILY_FRIENDLY,))))
    assert sorted(family) == ["dau-go-cave", "quang-ninh-museum"]
    both = SearchQuery(tags=(Tag.FAMILY_FRIENDLY, Tag.CAVES))
    assert ids(loaded.search(both)) == ["dau-go-cave"]


def test_search_filters_by_opening_hours_and_event_dates(
    loaded: CatalogRepository,
) -> None:
    # Monday 2026-03-02, 09:00 in Vietnam (UTC+7): the museum is closed on Mondays.
    monday_morning = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    found = ids(loaded.search(SearchQuery(open_at=monday_morning)))
    assert sorted(found) == ["dau-go-cave", "lan-ha-bay"]
    # Tuesday 09:00: the museum opens too.
    tuesday = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    assert "quang-ninh-museum" in ids(loaded.search(SearchQuery(open_at=tuesday)))
    # 20:00 local: only the bay (24/7) is open.
    evening = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
    assert ids(loaded.search(SearchQuery(open_at=evening))) == ["lan-ha-bay"]
    carnival_day = datetime(2026, 4, 30, 12, 0, tzinfo=UTC)
    assert "ha-long-carnival" in ids(loaded.search(SearchQuery(open_at=carnival_day)))


def test_search_within_a_radius_sorted_by_distance(loaded: CatalogRepository) -> None:
    query = SearchQuery(near=HA_LONG_CITY, radius_km=3, sort="distance")
    page = loaded.search(query)
    assert ids(page) == [
        "ha-long-carnival",
        "halal-kitchen-ha-long",
        "quang-ninh-museum",
    ]
    distances = [hit.distance_km for hit in page.items]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert all(d is not None and d <= 3 for d in distances)
    wide = loaded.search(SearchQuery(near=HA_LONG_CITY, radius_km=50))
    assert "lan-ha-bay" in ids(wide)
    assert "tuan-chau-cat-ba-ferry" not in ids(wide)  # no location of its own


def test_search_filters_by_content_language(loaded: CatalogRepository) -> None:
    from_ja = ids(loaded.search(SearchQuery(language="ja")))
    assert from_ja == ["dau-go-cave"]
    assert ids(loaded.search(SearchQuery(language="ko"))) == ["lan-ha-bay"]


def test_search_filters_sample_entries(loaded: CatalogRepository) -> None:
    assert loaded.search(SearchQuery(sample=True)).total == len(small_catalogue())
    assert loaded.search(SearchQuery(sample=False)).total == 0


def test_search_sorts_by_name_in_the_requested_language(
    loaded: CatalogRepository,
) -> None:
    query = SearchQuery(types=(EntryType.PLACE,), sort="name", sort_language="vi")
    names = [h.entry.name.localize("vi").casefold() for h in loaded.search(query).items]
    assert names == sorted(names)
    assert names[0] == "bảo tàng quảng ninh"


def test_search_paginates_with_a_stable_total(loaded: CatalogRepository) -> None:
    every = ids(loaded.search(SearchQuery(sort="name", limit=100)))
    pages = [
        loaded.search(SearchQuery(sort="name", limit=3, offset=offset))
        for offset in range(0, len(every) + 3, 3)
    ]
    assert all(p.total == len(every) for p in pages)
    assert [i for p in pages for i in ids(p)] == every
    assert pages[-1].items == []


def test_search_rejects_a_radius_without_a_point() -> None:
    with pytest.raises(InvalidInputError):
        SearchQuery(radius_km=5)


def test_search_ranks_exactly_like_the_memory_store(
    loaded: CatalogRepository,
) -> None:
    reference = MemoryCatalogRepository(small_catalogue())
    queries = [
        SearchQuery(text="ha long"),
        SearchQuery(text="lan ha"),
        SearchQuery(text="cave"),
        SearchQuery(text="vịnh"),
        SearchQuery(text="洞窟"),
        SearchQuery(text="halal", near=HA_LONG_CITY),
        SearchQuery(near=HA_LONG_CITY, sort="distance", limit=4, offset=2),
        SearchQuery(),
    ]
    for query in queries:
        expected = [
            (h.entry.id, round(h.score, 9)) for h in reference.search(query).items
        ]
        got = [(h.entry.id, round(h.score, 9)) for h in loaded.search(query).items]
        assert got == expected, query
