"""The bundled regional catalogue: it validates and meets the content contract.

The thresholds below are the contract with the planner, search and web teams: change them
only together with the data.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tourlink.catalog import (
    Catalog,
    Dietary,
    EntryType,
    Event,
    Experience,
    Place,
    PlaceKind,
    Provider,
    ProviderKind,
    Province,
    TransportLink,
    load_catalog,
)
from tourlink.core.i18n import LANGUAGES

MIN_ENTRIES = 150
MIN_PLACES = 70
MIN_EXPERIENCES = 30
MIN_EVENTS = 10
MIN_PROVIDERS = 30
MIN_TRANSPORT_LINKS = 10
MIN_PROVINCES = 4
MIN_STORY_PLACES = 40
MIN_STORY_WORDS = 150
STORY_WORD_LANGUAGES = ("vi", "en")
STORY_TRANSLATION_LANGUAGES = ("ja", "ko", "zh", "hi")

CORE_PROVINCES = frozenset(
    {Province.QUANG_NINH, Province.HAI_PHONG, Province.HANOI, Province.NINH_BINH}
)
DIETARY_MARKETS = (Dietary.HALAL, Dietary.VEGETARIAN)
DINING_PROVINCES = (Province.QUANG_NINH, Province.HAI_PHONG)

# Northern Vietnam, where every located entry must lie...
REGION_LAT = (19.5, 22.5)
REGION_LON = (104.5, 108.5)
# ...except the far ends of routes that leave the region.
OUT_OF_REGION_HUBS = frozenset({"tan-son-nhat-airport", "da-nang-airport"})


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _places(catalog: Catalog) -> list[Place]:
    return catalog.of_type(Place)


def _story_words(text: str) -> int:
    return len(text.split())


def _places_with_full_stories(catalog: Catalog) -> list[Place]:
    return [
        p
        for p in _places(catalog)
        if all(
            _story_words(p.story.get(lang, "")) >= MIN_STORY_WORDS
            for lang in STORY_WORD_LANGUAGES
        )
        and all(p.story.get(lang) for lang in STORY_TRANSLATION_LANGUAGES)
    ]


def test_bundled_catalogue_loads_without_errors(catalog: Catalog) -> None:
    assert len(catalog) > 0


def test_catalogue_meets_the_regional_count_targets(catalog: Catalog) -> None:
    counts = Counter(type(e) for e in catalog)
    provinces = {e.province for e in catalog if e.province is not None}
    assert len(catalog) >= MIN_ENTRIES
    assert counts[Place] >= MIN_PLACES
    assert counts[Experience] >= MIN_EXPERIENCES
    assert counts[Event] >= MIN_EVENTS
    assert counts[Provider] >= MIN_PROVIDERS
    assert counts[TransportLink] >= MIN_TRANSPORT_LINKS
    assert len(provinces) >= MIN_PROVINCES


def test_enough_heritage_places_tell_a_full_story_in_every_language(
    catalog: Catalog,
) -> None:
    assert len(_places_with_full_stories(catalog)) >= MIN_STORY_PLACES


def test_every_started_story_is_complete(catalog: Catalog) -> None:
    incomplete = [
        e.id
        for e in catalog
        if e.story
        and not (
            all(
                _story_words(e.story.get(lang, "")) >= MIN_STORY_WORDS
                for lang in STORY_WORD_LANGUAGES
            )
            and all(e.story.get(lang) for lang in STORY_TRANSLATION_LANGUAGES)
        )
    ]
    assert incomplete == []


def test_every_entry_type_is_covered(catalog: Catalog) -> None:
    assert {e.type for e in catalog} == set(EntryType)


def test_the_core_provinces_have_places(catalog: Catalog) -> None:
    assert {p.province for p in _places(catalog)} >= CORE_PROVINCES


def test_every_province_has_places(catalog: Catalog) -> None:
    assert set(Province) <= {p.province for p in _places(catalog)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_has_a_name_and_description_in_each_language(
    catalog: Catalog, lang: str
) -> None:
    missing = [
        e.id for e in catalog if not e.name.get(lang) or not e.description.get(lang)
    ]
    assert missing == []


def test_transport_frequency_notes_speak_every_language(catalog: Catalog) -> None:
    notes = [e for e in catalog if isinstance(e, TransportLink) and e.frequency_note]
    assert notes, "the bundled links describe how often some of them run"
    incomplete = [
        (e.id, lang)
        for e in notes
        for lang in LANGUAGES
        if not e.frequency_note.get(lang)
    ]
    assert incomplete == []


def test_every_real_entry_cites_a_source(catalog: Catalog) -> None:
    assert [e.id for e in catalog if not e.sample and not e.sources] == []


def test_sample_businesses_are_named_as_samples(catalog: Catalog) -> None:
    """Invented providers must never pass for real businesses."""
    misleading = [
        p.id
        for p in catalog.of_type(Provider)
        if p.sample and not p.name["en"].startswith("Sample ")
    ]
    assert misleading == []


def test_located_entries_lie_in_northern_vietnam(catalog: Catalog) -> None:
    outside = [
        e.id
        for e in catalog
        if e.location is not None
        and e.id not in OUT_OF_REGION_HUBS
        and not (
            REGION_LAT[0] <= e.location.lat <= REGION_LAT[1]
            and REGION_LON[0] <= e.location.lon <= REGION_LON[1]
        )
    ]
    assert outside == []


def test_out_of_region_exceptions_are_hubs_served_by_a_route(catalog: Catalog) -> None:
    ends = {t.from_id for t in catalog.of_type(TransportLink)} | {
        t.to_id for t in catalog.of_type(TransportLink)
    }
    for hub_id in OUT_OF_REGION_HUBS & set(catalog.entries):
        hub = catalog.entries[hub_id]
        assert isinstance(hub, Place)
        assert hub.kind is PlaceKind.HUB
        assert hub_id in ends


def test_every_place_and_provider_is_located(catalog: Catalog) -> None:
    unlocated = [
        e.id for e in catalog if isinstance(e, Place | Provider) and e.location is None
    ]
    assert unlocated == []


def test_transport_links_run_between_hubs(catalog: Catalog) -> None:
    for link in catalog.of_type(TransportLink):
        for end in (link.from_id, link.to_id):
            place = catalog.entries[end]
            assert isinstance(place, Place), (link.id, end)
            assert place.kind is PlaceKind.HUB, (link.id, end)


def test_places_to_visit_have_a_visit_length(catalog: Catalog) -> None:
    missing = [
        p.id
        for p in _places(catalog)
        if p.kind is not PlaceKind.HUB and p.visit_minutes is None
    ]
    assert missing == []


def test_evening_experiences_are_tagged_night_time(catalog: Catalog) -> None:
    untagged = [
        x.id
        for x in catalog.of_type(Experience)
        if x.night_time and "night_time" not in x.tags
    ]
    assert untagged == []


def test_the_cai_rong_co_to_ferry_and_a_van_don_flight_exist(catalog: Catalog) -> None:
    links = catalog.of_type(TransportLink)
    assert any({t.from_id, t.to_id} == {"cai-rong-port", "co-to-port"} for t in links)
    assert any(
        t.mode == "flight" and "van-don-airport" in (t.from_id, t.to_id) for t in links
    )


def test_caves_host_performances_and_light_shows(catalog: Catalog) -> None:
    caves = {p.id for p in _places(catalog) if p.kind is PlaceKind.CAVE}
    kinds = {x.kind for x in catalog.of_type(Experience) if x.place_id in caves}
    assert {"cave_performance", "light_show"} <= kinds


@pytest.mark.parametrize("province", DINING_PROVINCES)
@pytest.mark.parametrize("diet", DIETARY_MARKETS)
def test_halal_and_vegetarian_restaurants_exist(
    catalog: Catalog, province: Province, diet: Dietary
) -> None:
    assert any(
        p.kind is ProviderKind.RESTAURANT
        and p.province == province
        and diet in p.dietary
        for p in catalog.of_type(Provider)
    )
