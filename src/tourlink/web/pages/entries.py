"""Entry pages: ``/places/<id>``, ``/experiences/<id>``, ``/events/<id>``, ...

Everything a visitor needs about one entry: texts in their language, media, opening hours
with "open now" (computed here, shown in Asia/Ho_Chi_Minh), prices, nearby places, the
sources and, for invented data, a visible "Sample data" badge; schema.org JSON-LD in
``<head>``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import RedirectResponse, Response

from tourlink.catalog import AnyEntryT, EntryType, Event, TransportLink
from tourlink.catalog.formats import to_jsonld
from tourlink.catalog.opening_hours import (
    OpeningHoursSyntaxError,
    is_open,
    next_open_interval,
)
from tourlink.catalog.search import entry_kind, is_open_at
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import NotFoundError
from tourlink.core.i18n import Lang
from tourlink.services.container import Services

from ..api.render import TYPE_SEGMENTS, page_path
from ..deps import ServicesDep
from .context import Labels, PageLangDep, base_context, remember_language
from .home import map_marker
from .templating import render_html

router = APIRouter(include_in_schema=False)


def opening_state(entry: AnyEntryT, services: Services) -> dict[str, Any] | None:
    """Open now? and the current or next open interval, in local time."""
    now = services.clock.now()
    if isinstance(entry, Event):
        return {"open": is_open_at(entry, now), "expression": None, "next": None}
    if not entry.opening_hours:
        return None
    try:
        open_now = is_open(entry.opening_hours, now)
        interval = next_open_interval(entry.opening_hours, now)
    except (OpeningHoursSyntaxError, ValueError):
        return None
    return {
        "open": open_now,
        "expression": entry.opening_hours,
        "next": interval,
        "now": now.astimezone(LOCAL_TZ),
    }


def _related(services: Services, entry: AnyEntryT) -> dict[str, AnyEntryT]:
    """Entries this one refers to (its place, parent, provider, ends), by field name."""
    out: dict[str, AnyEntryT] = {}
    for name in (
        "parent_id",
        "place_id",
        "provider_id",
        "operator_id",
        "from_id",
        "to_id",
    ):
        target = getattr(entry, name, None)
        if target:
            found = services.catalog.repository.get(target)
            if found is not None:
                out[name] = found
    return out


def _location_of(entry: AnyEntryT, related: dict[str, AnyEntryT]) -> AnyEntryT | None:
    if entry.location is not None:
        return entry
    if isinstance(entry, TransportLink):
        return related.get("from_id")
    return None


def bookable(services: Services, entry: AnyEntryT) -> bool:
    """Whether the entry is an experience this deployment sells as a product."""
    service = services.booking
    if service is None or entry.type != EntryType.EXPERIENCE:
        return False
    with service.store.unit_of_work() as tx:
        return tx.get_product(entry.id) is not None


def entry_page(
    request: Request,
    services: Services,
    lang: Lang,
    entry_type: EntryType,
    entry_id: str,
) -> Response:
    entry = services.catalog.get(entry_id, entry_type)
    labels = Labels(lang)
    related = _related(services, entry)
    base = str(request.base_url).rstrip("/")

    def link(target: str) -> str:
        found = services.catalog.repository.get(target)
        return base + (page_path(found.type, target) if found else f"/entries/{target}")

    nearby = services.catalog.nearby(entry.id) if entry.location else []
    located = _location_of(entry, related)
    markers = [
        marker
        for e in [located, *(h.entry for h in nearby)]
        if e is not None and (marker := map_marker(e, labels, lang))
    ]
    context = {
        **base_context(request, lang),
        "entry": entry,
        "kind": entry_kind(entry),
        "related": related,
        "opening": opening_state(entry, services),
        "bookable": bookable(services, entry),
        "nearby": nearby,
        "markers": markers,
        "jsonld": to_jsonld(entry, lang, link=link),
        "page_path": page_path,
        "api_path": f"/api/v1/{TYPE_SEGMENTS[entry.type]}/{entry.id}",
    }
    return remember_language(request, render_html(request, "entry.html", context, lang))


EntryIdParam = Annotated[str, Path(max_length=100)]


def _route(entry_type: EntryType) -> None:
    segment = TYPE_SEGMENTS[entry_type]

    def view(
        request: Request,
        services: ServicesDep,
        lang: PageLangDep,
        entry_id: EntryIdParam,
    ) -> Response:
        return entry_page(request, services, lang, entry_type, entry_id)

    router.add_api_route(
        f"/{segment}/{{entry_id}}", view, methods=["GET"], name=segment
    )


for _type in EntryType:
    _route(_type)


@router.get("/entries/{entry_id}")
def any_entry(
    request: Request, services: ServicesDep, lang: PageLangDep, entry_id: EntryIdParam
) -> Response:
    """Any entry by id, whatever its type: redirects to its page."""
    del lang
    entry = services.catalog.repository.get(entry_id)
    if entry is None:
        raise NotFoundError(f"no entry with id {entry_id!r}")
    target = page_path(entry.type, entry.id)
    if request.url.query:
        target += f"?{request.url.query}"
    return RedirectResponse(target, status_code=302)
