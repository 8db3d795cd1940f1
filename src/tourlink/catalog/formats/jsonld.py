"""schema.org JSON-LD for catalogue entries (for ``<script type="application/ld+json">``).

Every node carries ``identifier`` (the slug), ``name``/``description`` in the requested
language (with the fallback of :class:`~tourlink.core.i18n.I18nText`), ``inLanguage`` (the
language the name actually came in), ``alternateName`` (the other languages' names),
``sameAs`` (Wikidata and cited sources), ``geo`` and ``openingHours`` (the raw OSM string).
The ``@type`` of each kind of entry is chosen in :mod:`tourlink.catalog.formats.types`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..entries import Price
from ..events import Event
from ..experiences import Experience
from ..kinds import PlaceKind
from ..loader import AnyEntryT
from ..places import Place
from ..providers import Provider
from ..transport import TransportLink
from .types import DIETS, TRIP_ENDS, schema_types

SCHEMA_CONTEXT = "https://schema.org"
LOCAL_TZ_NAME = "Asia/Ho_Chi_Minh"

EntryLink = Callable[[str], str]
"""Maps an entry id to the IRI used as its JSON-LD ``@id``."""


def default_link(entry_id: str) -> str:
    """The ``@id`` of an entry when the caller has no public URL for it."""
    return f"urn:tourlink:entry:{entry_id}"


def _offers(prices: Iterable[Price], language: str) -> list[dict[str, Any]]:
    offers = []
    for price in prices:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": price.amount_vnd,
            "priceCurrency": "VND",
            "category": price.unit,
        }
        note = price.note.localize(language)
        if note:
            offer["description"] = note
        offers.append(offer)
    return offers


def _free(prices: tuple[Price, ...]) -> bool | None:
    if not prices:
        return None
    return all(p.amount_vnd == 0 for p in prices)


def _ref(link: EntryLink, entry_id: str, schema_type: str = "Place") -> dict[str, Any]:
    return {"@type": schema_type, "@id": link(entry_id), "identifier": entry_id}


def _common(entry: AnyEntryT, language: str, link: EntryLink) -> dict[str, Any]:
    types = schema_types(entry)
    node: dict[str, Any] = {
        "@type": types[0] if len(types) == 1 else types,
        "@id": link(entry.id),
        "identifier": entry.id,
        "name": entry.name.localize(language),
    }
    resolved = entry.name.resolved_language(language)
    if resolved is not None:
        node["inLanguage"] = resolved
    others = [
        text
        for lang, text in entry.name.to_dict().items()
        if lang != resolved and text != node["name"]
    ]
    if others:
        node["alternateName"] = others
    description = entry.description.localize(language)
    if description:
        node["description"] = description
    same_as = []
    if entry.wikidata:
        same_as.append(f"https://www.wikidata.org/wiki/{entry.wikidata}")
    same_as.extend(str(s.url) for s in entry.sources if s.url is not None)
    if same_as:
        node["sameAs"] = list(dict.fromkeys(same_as))
    if entry.website is not None:
        node["url"] = str(entry.website)
    if entry.phone:
        node["telephone"] = entry.phone
    images = [m.url for m in entry.media if m.kind.value == "image"]
    if images:
        node["image"] = images
    if entry.opening_hours:
        node["openingHours"] = entry.opening_hours
    if entry.sample:
        node["additionalProperty"] = {
            "@type": "PropertyValue",
            "name": "sample",
            "value": True,
        }
    return node


def _geo(entry: AnyEntryT, language: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if entry.location is not None:
        out["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": entry.location.lat,
            "longitude": entry.location.lon,
        }
        address = entry.location.address.localize(language)
        if address:
            out["address"] = address
    return out


def _schedule(entry: Experience) -> list[dict[str, Any]]:
    return [
        {
            "@type": "Schedule",
            "startTime": t.strftime("%H:%M"),
            "repeatFrequency": "P1D",
            "scheduleTimezone": LOCAL_TZ_NAME,
            "duration": f"PT{entry.duration_minutes}M",
        }
        for t in entry.sessions
    ]


def _place_node(entry: Place, language: str, link: EntryLink) -> dict[str, Any]:
    node = _common(entry, language, link) | _geo(entry, language)
    if entry.parent_id:
        node["containedInPlace"] = _ref(link, entry.parent_id)
    if entry.admission:
        node["offers"] = _offers(entry.admission, language)
        node["isAccessibleForFree"] = _free(entry.admission)
    if entry.kind != PlaceKind.HUB:
        node["publicAccess"] = True
    return node


def _experience_node(
    entry: Experience, language: str, link: EntryLink
) -> dict[str, Any]:
    node = _common(entry, language, link)
    where = _ref(link, entry.place_id) if entry.place_id else None
    types = schema_types(entry)
    if "TouristTrip" in types:
        if where is not None:
            node["itinerary"] = where
    else:
        if where is not None:
            node["location"] = where
        elif entry.location is not None:
            node["location"] = {"@type": "Place"} | _geo(entry, language)
        if "Event" in types and entry.sessions:
            node["eventSchedule"] = _schedule(entry)
    node["duration"] = f"PT{entry.duration_minutes}M"
    if entry.prices:
        node["offers"] = _offers(entry.prices, language)
        node["isAccessibleForFree"] = _free(entry.prices)
    if entry.provider_id:
        node["provider"] = _ref(link, entry.provider_id, "Organization")
    if entry.languages_offered:
        node["availableLanguage"] = list(entry.languages_offered)
    if entry.capacity_per_session and "Event" in types:
        node["maximumAttendeeCapacity"] = entry.capacity_per_session
    return node


def _event_node(entry: Event, language: str, link: EntryLink) -> dict[str, Any]:
    node = _common(entry, language, link)
    first = entry.occurrences[0]
    node["startDate"] = first.start.isoformat()
    node["endDate"] = first.end.isoformat()
    node["eventSchedule"] = [
        {
            "@type": "Schedule",
            "startDate": r.start.isoformat(),
            "endDate": r.end.isoformat(),
            "scheduleTimezone": LOCAL_TZ_NAME,
        }
        for r in entry.occurrences
    ]
    node["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if entry.place_id:
        node["location"] = _ref(link, entry.place_id) | _geo(entry, language)
    elif entry.location is not None:
        node["location"] = {"@type": "Place"} | _geo(entry, language)
    recurrence = entry.recurrence.localize(language)
    if recurrence:
        node["disambiguatingDescription"] = recurrence
    return node


def _provider_node(entry: Provider, language: str, link: EntryLink) -> dict[str, Any]:
    node = _common(entry, language, link) | _geo(entry, language)
    if entry.cuisines:
        node["servesCuisine"] = list(entry.cuisines)
    diets = [DIETS[d] for d in entry.dietary if d in DIETS]
    if diets:
        node["suitableForDiet"] = diets
    if entry.stars:
        node["starRating"] = {"@type": "Rating", "ratingValue": entry.stars}
    if entry.prices:
        node["makesOffer"] = _offers(entry.prices, language)
    if entry.place_id:
        node["containedInPlace"] = _ref(link, entry.place_id)
    return node


def _transport_node(
    entry: TransportLink, language: str, link: EntryLink
) -> dict[str, Any]:
    node = _common(entry, language, link)
    trip_type = schema_types(entry)[0]
    start, end = TRIP_ENDS.get(trip_type, ("", ""))
    origin, destination = _ref(link, entry.from_id), _ref(link, entry.to_id)
    if start:
        node[start], node[end] = origin, destination
    node["itinerary"] = {
        "@type": "ItemList",
        "itemListElement": [origin, destination],
    }
    node["duration"] = f"PT{entry.duration_minutes}M"
    if entry.departures:
        node["departureTime"] = [d.time.strftime("%H:%M") for d in entry.departures]
    if entry.operator_id:
        node["provider"] = _ref(link, entry.operator_id, "Organization")
    if entry.prices:
        node["offers"] = _offers(entry.prices, language)
    return node


def to_jsonld(
    entry: AnyEntryT,
    language: str = "en",
    *,
    link: EntryLink = default_link,
    context: bool = True,
) -> dict[str, Any]:
    """The entry as a schema.org JSON-LD node, its texts in ``language``.

    Parameters
    ----------
    entry
        Any catalogue entry.
    language
        The language for ``name``, ``description`` and other texts (with fallback).
    link
        Maps entry ids to ``@id`` IRIs (a web page passes its public URLs).
    context
        Whether to include ``"@context": "https://schema.org"`` (leave it out inside a
        ``@graph``).

    >>> from tourlink.catalog import parse_entry
    >>> bay = parse_entry({"type": "place", "id": "x-bay", "kind": "bay", "sample": True,
    ...     "name": {"vi": "Vịnh X", "en": "X Bay"}, "location": {"lat": 20.9, "lon": 107.2}})
    >>> node = to_jsonld(bay, "vi")
    >>> node["@type"], node["name"], node["inLanguage"], node["geo"]["latitude"]
    (['TouristAttraction', 'LandmarksOrHistoricalBuildings', 'BodyOfWater'], 'Vịnh X', 'vi', 20.9)
    """
    if isinstance(entry, Place):
        node = _place_node(entry, language, link)
    elif isinstance(entry, Experience):
        node = _experience_node(entry, language, link)
    elif isinstance(entry, Event):
        node = _event_node(entry, language, link)
    elif isinstance(entry, Provider):
        node = _provider_node(entry, language, link)
    else:
        node = _transport_node(entry, language, link)
    return {"@context": SCHEMA_CONTEXT, **node} if context else node


def to_jsonld_graph(
    entries: Iterable[AnyEntryT],
    language: str = "en",
    *,
    link: EntryLink = default_link,
) -> dict[str, Any]:
    """Several entries as one JSON-LD document with a ``@graph``."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@graph": [to_jsonld(e, language, link=link, context=False) for e in entries],
    }
