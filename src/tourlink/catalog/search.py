"""The search query model and the ranking every catalogue store shares.

A store (in memory, SQLite, PostgreSQL) finds *candidates* — entries passing the structured
filters and containing every required query term — and hands them to :func:`rank`, so that
results are ordered the same way whatever the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import InvalidInputError
from tourlink.core.geo import GeoPoint, haversine_km
from tourlink.core.i18n import Lang

from . import opening_hours
from .events import Event
from .kinds import EntryType, Province, Tag
from .loader import AnyEntryT
from .places import Place
from .textsearch import (
    index_terms,
    name_coverage,
    query_terms,
    required_terms,
    score,
)
from .transport import TransportLink

MAX_LIMIT = 500
"""The largest page a search returns."""

POPULARITY_BOOST = 0.25
"""How much a place's popularity (0..1) multiplies its text relevance: a query naming both a
place and an event held there (``yen tu``) finds the place first."""

SortOrder = Literal["relevance", "distance", "name"]


@dataclass(frozen=True)
class SearchQuery:
    """What a visitor asks the catalogue for.

    ``SearchQuery(text="hang dong", provinces=(Province.QUANG_NINH,), near=GeoPoint(20.95,
    107.08), radius_km=30, sort="distance")`` finds caves within 30 km of Ha Long city,
    nearest first. Every filter given must hold (AND); list-valued filters match any of
    their values, except ``tags``, which must all be present.
    """

    text: str | None = None
    types: tuple[EntryType, ...] = ()
    kinds: tuple[str, ...] = ()
    provinces: tuple[Province, ...] = ()
    tags: tuple[Tag, ...] = ()
    open_at: datetime | None = None
    near: GeoPoint | None = None
    radius_km: float | None = None
    language: Lang | None = None
    sample: bool | None = None
    sort: SortOrder = "relevance"
    sort_language: Lang = "en"
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInputError(
                f"limit must be between 1 and {MAX_LIMIT} (got {self.limit})",
                field="limit",
            )
        if self.offset < 0:
            raise InvalidInputError(
                f"offset must be ≥ 0 (got {self.offset})", field="offset"
            )
        if self.radius_km is not None:
            if self.near is None:
                raise InvalidInputError(
                    "radius_km needs a point to measure from (lat and lon)",
                    field="radius_km",
                )
            if not 0 < self.radius_km <= 2000:
                raise InvalidInputError(
                    f"radius_km must be in (0, 2000] (got {self.radius_km})",
                    field="radius_km",
                )
        if self.sort == "distance" and self.near is None:
            raise InvalidInputError(
                "sorting by distance needs lat and lon", field="sort"
            )
        if self.open_at is not None and self.open_at.tzinfo is None:
            raise InvalidInputError("open_at needs a time zone offset", field="open_at")
        if self.text is not None and len(self.text) > 200:
            raise InvalidInputError("text must be at most 200 characters", field="text")

    @property
    def terms(self) -> list[str]:
        """The query's search terms (empty without text)."""
        return query_terms(self.text) if self.text else []

    @property
    def required(self) -> list[str]:
        """The terms every hit must contain."""
        return required_terms(self.terms)


@dataclass(frozen=True)
class SearchHit:
    """One result: the entry, its relevance and, when a point was given, its distance."""

    entry: AnyEntryT
    score: float = 0.0
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchPage:
    """A page of results and the total number of matches."""

    items: list[SearchHit]
    total: int
    limit: int
    offset: int


@dataclass
class TermStats:
    """Document frequencies of terms over the whole catalogue, for IDF weighting."""

    n_docs: int = 0
    df: dict[str, int] = field(default_factory=dict)


def entry_kind(entry: AnyEntryT) -> str:
    """The entry's kind code (a transport link's mode counts as its kind)."""
    if isinstance(entry, TransportLink):
        return str(entry.mode.value)
    return str(entry.kind.value)


def search_fields(entry: AnyEntryT) -> dict[str, list[str]]:
    """The texts to index for ``entry``, by field kind (see ``textsearch.FIELD_WEIGHTS``)."""
    texts = list(entry.description.texts())
    if entry.location is not None:
        texts.extend(entry.location.address.texts())
    return {
        "name": list(entry.name.texts()),
        "alias": [entry.id.replace("-", " ")],
        "tag": [t.value.replace("_", " ") for t in entry.tags]
        + [entry_kind(entry).replace("_", " ")],
        "text": texts,
    }


def entry_terms(entry: AnyEntryT) -> dict[str, float]:
    """The entry's indexed terms and their weights."""
    return {t.term: t.weight for t in index_terms(search_fields(entry))}


def is_open_at(entry: AnyEntryT, at: datetime) -> bool:
    """Whether the entry is open (or, for events, on) at instant ``at``."""
    if isinstance(entry, Event):
        day: date = at.astimezone(LOCAL_TZ).date()
        return any(r.start <= day <= r.end for r in entry.occurrences)
    if entry.opening_hours is None:
        return False
    return opening_hours.is_open(entry.opening_hours, at)


def distance_km(entry: AnyEntryT, point: GeoPoint) -> float | None:
    """Great-circle distance from ``point`` to the entry, or ``None`` without a location."""
    if entry.location is None:
        return None
    return haversine_km(point, entry.location.point)


def passes_filters(entry: AnyEntryT, query: SearchQuery) -> bool:
    """Whether ``entry`` passes every structured filter of ``query`` (not the text)."""
    if query.types and entry.type not in query.types:
        return False
    if query.kinds and entry_kind(entry) not in query.kinds:
        return False
    if query.provinces and entry.province not in query.provinces:
        return False
    if query.tags and not set(query.tags) <= set(entry.tags):
        return False
    if query.sample is not None and entry.sample != query.sample:
        return False
    if query.language is not None and query.language not in entry.languages():
        return False
    if query.radius_km is not None and query.near is not None:
        dist = distance_km(entry, query.near)
        if dist is None or dist > query.radius_km:
            return False
    return not (query.open_at is not None and not is_open_at(entry, query.open_at))


def rank(
    candidates: Iterable[tuple[AnyEntryT, Mapping[str, float]]],
    query: SearchQuery,
    stats: TermStats,
) -> SearchPage:
    """Score, filter, sort and paginate candidates; the one ranking every store uses.

    ``candidates`` pairs each entry with its indexed terms (at least those in the query).
    """
    terms = query.terms
    hits: list[SearchHit] = []
    for entry, matched in candidates:
        if not passes_filters(entry, query):
            continue
        relevance = score(matched, terms, stats.df, stats.n_docs) if terms else 0.0
        if terms and relevance <= 0.0:
            continue
        if terms and query.text:
            relevance *= (1.0 + name_coverage(query.text, _names(entry))) * (
                1.0 + POPULARITY_BOOST * _popularity(entry)
            )
        dist = distance_km(entry, query.near) if query.near is not None else None
        hits.append(SearchHit(entry, relevance, dist))

    def name_key(hit: SearchHit) -> str:
        return str(hit.entry.name.localize(query.sort_language)).casefold()

    if query.sort == "distance":
        hits.sort(
            key=lambda h: (
                h.distance_km is None,
                h.distance_km or 0.0,
                name_key(h),
                h.entry.id,
            )
        )
    elif query.sort == "name" or not terms:
        hits.sort(key=lambda h: (name_key(h), h.entry.id))
    else:
        hits.sort(key=lambda h: (-h.score, -_popularity(h.entry), h.entry.id))
    page = hits[query.offset : query.offset + query.limit]
    return SearchPage(
        items=page, total=len(hits), limit=query.limit, offset=query.offset
    )


def _names(entry: AnyEntryT) -> list[str]:
    """The entry's names in every language, and its id read as words."""
    return [*entry.name.texts(), entry.id.replace("-", " ")]


def _popularity(entry: AnyEntryT) -> float:
    return entry.popularity if isinstance(entry, Place) else 0.0
