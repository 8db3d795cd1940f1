"""The handlers behind every collection (places, events, ...), parameterised by type.

Each resource module (``places.py``, ...) declares its routes with its own kind filter and
schemas and delegates here, so the behaviour is identical across collections. (No ``from __future__ import
annotations`` here: FastAPI must see the run-time kind enum of each collection.)
"""

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tourlink.catalog import EntryType
from tourlink.core.errors import FieldError, InvalidInputError
from tourlink.core.i18n import LANGUAGES, Lang
from tourlink.services.container import Services

from ..deps import LangDep, RequireEditor, ServicesDep
from .common import (
    GEOJSON_MEDIA_TYPE,
    JSONLD_MEDIA_TYPE,
    Format,
    FormatParam,
    ListFilters,
    export_response,
    json_headers,
    list_filters,
    negotiate_format,
    page_entries,
)
from .render import TYPE_SEGMENTS, api_path, entry_out, page_data
from .schemas import ProblemOut

EntryIdParam = Annotated[
    str, Path(min_length=1, max_length=100, description="The entry's id (its slug).")
]


def list_response(
    request: Request,
    response: Response,
    services: Services,
    lang: Lang,
    filters: ListFilters,
    entry_types: Sequence[EntryType],
    kinds: Sequence[str],
    fmt: Format | None,
    page_model: type[BaseModel],
) -> BaseModel | Response:
    """A filtered, paginated list in JSON, JSON-LD or GeoJSON."""
    query = filters.query(services, lang, entry_types, kinds)
    page = services.catalog.search(query)
    chosen = negotiate_format(request, fmt)
    if chosen != "json":
        return export_response(request, chosen, page_entries(page), lang, services)
    json_headers(response, lang)
    return page_model.model_validate(page_data(page, lang))


def get_response(
    request: Request,
    response: Response,
    services: Services,
    lang: Lang,
    entry_id: str,
    entry_type: EntryType | None,
    fmt: Format | None,
) -> BaseModel | Response:
    """One entry by id (its slug); a 404 problem if there is none of this type."""
    entry = services.catalog.get(entry_id, entry_type)
    chosen = negotiate_format(request, fmt)
    content_language = entry.description.resolved_language(
        lang
    ) or entry.name.resolved_language(lang)
    if chosen != "json":
        return export_response(
            request, chosen, [entry], content_language or lang, services, single=True
        )
    json_headers(response, content_language or lang)
    return entry_out(entry, lang)


def _text_type_errors(value: Any, path: tuple[str | int, ...]) -> list[FieldError]:
    """Multilingual texts (``{"vi": ..., "en": ...}``) whose values are not strings.

    The domain rejects them too, but with a ``TypeError`` pydantic does not turn into a
    field error; finding them here gives the client a precise ``/body/name/vi``.
    """
    errors: list[FieldError] = []
    if isinstance(value, Mapping):
        if any(k in LANGUAGES for k in value):
            errors.extend(
                FieldError((*path, k), "must be a string", "string_type", "body")
                for k, v in value.items()
                if k in LANGUAGES and not isinstance(v, str)
            )
            return errors
        for key, item in value.items():
            errors.extend(_text_type_errors(item, (*path, str(key))))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            errors.extend(_text_type_errors(item, (*path, index)))
    return errors


def _body_for(entry_type: EntryType, body: Mapping[str, Any]) -> dict[str, Any]:
    errors = _text_type_errors(body, ())
    if errors:
        raise InvalidInputError("the entry is invalid", errors=errors)
    raw = dict(body)
    raw.setdefault("type", entry_type.value)
    if raw["type"] != entry_type.value:
        raise InvalidInputError(
            f"this collection holds {entry_type.value} entries, not {raw['type']!r}",
            field="type",
        )
    return raw


def create_response(
    response: Response,
    services: Services,
    lang: Lang,
    entry_type: EntryType,
    body: Mapping[str, Any],
) -> BaseModel:
    entry = services.catalog.create(_body_for(entry_type, body))
    response.status_code = status.HTTP_201_CREATED
    response.headers["Location"] = api_path(entry.type, entry.id)
    json_headers(response, lang)
    return entry_out(entry, lang)


def update_response(
    response: Response,
    services: Services,
    lang: Lang,
    entry_type: EntryType,
    entry_id: str,
    body: Mapping[str, Any],
) -> BaseModel:
    services.catalog.get(entry_id, entry_type)
    entry = services.catalog.update(entry_id, _body_for(entry_type, body))
    json_headers(response, lang)
    return entry_out(entry, lang)


def delete_response(
    services: Services, entry_type: EntryType, entry_id: str
) -> Response:
    services.catalog.get(entry_id, entry_type)
    services.catalog.delete(entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


ENTRY_BODY_DOC = (
    "The entry as in the catalogue data files (see `docs/dev/web.md`): `id`, `kind`, "
    "`name` with at least `vi` and `en`, `sources` (or `sample: true`), ..."
)


def make_router(
    entry_type: EntryType,
    kind_enum: type[StrEnum],
    out_model: type[BaseModel],
    page_model: type[BaseModel],
    tag: str,
) -> APIRouter:
    """The routes of one collection: list, GeoJSON export, get, create, update, delete."""
    segment = TYPE_SEGMENTS[entry_type]
    router = APIRouter(prefix=f"/{segment}", tags=[tag])
    noun = entry_type.value.replace("_", " ")
    not_found: dict[int | str, dict[str, Any]] = {
        404: {"model": ProblemOut, "description": f"No such {noun}."}
    }
    auth_errors: dict[int | str, dict[str, Any]] = {
        401: {"model": ProblemOut, "description": "No or bad credentials."},
        403: {"model": ProblemOut, "description": "The role may not edit."},
        422: {"model": ProblemOut, "description": "Invalid fields, with paths."},
    }
    KindParam = Annotated[  # noqa: N806 - a type alias built at run time
        list[kind_enum] | None,  # type: ignore[valid-type]
        Query(description="Repeatable; any of them matches."),
    ]

    @router.get(
        "",
        response_model=page_model,
        summary=f"List {segment.replace('-', ' ')}",
        responses={422: {"model": ProblemOut}},
    )
    def list_entries(
        request: Request,
        response: Response,
        services: ServicesDep,
        lang: LangDep,
        filters: Annotated[ListFilters, Depends(list_filters)],
        kind: KindParam = None,
        format: FormatParam = None,
    ) -> Any:
        kinds = [str(k) for k in kind or ()]
        return list_response(
            request,
            response,
            services,
            lang,
            filters,
            [entry_type],
            kinds,
            format,
            page_model,
        )

    @router.get(
        ".geojson",
        summary=f"{segment.replace('-', ' ').capitalize()} as GeoJSON",
        response_class=JSONResponse,
        responses={200: {"content": {GEOJSON_MEDIA_TYPE: {}}}},
    )
    def list_geojson(
        request: Request,
        response: Response,
        services: ServicesDep,
        lang: LangDep,
        filters: Annotated[ListFilters, Depends(list_filters)],
        kind: KindParam = None,
    ) -> Any:
        kinds = [str(k) for k in kind or ()]
        return list_response(
            request,
            response,
            services,
            lang,
            filters,
            [entry_type],
            kinds,
            "geojson",
            page_model,
        )

    @router.get(
        "/{entry_id}",
        response_model=out_model,
        summary=f"Get one {noun} by id (slug)",
        responses={
            **not_found,
            200: {"content": {JSONLD_MEDIA_TYPE: {}, GEOJSON_MEDIA_TYPE: {}}},
        },
    )
    def get_entry(
        request: Request,
        response: Response,
        services: ServicesDep,
        lang: LangDep,
        entry_id: EntryIdParam,
        format: FormatParam = None,
    ) -> Any:
        return get_response(
            request, response, services, lang, entry_id, entry_type, format
        )

    @router.post(
        "",
        response_model=out_model,
        status_code=201,
        summary=f"Create a {noun}",
        responses=auth_errors,
    )
    def create_entry(
        response: Response,
        services: ServicesDep,
        lang: LangDep,
        _editor: RequireEditor,
        body: Annotated[dict[str, Any], Body(description=ENTRY_BODY_DOC)],
    ) -> Any:
        return create_response(response, services, lang, entry_type, body)

    @router.put(
        "/{entry_id}",
        response_model=out_model,
        summary=f"Replace a {noun}",
        responses={**auth_errors, **not_found},
    )
    def update_entry(
        response: Response,
        services: ServicesDep,
        lang: LangDep,
        _editor: RequireEditor,
        entry_id: EntryIdParam,
        body: Annotated[dict[str, Any], Body(description=ENTRY_BODY_DOC)],
    ) -> Any:
        return update_response(response, services, lang, entry_type, entry_id, body)

    @router.delete(
        "/{entry_id}",
        status_code=204,
        summary=f"Delete a {noun}",
        responses={**auth_errors, **not_found},
        response_class=Response,
    )
    def delete_entry(
        services: ServicesDep, _editor: RequireEditor, entry_id: EntryIdParam
    ) -> Response:
        return delete_response(services, entry_type, entry_id)

    del list_entries, list_geojson, get_entry, create_entry, update_entry
    del delete_entry
    return router
