"""Labels of the catalogue's codes (kinds, tags, types, provinces) as gettext message ids.

The codes are stable snake_case values from :mod:`tourlink.catalog.kinds`; their labels in
each language live in the gettext catalogs under ``locale/``. ``N_`` only marks a string
for extraction (``pybabel extract -k N_``); translation happens when a label is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tourlink.catalog.kinds import (
    EntryType,
    EventKind,
    ExperienceKind,
    PlaceKind,
    ProviderKind,
    Province,
    Tag,
    TransportMode,
)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for extraction without translating it."""
    return message


TYPE_LABELS: Mapping[str, str] = {
    EntryType.PLACE: N_("Place"),
    EntryType.EXPERIENCE: N_("Experience"),
    EntryType.EVENT: N_("Event"),
    EntryType.PROVIDER: N_("Provider"),
    EntryType.TRANSPORT_LINK: N_("Transport link"),
}

TYPE_PLURAL_LABELS: Mapping[str, str] = {
    EntryType.PLACE: N_("Places"),
    EntryType.EXPERIENCE: N_("Experiences"),
    EntryType.EVENT: N_("Events"),
    EntryType.PROVIDER: N_("Providers"),
    EntryType.TRANSPORT_LINK: N_("Transport links"),
}

KIND_LABELS: Mapping[str, str] = {
    PlaceKind.BAY: N_("Bay"),
    PlaceKind.ISLAND: N_("Island"),
    PlaceKind.CAVE: N_("Cave"),
    PlaceKind.PAGODA: N_("Pagoda"),
    PlaceKind.TEMPLE: N_("Temple"),
    PlaceKind.RELIC_SITE: N_("Relic site"),
    PlaceKind.MUSEUM: N_("Museum"),
    PlaceKind.CRAFT_VILLAGE: N_("Craft village"),
    PlaceKind.BEACH: N_("Beach"),
    PlaceKind.VIEWPOINT: N_("Viewpoint"),
    PlaceKind.MARKET: N_("Market"),
    PlaceKind.CITY_QUARTER: N_("City quarter"),
    PlaceKind.NATIONAL_PARK: N_("National park"),
    PlaceKind.LANDMARK: N_("Landmark"),
    PlaceKind.HUB: N_("Transport hub"),
    ExperienceKind.GUIDED_VISIT: N_("Guided visit"),
    ExperienceKind.CAVE_PERFORMANCE: N_("Cave performance"),
    ExperienceKind.LIGHT_SHOW: N_("Light show"),
    ExperienceKind.WATER_PUPPETRY: N_("Water puppetry"),
    ExperienceKind.QUAN_HO: N_("Quan ho folk singing"),
    ExperienceKind.STAGE_SHOW: N_("Stage show"),
    ExperienceKind.POTTERY_WORKSHOP: N_("Pottery workshop"),
    ExperienceKind.CRAFT_WORKSHOP: N_("Craft workshop"),
    ExperienceKind.COOKING_CLASS: N_("Cooking class"),
    ExperienceKind.KAYAK: N_("Kayaking"),
    ExperienceKind.BOAT_TRIP: N_("Boat trip"),
    ExperienceKind.CRUISE: N_("Cruise"),
    ExperienceKind.CABLE_CAR: N_("Cable car"),
    ExperienceKind.TREK: N_("Trek"),
    ExperienceKind.CYCLING: N_("Cycling"),
    ExperienceKind.NIGHT_MARKET: N_("Night market"),
    ExperienceKind.FOOD_TOUR: N_("Food tour"),
    ExperienceKind.VIRTUAL_TOUR: N_("Virtual tour"),
    EventKind.FESTIVAL: N_("Festival"),
    EventKind.EXHIBITION: N_("Exhibition"),
    EventKind.PERFORMANCE_SEASON: N_("Performance season"),
    EventKind.SPORTS: N_("Sports event"),
    EventKind.FAIR: N_("Fair"),
    EventKind.RELIGIOUS: N_("Religious ceremony"),
    ProviderKind.ACCOMMODATION: N_("Accommodation"),
    ProviderKind.RESTAURANT: N_("Restaurant"),
    ProviderKind.TRANSPORT_OPERATOR: N_("Transport operator"),
    ProviderKind.TOUR_OPERATOR: N_("Tour operator"),
    TransportMode.FLIGHT: N_("Flight"),
    TransportMode.FERRY: N_("Ferry"),
    TransportMode.SPEEDBOAT: N_("Speedboat"),
    # TransportMode.CRUISE and CABLE_CAR share their codes with experience kinds.
    TransportMode.COACH: N_("Coach"),
    TransportMode.BUS: N_("Bus"),
    TransportMode.TRAIN: N_("Train"),
}

TAG_LABELS: Mapping[str, str] = {
    Tag.UNESCO_WORLD_HERITAGE: N_("UNESCO World Heritage"),
    Tag.SPECIAL_NATIONAL_RELIC: N_("Special national relic"),
    Tag.NATIONAL_RELIC: N_("National relic"),
    Tag.NATIONAL_PARK: N_("National park"),
    Tag.BIOSPHERE_RESERVE: N_("Biosphere reserve"),
    Tag.WHEELCHAIR_ACCESSIBLE: N_("Wheelchair accessible"),
    Tag.FAMILY_FRIENDLY: N_("Family friendly"),
    Tag.HALAL_FRIENDLY: N_("Halal friendly"),
    Tag.VEGETARIAN_FRIENDLY: N_("Vegetarian friendly"),
    Tag.NIGHT_TIME: N_("Night time"),
    Tag.CAVES: N_("Caves"),
    Tag.HERITAGE: N_("Heritage"),
    Tag.CRAFTS: N_("Crafts"),
    Tag.NATURE: N_("Nature"),
    Tag.BEACHES: N_("Beaches"),
    Tag.FOOD: N_("Food"),
    Tag.PERFORMANCES: N_("Performances"),
    Tag.NIGHTLIFE: N_("Nightlife"),
    Tag.SPIRITUAL: N_("Spiritual"),
    Tag.ADVENTURE: N_("Adventure"),
    Tag.HISTORY: N_("History"),
    Tag.ARCHITECTURE: N_("Architecture"),
    Tag.SHOPPING: N_("Shopping"),
    Tag.PHOTOGRAPHY: N_("Photography"),
    Tag.ISLANDS: N_("Islands"),
}

PROVINCE_LABELS: Mapping[str, str] = {
    Province.QUANG_NINH: N_("Quang Ninh"),
    Province.HAI_PHONG: N_("Hai Phong"),
    Province.HANOI: N_("Hanoi"),
    Province.NINH_BINH: N_("Ninh Binh"),
    Province.BAC_NINH: N_("Bac Ninh"),
    Province.HUNG_YEN: N_("Hung Yen"),
    Province.LANG_SON: N_("Lang Son"),
}

PRICE_UNIT_LABELS: Mapping[str, str] = {
    "adult": N_("Adult"),
    "child": N_("Child"),
    "senior": N_("Senior"),
    "group": N_("Group"),
    "person": N_("Per person"),
    "room_night": N_("Room per night"),
    "vehicle": N_("Vehicle"),
}


def label(table: Mapping[str, str], code: str, gettext: Callable[[str], str]) -> str:
    """The translated label of ``code`` from ``table`` (the code itself if unknown)."""
    message = table.get(code)
    if message is None:
        return code.replace("_", " ").replace("-", " ").capitalize()
    return gettext(message)
