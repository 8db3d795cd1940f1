"""Server-rendered pages (Jinja2, htmx): the map, entry pages, problem documentation.

Pages call the services directly (never the JSON API over HTTP); the map's marker data is
embedded in the page as JSON, and the base map is the bundled land GeoJSON unless a tile
server is configured (``TOURLINK_TILE_URL``).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.responses import Response

from tourlink.core.errors import TourlinkError

from ..problems import handle_tourlink_error, wants_html
from . import entries, home, problems
from .context import base_context, page_language
from .templating import render_html


def error_page(request: Request, status: int, code: str, detail: str) -> Response:
    """An HTML error page for browsers (the API keeps answering problem+json)."""
    lang = page_language(request)
    context = {
        **base_context(request, lang),
        "status": status,
        "code": code,
        "detail": detail,
    }
    return render_html(request, "error.html", context, lang, status_code=status)


async def _page_or_problem(request: Request, exc: Exception) -> Response:
    if wants_html(request) and isinstance(exc, TourlinkError) and exc.status == 404:
        return error_page(request, exc.status, exc.code, exc.message)
    return await handle_tourlink_error(request, exc)


def install_pages(app: FastAPI) -> None:
    """Mount the page routes and render 404s as pages for browsers."""
    app.include_router(home.router)
    app.include_router(entries.router)
    app.include_router(problems.router)
    app.state.html_error_page = error_page
    app.add_exception_handler(TourlinkError, _page_or_problem)
