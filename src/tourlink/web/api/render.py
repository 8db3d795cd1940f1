"""Domain entries → API schemas, texts in the requested language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tourlink.catalog import (
    AnyEntryT,
    EntryType,
    Event,
    Experience,
    Place,
    Price,
    Provider,
    TransportLink,
)
from tourlink.catalog.search import SearchHit, SearchPage, entry_kind
from tourlink.core.i18n import I18nText, Lang

from ..i18n import translations
from ..labels import KIND_LABELS, PROVINCE_LABELS, label
from .schemas import (
    EntryOut,
    EventOut,
    ExperienceOut,
    PlaceOut,
    ProviderOut,
    TransportLinkOut,
)

TYPE_SEGMENTS: dict[EntryType, str] = {
    EntryType.PLACE: "places",
    EntryType.EXPERIENCE: "experiences",
    EntryType.EVENT: "events",
    EntryType.PROVIDER: "providers",
    EntryType.TRANSPORT_LINK: "transport-links",
}
"""The URL segment of each entry type, in the API and on the pages."""


def api_path(entry_type: EntryType, entry_id: str) -> str:
    return f"/api/v1/{TYPE_SEGMENTS[entry_type]}/{entry_id}"


def page_path(entry_type: EntryType, entry_id: str) -> str:
    return f"/{TYPE_SEGMENTS[entry_type]}/{entry_id}"


def _text(value: I18nText, lang: Lang) -> str | None:
    return value.localize(lang) or None


def _prices(prices: Iterable[Price], lang: Lang) -> list[dict[str, Any]]:
    return [
        {"unit": p.unit, "amount_vnd": p.amount_vnd, "note": _text(p.note, lang)}
        for p in prices
    ]


def _common(entry: AnyEntryT, lang: Lang, distance: float | None) -> dict[str, Any]:
    gettext: Callable[[str], str] = translations(lang).gettext
    kind = entry_kind(entry)
    loc = entry.location
    return {
        "id": entry.id,
        "type": entry.type.value,
        "kind": kind,
        "kind_label": label(KIND_LABELS, kind, gettext),
        "language": entry.name.resolved_language(lang) or lang,
        "name": entry.name.localize(lang),
        "description": _text(entry.description, lang),
        "story": _text(entry.story, lang),
        "name_i18n": entry.name.to_dict(),
        "description_i18n": entry.description.to_dict(),
        "story_i18n": entry.story.to_dict(),
        "languages": list(entry.languages()),
        "province": entry.province.value if entry.province else None,
        "province_name": (
            label(PROVINCE_LABELS, entry.province.value, gettext)
            if entry.province
            else None
        ),
        "location": (
            {
                "lat": loc.lat,
                "lon": loc.lon,
                "address": _text(loc.address, lang),
                "address_i18n": loc.address.to_dict(),
            }
            if loc
            else None
        ),
        "tags": [t.value for t in entry.tags],
        "media": [
            {
                "kind": m.kind.value,
                "url": m.url,
                "caption": _text(m.caption, lang),
                "credit": m.credit,
                "license": m.license,
            }
            for m in entry.media
        ],
        "sources": [
            {"title": s.title, "url": str(s.url) if s.url else None, "kind": s.kind}
            for s in entry.sources
        ],
        "website": str(entry.website) if entry.website else None,
        "phone": entry.phone,
        "wikidata": entry.wikidata,
        "opening_hours": entry.opening_hours,
        "sample": entry.sample,
        "distance_km": round(distance, 3) if distance is not None else None,
        "links": {
            "self": api_path(entry.type, entry.id),
            "page": page_path(entry.type, entry.id),
        },
    }


def entry_out(entry: AnyEntryT, lang: Lang, distance: float | None = None) -> EntryOut:
    """The API view of ``entry`` in ``lang``."""
    data = _common(entry, lang, distance)
    if isinstance(entry, Place):
        return PlaceOut(
            **data,
            parent_id=entry.parent_id,
            admission=_prices(entry.admission, lang),
            visit_minutes=entry.visit_minutes,
            popularity=entry.popularity,
        )
    if isinstance(entry, Experience):
        return ExperienceOut(
            **data,
            place_id=entry.place_id,
            provider_id=entry.provider_id,
            duration_minutes=entry.duration_minutes,
            sessions=[t.strftime("%H:%M") for t in entry.sessions],
            capacity_per_session=entry.capacity_per_session,
            prices=_prices(entry.prices, lang),
            languages_offered=list(entry.languages_offered),
            night_time=entry.night_time,
        )
    if isinstance(entry, Event):
        return EventOut(
            **data,
            place_id=entry.place_id,
            occurrences=[
                {"start": r.start.isoformat(), "end": r.end.isoformat()}
                for r in entry.occurrences
            ],
            recurrence=_text(entry.recurrence, lang),
        )
    if isinstance(entry, Provider):
        return ProviderOut(
            **data,
            place_id=entry.place_id,
            cuisines=list(entry.cuisines),
            dietary=[d.value for d in entry.dietary],
            stars=entry.stars,
            prices=_prices(entry.prices, lang),
            capacity=entry.capacity,
        )
    assert isinstance(entry, TransportLink)
    return TransportLinkOut(
        **data,
        mode=entry.mode.value,
        from_id=entry.from_id,
        to_id=entry.to_id,
        operator_id=entry.operator_id,
        duration_minutes=entry.duration_minutes,
        departures=[
            {"time": d.time.strftime("%H:%M"), "days": d.days} for d in entry.departures
        ],
        frequency_note=entry.frequency_note.localize(lang) or None,
        prices=_prices(entry.prices, lang),
    )


def hit_out(hit: SearchHit, lang: Lang) -> EntryOut:
    return entry_out(hit.entry, lang, hit.distance_km)


def page_data(page: SearchPage, lang: Lang) -> dict[str, Any]:
    """A search page as the fields of an ``EntryPage``."""
    return {
        "items": [hit_out(h, lang) for h in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }
