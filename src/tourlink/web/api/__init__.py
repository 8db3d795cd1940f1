"""The JSON API under ``/api/v1``: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from . import auth, events, experiences, places, providers, search, transport_links


def api_router() -> APIRouter:
    """Every API route, mounted under ``/api/v1``."""
    router = APIRouter(prefix="/api/v1")
    for module in (places, experiences, events, providers, transport_links):
        router.include_router(module.router)
    router.include_router(search.router)
    router.include_router(auth.router)
    return router
