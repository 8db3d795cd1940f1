"""`/api/v1/experiences`: experiences of the catalogue (read for everyone, edit for editors)."""

from __future__ import annotations

from tourlink.catalog import EntryType, ExperienceKind

from .collection import make_router
from .schemas import ExperienceOut, ExperiencePage

router = make_router(
    EntryType.EXPERIENCE, ExperienceKind, ExperienceOut, ExperiencePage, "Experiences"
)
