"""What every collection shares: list filters, format negotiation and exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response

from tourlink.catalog import AnyEntryT, EntryType, Province, Tag
from tourlink.catalog.formats import to_geojson, to_jsonld, to_jsonld_graph
from tourlink.catalog.search import MAX_LIMIT, SearchPage, SearchQuery, SortOrder
from tourlink.core.errors import InvalidInputError
from tourlink.core.geo import GeoPoint
from tourlink.core.i18n import Lang
from tourlink.services.container import Services

from .render import page_path

JSONLD_MEDIA_TYPE = "application/ld+json"
GEOJSON_MEDIA_TYPE = "application/geo+json"
MAX_OFFSET = 1_000_000

Format = Literal["json", "jsonld", "geojson"]
FormatParam = Annotated[
    Format | None,
    Query(
        description="`jsonld` (schema.org) or `geojson`; the `Accept` header "
        "(`application/ld+json`, `application/geo+json`) works too."
    ),
]


@dataclass(frozen=True)
class ListFilters:
    """The filters of every list endpoint, parsed from the query string."""

    q: str | None
    province: tuple[Province, ...]
    tag: tuple[Tag, ...]
    open_at: datetime | None
    open_now: bool
    lat: float | None
    lon: float | None
    radius_km: float | None
    available_in: Lang | None
    sample: bool | None
    sort: SortOrder
    limit: int
    offset: int

    def query(
        self,
        services: Services,
        lang: Lang,
        types: Sequence[EntryType] = (),
        kinds: Sequence[str] = (),
    ) -> SearchQuery:
        """The catalogue query; domain rule violations become 422s on ``/query/...``."""
        if (self.lat is None) != (self.lon is None):
            raise InvalidInputError(
                "give both lat and lon",
                field="lat" if self.lat is None else "lon",
                context={"location": "query"},
            )
        near = (
            GeoPoint(self.lat, self.lon)
            if self.lat is not None and self.lon is not None
            else None
        )
        open_at = self.open_at
        if self.open_now and open_at is None:
            open_at = services.clock.now()
        try:
            return SearchQuery(
                text=self.q or None,
                types=tuple(types),
                kinds=tuple(kinds),
                provinces=self.province,
                tags=self.tag,
                open_at=open_at,
                near=near,
                radius_km=self.radius_km,
                language=self.available_in,
                sample=self.sample,
                sort=self.sort,
                sort_language=lang,
                limit=self.limit,
                offset=self.offset,
            )
        except InvalidInputError as exc:
            exc.context.setdefault("location", "query")
            raise


def list_filters(
    q: Annotated[
        str | None,
        Query(max_length=200, description="Text to find; diacritics optional."),
    ] = None,
    province: Annotated[list[Province] | None, Query()] = None,
    tag: Annotated[
        list[Tag] | None, Query(description="Repeatable; all must be present.")
    ] = None,
    open_at: Annotated[
        datetime | None,
        Query(description="ISO 8601 instant with an offset: 2026-12-05T09:00+07:00."),
    ] = None,
    open_now: Annotated[bool, Query()] = False,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=2000)] = None,
    available_in: Annotated[
        Lang | None,
        Query(description="Only entries with a name and description in this language."),
    ] = None,
    sample: Annotated[
        bool | None, Query(description="true: only sample data; false: only real.")
    ] = None,
    sort: Annotated[SortOrder, Query()] = "relevance",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> ListFilters:
    return ListFilters(
        q=q,
        province=tuple(province or ()),
        tag=tuple(tag or ()),
        open_at=open_at,
        open_now=open_now,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        available_in=available_in,
        sample=sample,
        sort=sort,
        limit=limit,
        offset=offset,
    )


def negotiate_format(request: Request, requested: Format | None) -> Format:
    """``?format=`` wins; else ``Accept``; else plain JSON."""
    if requested is not None:
        return requested
    accept = request.headers.get("accept", "")
    if JSONLD_MEDIA_TYPE in accept:
        return "jsonld"
    if GEOJSON_MEDIA_TYPE in accept:
        return "geojson"
    return "json"


def entry_link(request: Request, services: Services) -> Callable[[str], str]:
    """Maps entry ids to their public page URLs (the JSON-LD ``@id``)."""
    base = str(request.base_url).rstrip("/")

    def link(entry_id: str) -> str:
        entry = services.catalog.repository.get(entry_id)
        if entry is None:
            return f"{base}/entries/{entry_id}"
        return base + page_path(entry.type, entry_id)

    return link


def _headers(lang: str) -> dict[str, str]:
    return {"Content-Language": lang, "Vary": "Accept, Accept-Language"}


def export_response(
    request: Request,
    fmt: Format,
    entries: Iterable[AnyEntryT],
    lang: Lang,
    services: Services,
    *,
    single: bool = False,
) -> Response:
    """A JSON-LD or GeoJSON rendering of one entry or a list."""
    items = list(entries)
    if fmt == "jsonld":
        link = entry_link(request, services)
        body = (
            to_jsonld(items[0], lang, link=link)
            if single
            else to_jsonld_graph(items, lang, link=link)
        )
        media_type = JSONLD_MEDIA_TYPE
    else:
        repo = services.catalog.repository
        collection = to_geojson(items, lang, resolve=repo.get)
        if single:
            features = collection["features"]
            body = (
                features[0]
                if features
                else {
                    "type": "Feature",
                    "id": items[0].id,
                    "geometry": None,
                    "properties": {
                        "id": items[0].id,
                        "name": items[0].name.localize(lang),
                    },
                }
            )
        else:
            body = collection
        media_type = GEOJSON_MEDIA_TYPE
    return JSONResponse(body, media_type=media_type, headers=_headers(lang))


def json_headers(response: Response, lang: str) -> None:
    for key, value in _headers(lang).items():
        response.headers[key] = value


def page_entries(page: SearchPage) -> list[AnyEntryT]:
    return [hit.entry for hit in page.items]
