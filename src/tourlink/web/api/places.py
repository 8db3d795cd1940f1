"""`/api/v1/places`: places of the catalogue (read for everyone, edit for editors)."""

from __future__ import annotations

from tourlink.catalog import EntryType, PlaceKind

from .collection import make_router
from .schemas import PlaceOut, PlacePage

router = make_router(EntryType.PLACE, PlaceKind, PlaceOut, PlacePage, "Places")
