"""The OCTo API (Open Connectivity for Tours, Activities and Attractions) under ``/octo``.

A separate ASGI application mounted on the main one, so that every error on ``/octo``
leaves as an OCTo error body (``{"error": ..., "errorMessage": ...}``) while the rest of
the site keeps answering RFC 9457 problems. See ``docs/dev/octo.md``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from . import bookings, orders, products
from .context import SUPPORTED_CAPABILITIES
from .errors import install_octo_errors

CAPABILITIES_HEADER = "Octo-Capabilities"


def create_octo_app(parent: FastAPI) -> FastAPI:
    """The OCTo application; it reads services and settings from ``parent``'s state."""
    octo = FastAPI(
        title="tourlink OCTo API",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    octo.state.parent = parent
    from tourlink.bootstrap import transient_database_errors

    install_octo_errors(octo, transient_database_errors())
    for module in (products, bookings, orders):
        octo.include_router(module.router)

    @octo.middleware("http")
    async def capabilities(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        asked = request.headers.get(CAPABILITIES_HEADER, "")
        wanted = {c.strip() for c in asked.split(",") if c.strip()}
        response = await call_next(request)
        response.headers[CAPABILITIES_HEADER] = ", ".join(
            c for c in SUPPORTED_CAPABILITIES if c in wanted
        )
        return response

    return octo


def mount_octo(app: FastAPI) -> None:
    """Mount the OCTo API at ``/octo`` on the main application."""
    app.mount("/octo", create_octo_app(app))
