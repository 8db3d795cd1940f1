"""The application factory: ``create_app(settings, services)``.

Nothing happens at import time. ``create_app`` wires routers, error handlers and static
files; when no ``services`` are given they are built by :mod:`tourlink.bootstrap` when the
server starts (its lifespan), so creating an app never touches a database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from tourlink.services.container import Services
from tourlink.settings import Settings

from .api import api_router
from .api.booking_fast import BookingFastPath
from .api.bookings import router as bookings_router
from .api.packages import router as packages_router
from .api.plans import router as plans_router
from .auth import PrincipalCache
from .body_limit import BodySizeLimit
from .octo import mount_octo
from .pages import booking_operator, booking_visitor, install_pages
from .pages.packages import router as package_pages_router
from .pages.trips import router as trip_pages_router
from .problems import install_problem_handlers

STATIC_DIR = Path(__file__).parent / "static"
API_DESCRIPTION = """\
The regional heritage catalogue of Quang Ninh, Hai Phong, Hanoi and Ninh Binh: places,
experiences, events, providers and transport links.

* Texts follow `?lang=` or `Accept-Language` (vi, en, ja, ko, zh, hi) with the fallback
  requested → en → vi; `Content-Language` says which language was served.
* `Accept: application/ld+json` or `?format=jsonld` returns schema.org JSON-LD;
  `?format=geojson` (or `/api/v1/places.geojson`) returns GeoJSON.
* Errors are RFC 9457 problems (`application/problem+json`) with field paths.
* Writes need `Authorization: Bearer <token>` (from `POST /api/v1/auth/token`) or an API
  key (`tlk_...`) of an admin or operator.
* Entries with `"sample": true` are invented demonstration data.
"""


class TourlinkApp(FastAPI):
    """The FastAPI application, with the booking hot path in front of it.

    Every request goes to :attr:`booking_fast_path` first, before any of FastAPI's
    layers: it answers an ordinary ``POST /api/v1/bookings`` itself and hands every
    other request to the whole application (api/booking_fast.py). Without a fast path
    (``None``) FastAPI answers everything.
    """

    booking_fast_path: BookingFastPath | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fast = self.booking_fast_path
        if fast is None:
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        await fast(scope, receive, send)


def booking_fast_path(
    app: TourlinkApp, settings: Settings, principals: PrincipalCache | None = None
) -> BookingFastPath:
    """The booking hot path for ``app``, handing what it does not answer to the whole
    application (FastAPI's own call, with every middleware)."""
    from tourlink.bootstrap import database_connections, transient_database_errors

    return BookingFastPath(
        partial(FastAPI.__call__, app),
        transient=transient_database_errors(),
        principals=principals,
        max_bytes=settings.max_body_bytes,
        threads=database_connections(),
    )


def create_app(
    settings: Settings | None = None, services: Services | None = None
) -> TourlinkApp:
    """Build the web application.

    Parameters
    ----------
    settings
        Deployment settings (read from ``TOURLINK_*`` environment variables by default).
    services
        The services to serve; ``None`` builds the SQL-backed ones with
        ``tourlink.bootstrap.build_services(settings)`` at start-up.
    """
    if settings is None:
        from tourlink.settings import get_settings

        settings = get_settings()
    the_settings = settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "services", None) is None:
            from tourlink.bootstrap import (  # type: ignore[import-not-found, unused-ignore]
                build_services,
            )

            app.state.services = build_services(the_settings)
        try:
            yield
        finally:
            fast = getattr(app, "booking_fast_path", None)
            if fast is not None:  # its thread pool
                fast.close()

    app = TourlinkApp(
        title="tourlink",
        version="1",
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.services = services
    from tourlink.bootstrap import transient_database_errors

    transient = transient_database_errors()
    install_problem_handlers(app, transient)
    app.include_router(api_router())
    app.include_router(bookings_router, prefix="/api/v1")
    app.include_router(plans_router, prefix="/api/v1")
    app.include_router(packages_router, prefix="/api/v1")
    app.include_router(trip_pages_router)
    app.include_router(package_pages_router)
    install_pages(app)
    mount_octo(app)
    app.include_router(booking_visitor.router)
    app.include_router(booking_operator.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json",
            title="tourlink API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/img/favicon.svg",
            # No validator badge: it would load an image from validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    # Outermost user middleware: no body over the cap is read by anyone
    # (web/body_limit.py); the booking fast path reads only bodies announced within it.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # The ordinary booking request is answered before all of FastAPI's layers
    # (api/booking_fast.py); everything else goes to the application unchanged.
    app.booking_fast_path = booking_fast_path(app, settings)
    return app
