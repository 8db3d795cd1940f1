"""The home page: a map of the region, filters and search (htmx partial results).

``GET /`` renders the whole page; the same URL requested by htmx (``HX-Request``) renders
only the results (the list and the map's marker data), so filters work without JavaScript
too and every filtered view has a shareable URL.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from tourlink.catalog import (
    AnyEntryT,
    EntryType,
    EventKind,
    ExperienceKind,
    PlaceKind,
    ProviderKind,
    Province,
    Tag,
    TransportMode,
)
from tourlink.catalog.search import MAX_LIMIT, SearchPage, SearchQuery, entry_kind
from tourlink.core.errors import InvalidInputError

from ..api.render import page_path
from ..deps import ServicesDep
from .context import Labels, PageLangDep, base_context, remember_language
from .templating import render_html

router = APIRouter(include_in_schema=False)
LIST_SIZE = 60
"""How many results the list shows (the map shows every match)."""

KINDS_BY_TYPE: dict[EntryType, list[str]] = {
    EntryType.PLACE: [k.value for k in PlaceKind],
    EntryType.EXPERIENCE: [k.value for k in ExperienceKind],
    EntryType.EVENT: [k.value for k in EventKind],
    EntryType.PROVIDER: [k.value for k in ProviderKind],
    EntryType.TRANSPORT_LINK: [k.value for k in TransportMode],
}


def _choice(value: str | None, allowed: list[str]) -> str | None:
    return value if value in allowed else None


def map_marker(entry: AnyEntryT, labels: Labels, lang: str) -> dict[str, Any] | None:
    """What the map script needs of a located entry (``None`` without a location)."""
    if entry.location is None:
        return None
    return {
        "id": entry.id,
        "type": entry.type.value,
        "type_label": labels.type(entry.type.value),
        "kind_label": labels.kind(entry_kind(entry)),
        "name": entry.name.localize(lang),
        "lat": entry.location.lat,
        "lon": entry.location.lon,
        "url": page_path(entry.type, entry.id),
        "sample": entry.sample,
        "approximate": entry.location.approximate,
    }


def search_results(
    services: ServicesDep,
    lang: PageLangDep,
    q: str | None,
    type: str | None,
    kind: str | None,
    province: str | None,
    tags: list[str],
    open_now: bool,
) -> tuple[SearchPage, dict[str, Any]]:
    """Run the home page's search; unusable filter values are ignored, not errors."""
    types = [t.value for t in EntryType]
    the_type = _choice(type, types)
    all_kinds = sorted({k for ks in KINDS_BY_TYPE.values() for k in ks})
    the_kind = _choice(kind, all_kinds)
    the_province = _choice(province, [p.value for p in Province])
    the_tags = [t for t in dict.fromkeys(tags) if t in {x.value for x in Tag}]
    text = (q or "").strip()[:200] or None
    try:
        query = SearchQuery(
            text=text,
            types=(EntryType(the_type),) if the_type else (),
            kinds=(the_kind,) if the_kind else (),
            provinces=(Province(the_province),) if the_province else (),
            tags=tuple(Tag(t) for t in the_tags),
            open_at=services.clock.now() if open_now else None,
            sort="relevance" if text else "name",
            sort_language=lang,
            limit=MAX_LIMIT,
        )
    except InvalidInputError:
        query = SearchQuery(sort_language=lang, limit=MAX_LIMIT, sort="name")
    page = services.catalog.search(query)
    state = {
        "q": text or "",
        "type": the_type or "",
        "kind": the_kind or "",
        "province": the_province or "",
        "tags": the_tags,
        "open_now": open_now,
    }
    return page, state


@router.get("/")
def home(
    request: Request,
    services: ServicesDep,
    lang: PageLangDep,
    q: Annotated[str | None, Query()] = None,
    type: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
    province: Annotated[str | None, Query()] = None,
    tag: Annotated[list[str] | None, Query()] = None,
    open_now: Annotated[str | None, Query()] = None,
) -> Response:
    page, state = search_results(
        services,
        lang,
        q,
        type,
        kind,
        province,
        tag or [],
        open_now in ("1", "on", "true"),
    )
    labels = Labels(lang)
    markers = [m for h in page.items if (m := map_marker(h.entry, labels, lang))]
    context = {
        **base_context(request, lang),
        "hits": page.items[:LIST_SIZE],
        "total": page.total,
        "markers": markers,
        "state": state,
        "entry_types": [t.value for t in EntryType],
        "kinds_by_type": {t.value: ks for t, ks in KINDS_BY_TYPE.items()},
        "provinces": [p.value for p in Province],
        "tags": [t.value for t in Tag],
        "page_path": page_path,
    }
    partial = request.headers.get("hx-request") == "true"
    template = "partials/results.html" if partial else "home.html"
    return remember_language(request, render_html(request, template, context, lang))
