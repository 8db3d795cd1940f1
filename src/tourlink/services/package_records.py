"""The values the package service keeps and answers: records, group holds, checks.

``PackageRecord``, ``GroupHold``, ``HeldSession`` and ``PackageSoldOutError`` are defined
in :mod:`tourlink.trips.records` (the SQL store needs them too) and re-exported here.

Also the small helpers shared with the web layer: :func:`field_path`,
:func:`quote_steps` and :func:`lookup_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tourlink.catalog import AnyEntryT
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import InvalidInputError, NotFoundError
from tourlink.trips.packages import Quote
from tourlink.trips.records import GroupHold as GroupHold
from tourlink.trips.records import HeldSession as HeldSession
from tourlink.trips.records import PackageRecord as PackageRecord
from tourlink.trips.records import PackageSoldOutError as PackageSoldOutError

EntryLookup = Callable[[str], AnyEntryT | None]


class HoldNotFoundError(NotFoundError):
    """No group hold with this id on the package."""

    default_code = "package_hold_not_found"


@dataclass(frozen=True)
class SessionCheck:
    """Whether one bookable component has a session for the group on its day."""

    entry_id: str
    day: date
    slot_id: str | None
    start: datetime | None
    remaining: int | None
    fits: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "day": self.day.isoformat(),
            "slot_id": self.slot_id,
            "start": self.start.astimezone(LOCAL_TZ).isoformat()
            if self.start
            else None,
            "remaining": self.remaining,
            "fits": self.fits,
        }


@dataclass(frozen=True)
class CapacityCheck:
    """Seats left on a departure and the sessions a group would need."""

    departure: date
    group_size: int
    seats: int
    seats_left: int
    sessions: tuple[SessionCheck, ...] = field(default=())

    @property
    def fits(self) -> bool:
        return self.group_size <= self.seats_left and all(s.fits for s in self.sessions)

    def to_json(self) -> dict[str, Any]:
        return {
            "departure": self.departure.isoformat(),
            "group_size": self.group_size,
            "seats": self.seats,
            "seats_left": self.seats_left,
            "fits": self.fits,
            "sessions": [s.to_json() for s in self.sessions],
        }


def field_path(dotted: str) -> tuple[str | int, ...]:
    """``discounts[0].entry_ids`` → ``("discounts", 0, "entry_ids")``."""
    out: list[str | int] = []
    for part in dotted.split("."):
        name, *indexes = part.replace("]", "").split("[")
        out.append(name)
        out.extend(int(i) for i in indexes)
    return tuple(out)


def quote_steps(quote: Quote, margin_percent: Any) -> list[dict[str, str]]:
    """The arithmetic of a quote, one step per line (exact Decimal strings)."""
    per_person = str(quote.price_per_person)
    return [
        {
            "step": "supplier_cost",
            "formula": "Σ component costs",
            "value": f"{quote.supplier_cost_vnd} VND",
        },
        {
            "step": "discounts",
            "formula": "Σ percent × covered costs",
            "value": f"{quote.discounts_vnd} VND",
        },
        {
            "step": "net_cost",
            "formula": "supplier_cost − discounts",
            "value": f"{quote.net_cost_vnd} VND",
        },
        {
            "step": "margin",
            "formula": f"net_cost × {margin_percent} %",
            "value": f"{quote.margin_vnd} VND",
        },
        {
            "step": "price_group_vnd",
            "formula": "net_cost + margin",
            "value": f"{quote.price_group_vnd} VND",
        },
        {
            "step": "price_per_person_vnd",
            "formula": f"price_group_vnd ÷ {quote.group_size}, half up to 1 VND",
            "value": f"{quote.price_per_person_vnd} VND",
        },
        {
            "step": "price_per_person",
            "formula": f"per person VND ÷ rate, half up to the {quote.currency} minor unit",
            "value": f"{per_person} {quote.currency}",
        },
        {
            "step": "price_group",
            "formula": f"price_per_person × {quote.group_size}",
            "value": f"{quote.price_group} {quote.currency}",
        },
    ]


def lookup_of(
    get: Callable[[str], object], entries: Mapping[str, AnyEntryT] | None = None
) -> EntryLookup:
    """Adapt a catalogue ``get(id)`` that raises when missing to ``id -> entry | None``."""

    def find(entry_id: str) -> AnyEntryT | None:
        if entries is not None:
            return entries.get(entry_id)
        try:
            found = get(entry_id)
        except (NotFoundError, InvalidInputError, LookupError):
            return None
        return found  # type: ignore[return-value]

    return find
