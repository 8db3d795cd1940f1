"""CatalogService over the in-memory store: edit, look up, nearby, stats."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import place
from tests.storage.factories import small_catalogue
from tourlink.catalog import EntryType
from tourlink.catalog.formats import entry_to_data
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.core.errors import ConflictError, InvalidInputError, NotFoundError
from tourlink.services.catalog import CatalogService


@pytest.fixture
def service() -> CatalogService:
    return CatalogService(MemoryCatalogRepository(small_catalogue()))


def new_cave(**fields: Any) -> dict[str, Any]:
    return {
        "type": "place",
        "id": "thien-canh-son-cave",
        "kind": "cave",
        "sample": True,
        "name": {"vi": "Hang Thiên Cảnh Sơn", "en": "Thien Canh Son Cave"},
        "province": "quang-ninh",
        "location": {"lat": 20.8780, "lon": 107.0750},
        **fields,
    }


def test_create_validates_and_stores_an_entry(service: CatalogService) -> None:
    created = service.create(new_cave())
    assert service.get("thien-canh-son-cave") == created


def test_create_reports_field_errors(service: CatalogService) -> None:
    with pytest.raises(InvalidInputError) as caught:
        service.create(new_cave(name={"en": "No Vietnamese"}))
    assert [e.dotted for e in caught.value.errors] == ["name"]


def test_create_refuses_dangling_references(service: CatalogService) -> None:
    with pytest.raises(InvalidInputError, match="parent_id refers to 'nowhere'"):
        service.create(new_cave(parent_id="nowhere"))


def test_create_refuses_a_taken_id(service: CatalogService) -> None:
    with pytest.raises(ConflictError):
        service.create(new_cave(id="dau-go-cave"))


def test_update_replaces_an_entry_but_not_its_id_or_type(
    service: CatalogService,
) -> None:
    body = entry_to_data(service.get("dau-go-cave"))
    body["popularity"] = 0.95
    assert service.update("dau-go-cave", body).popularity == 0.95  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError, match="id of an entry cannot change"):
        service.update("dau-go-cave", {**body, "id": "other-cave"})
    with pytest.raises(InvalidInputError, match="type of an entry cannot change"):
        service.update("dau-go-cave", {**body, "type": "event"})
    with pytest.raises(NotFoundError):
        service.update("no-such-cave", body)


def test_delete_removes_an_entry(service: CatalogService) -> None:
    service.delete("dau-go-cave")
    with pytest.raises(NotFoundError):
        service.get("dau-go-cave")
    with pytest.raises(NotFoundError):
        service.delete("dau-go-cave")


def test_get_with_a_type_hides_entries_of_other_types(service: CatalogService) -> None:
    assert service.get("dau-go-cave", EntryType.PLACE).id == "dau-go-cave"
    with pytest.raises(NotFoundError, match="no event with id 'dau-go-cave'"):
        service.get("dau-go-cave", EntryType.EVENT)


def test_nearby_lists_places_nearest_first_without_the_entry(
    service: CatalogService,
) -> None:
    hits = service.nearby("quang-ninh-museum", radius_km=15)
    assert [h.entry.id for h in hits] == ["dau-go-cave", "tuan-chau-pier"]
    assert all(h.entry.type == EntryType.PLACE for h in hits)
    distances = [h.distance_km for h in hits]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert service.nearby("tuan-chau-cat-ba-ferry") == []


def test_stats_count_types_kinds_provinces_and_languages(
    service: CatalogService,
) -> None:
    stats = service.stats()
    assert stats["total"] == 9
    assert stats["by_type"]["place"] == 5
    assert stats["by_kind"]["cave"] == 1
    assert stats["by_province"]["hai-phong"] == 3
    assert stats["by_language"]["ko"] == {"description": 1, "story": 0}
    assert stats["sample"] == 9
    assert stats["approximate_locations"] == 0


def test_stats_count_positions_not_yet_confirmed_by_a_source() -> None:
    entries = [
        place("checked", location={"lat": 20.9, "lon": 107.1}),
        place("unconfirmed", location={"lat": 20.8, "lon": 107.0, "approximate": True}),
        place("nowhere"),
    ]
    stats = CatalogService(MemoryCatalogRepository(entries)).stats()
    assert stats["approximate_locations"] == 1
