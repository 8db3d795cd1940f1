"""Server-rendered pages (Jinja2, htmx): the map, entry pages, the language switcher."""

from __future__ import annotations

from fastapi import FastAPI


def install_pages(app: FastAPI) -> None:
    """Mount the page routes and the HTML error page."""
    del app
