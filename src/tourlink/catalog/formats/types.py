"""Which schema.org ``@type`` each catalogue entry gets.

Types chosen for each entry (see :func:`schema_types`):

======================  =====================================================================
Entry                   ``@type``
======================  =====================================================================
place: bay, cave        ``TouristAttraction`` + ``LandmarksOrHistoricalBuildings`` (a bay also
                        ``BodyOfWater``)
place: relic site,      ``TouristAttraction`` + ``LandmarksOrHistoricalBuildings``
landmark
place: museum           ``Museum`` + ``TouristAttraction``
place: pagoda / temple  ``BuddhistTemple`` / ``PlaceOfWorship`` + ``TouristAttraction``
place: beach, park      ``Beach`` / ``Park`` + ``TouristAttraction``
place: hub              ``Airport``, ``BoatTerminal``, ``TrainStation`` or ``BusStation``
                        (read from the English name), else ``Place``
place: other kinds      ``TouristAttraction``
experience: tours,      ``TouristTrip`` (``itinerary`` = its place)
boats, kayak, treks
experience: shows       ``Event`` + ``TheaterEvent`` with an ``eventSchedule`` of its sessions
experience: workshops   ``Event`` + ``EducationEvent`` with an ``eventSchedule``
experience: others      ``TouristAttraction``
event                   ``Festival``, ``ExhibitionEvent``, ``SportsEvent``, ``TheaterEvent``
                        or ``Event``; ``startDate``/``endDate`` of the first occurrence and an
                        ``eventSchedule`` of every occurrence
provider: accommodation ``Hotel`` when it has stars, else ``LodgingBusiness``
provider: restaurant    ``Restaurant`` (a ``FoodEstablishment``) with ``servesCuisine`` and
                        ``suitableForDiet`` (``HalalDiet``, ``VegetarianDiet``, ``VeganDiet``)
provider: operators     ``TravelAgency`` (tours) / ``Organization`` (transport)
transport link          ``Flight``, ``BoatTrip`` (ferry, speedboat, cruise), ``BusTrip``
                        (coach, bus), ``TrainTrip`` or ``Trip`` (cable car)
======================  =====================================================================

Every node carries ``identifier`` (the slug), ``name``/``description`` in the requested
language (with the fallback of :class:`~tourlink.core.i18n.I18nText`), ``inLanguage`` (the
language the name actually came in), ``alternateName`` (the other languages' names),
``sameAs`` (Wikidata and cited sources), ``geo`` and ``openingHours`` (the raw OSM string).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..events import Event
from ..experiences import Experience
from ..kinds import Dietary, EventKind, ExperienceKind, PlaceKind, ProviderKind
from ..kinds import TransportMode as Mode
from ..loader import AnyEntryT
from ..places import Place
from ..providers import Provider

_PLACE_TYPES: Mapping[PlaceKind, tuple[str, ...]] = {
    PlaceKind.BAY: (
        "TouristAttraction",
        "LandmarksOrHistoricalBuildings",
        "BodyOfWater",
    ),
    PlaceKind.CAVE: ("TouristAttraction", "LandmarksOrHistoricalBuildings"),
    PlaceKind.RELIC_SITE: ("TouristAttraction", "LandmarksOrHistoricalBuildings"),
    PlaceKind.LANDMARK: ("TouristAttraction", "LandmarksOrHistoricalBuildings"),
    PlaceKind.MUSEUM: ("Museum", "TouristAttraction"),
    PlaceKind.PAGODA: ("BuddhistTemple", "TouristAttraction"),
    PlaceKind.TEMPLE: ("PlaceOfWorship", "TouristAttraction"),
    PlaceKind.BEACH: ("Beach", "TouristAttraction"),
    PlaceKind.NATIONAL_PARK: ("Park", "TouristAttraction"),
}
_HUB_WORDS: tuple[tuple[str, str], ...] = (
    ("airport", "Airport"),
    ("station", "TrainStation"),
    ("bus", "BusStation"),
    ("port", "BoatTerminal"),
    ("pier", "BoatTerminal"),
    ("wharf", "BoatTerminal"),
    ("ferry", "BoatTerminal"),
)
TRIP_KINDS = frozenset(
    {
        ExperienceKind.GUIDED_VISIT,
        ExperienceKind.KAYAK,
        ExperienceKind.BOAT_TRIP,
        ExperienceKind.CRUISE,
        ExperienceKind.CABLE_CAR,
        ExperienceKind.TREK,
        ExperienceKind.CYCLING,
        ExperienceKind.FOOD_TOUR,
    }
)
_SHOW_KINDS = frozenset(
    {
        ExperienceKind.CAVE_PERFORMANCE,
        ExperienceKind.LIGHT_SHOW,
        ExperienceKind.WATER_PUPPETRY,
        ExperienceKind.QUAN_HO,
        ExperienceKind.STAGE_SHOW,
    }
)
_WORKSHOP_KINDS = frozenset(
    {
        ExperienceKind.POTTERY_WORKSHOP,
        ExperienceKind.CRAFT_WORKSHOP,
        ExperienceKind.COOKING_CLASS,
    }
)
_EVENT_TYPES: Mapping[EventKind, str] = {
    EventKind.FESTIVAL: "Festival",
    EventKind.EXHIBITION: "ExhibitionEvent",
    EventKind.SPORTS: "SportsEvent",
    EventKind.PERFORMANCE_SEASON: "TheaterEvent",
}
_TRIP_TYPES: Mapping[Mode, str] = {
    Mode.FLIGHT: "Flight",
    Mode.FERRY: "BoatTrip",
    Mode.SPEEDBOAT: "BoatTrip",
    Mode.CRUISE: "BoatTrip",
    Mode.COACH: "BusTrip",
    Mode.BUS: "BusTrip",
    Mode.TRAIN: "TrainTrip",
}
TRIP_ENDS: Mapping[str, tuple[str, str]] = {
    "Flight": ("departureAirport", "arrivalAirport"),
    "BoatTrip": ("departureBoatTerminal", "arrivalBoatTerminal"),
    "BusTrip": ("departureBusStop", "arrivalBusStop"),
    "TrainTrip": ("departureStation", "arrivalStation"),
}
DIETS: Mapping[Dietary, str] = {
    Dietary.HALAL: "https://schema.org/HalalDiet",
    Dietary.VEGETARIAN: "https://schema.org/VegetarianDiet",
    Dietary.VEGAN: "https://schema.org/VeganDiet",
}


def schema_types(entry: AnyEntryT) -> list[str]:
    """The schema.org ``@type`` values for ``entry`` (see the module table)."""
    if isinstance(entry, Place):
        if entry.kind == PlaceKind.HUB:
            english = entry.name.localize("en").casefold()
            for word, hub_type in _HUB_WORDS:
                if word in english:
                    return [hub_type]
            return ["Place"]
        return list(_PLACE_TYPES.get(entry.kind, ("TouristAttraction",)))
    if isinstance(entry, Experience):
        if entry.kind in TRIP_KINDS:
            return ["TouristTrip"]
        if entry.kind in _SHOW_KINDS:
            return ["Event", "TheaterEvent"]
        if entry.kind in _WORKSHOP_KINDS:
            return ["Event", "EducationEvent"]
        return ["TouristAttraction"]
    if isinstance(entry, Event):
        return [_EVENT_TYPES.get(entry.kind, "Event")]
    if isinstance(entry, Provider):
        if entry.kind == ProviderKind.ACCOMMODATION:
            return ["Hotel"] if entry.stars else ["LodgingBusiness"]
        if entry.kind == ProviderKind.RESTAURANT:
            return ["Restaurant"]
        if entry.kind == ProviderKind.TOUR_OPERATOR:
            return ["TravelAgency"]
        return ["Organization"]
    return [_TRIP_TYPES.get(entry.mode, "Trip")]
