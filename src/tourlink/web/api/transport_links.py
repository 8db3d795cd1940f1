"""`/api/v1/transport-links`: transport links of the catalogue (read for everyone, edit for editors)."""

from __future__ import annotations

from tourlink.catalog import EntryType, TransportMode

from .collection import make_router
from .schemas import TransportLinkOut, TransportLinkPage

router = make_router(
    EntryType.TRANSPORT_LINK,
    TransportMode,
    TransportLinkOut,
    TransportLinkPage,
    "Transport links",
)
