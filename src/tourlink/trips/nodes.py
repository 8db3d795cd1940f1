"""What a planner node stands for, and locked plan items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .excursions import Excursion
from .scoring import Reason


@dataclass(frozen=True)
class Lock:
    """Keep an item: ``entry_id`` (a restaurant: its id; an excursion: ``excursion:<zone>``)
    on ``day`` (0-based) starting at ``start``."""

    entry_id: str
    day: int
    start: datetime


@dataclass(frozen=True)
class NodeInfo:
    """What planner node ``i`` stands for."""

    kind: str
    entry_id: str | None
    in_loc: int
    out_loc: int
    duration: int = 0
    cost: int = 0
    cost_kind: str = "tickets"
    reasons: tuple[Reason, ...] = ()
    day: int | None = None
    excursion: Excursion | None = None
    nightly: int = 0

    @property
    def key(self) -> str:
        """Stable identity across re-builds (a restaurant copy includes its day)."""
        base = self.entry_id or self.kind
        return f"{base}@{self.day}" if self.kind in ("meal", "skip") else base
