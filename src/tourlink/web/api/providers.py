"""`/api/v1/providers`: providers of the catalogue (read for everyone, edit for editors)."""

from __future__ import annotations

from tourlink.catalog import EntryType, ProviderKind

from .collection import make_router
from .schemas import ProviderOut, ProviderPage

router = make_router(
    EntryType.PROVIDER, ProviderKind, ProviderOut, ProviderPage, "Providers"
)
