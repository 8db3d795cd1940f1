"""``/api/v1/search``: one search across every type of entry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from tourlink.catalog import EntryType

from ..deps import LangDep, ServicesDep
from .collection import list_response
from .common import FormatParam, ListFilters, list_filters
from .schemas import ProblemOut, SearchResultPage

router = APIRouter(tags=["Search"])


@router.get(
    "/search",
    response_model=SearchResultPage,
    summary="Search every type of entry",
    responses={422: {"model": ProblemOut}},
)
def search(
    request: Request,
    response: Response,
    services: ServicesDep,
    lang: LangDep,
    filters: Annotated[ListFilters, Depends(list_filters)],
    type: Annotated[list[EntryType] | None, Query(description="Repeatable.")] = None,
    kind: Annotated[
        list[Annotated[str, Query(max_length=40)]] | None,
        Query(description="Kind codes (any type), repeatable."),
    ] = None,
    format: FormatParam = None,
) -> Any:
    types = list(type or [])
    kinds = [k for k in kind or [] if k]
    return list_response(
        request,
        response,
        services,
        lang,
        filters,
        types,
        kinds,
        format,
        SearchResultPage,
    )
