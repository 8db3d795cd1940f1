"""`/api/v1/events`: events of the catalogue (read for everyone, edit for editors)."""

from __future__ import annotations

from tourlink.catalog import EntryType, EventKind

from .collection import make_router
from .schemas import EventOut, EventPage

router = make_router(EntryType.EVENT, EventKind, EventOut, EventPage, "Events")
