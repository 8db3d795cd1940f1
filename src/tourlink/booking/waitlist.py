"""The waiting list of a slot: first come, first offered, and never overtaken by newcomers.

While anyone waits on a slot, the places their parties need are subtracted from what
newcomers may buy. When places free up, they go as a time-limited offer (a hold owned by
the entry) to the first waiting party that fits; if an offer lapses, the entry is out and
the places go to the next fitting party.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from .bookings import Contact
from .holds import is_live
from .ledger import Claim, add_places
from .resources import CapacityKey


class WaitlistStatus(StrEnum):
    """``WAITING`` in the queue · ``OFFERED`` holding a live offer · ``ACCEPTED`` booked ·
    ``LAPSED`` let an offer run out · ``CANCELLED`` left or the session was cancelled."""

    WAITING = "WAITING"
    OFFERED = "OFFERED"
    ACCEPTED = "ACCEPTED"
    LAPSED = "LAPSED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class WaitlistEntry:
    """A party waiting for places on a sold-out slot.

    A family of four waits for the sold-out Saturday light show in the cave; when a group
    cancels they get 30 minutes to take four freed places.
    """

    id: str
    slot_id: str
    product_id: str
    option_id: str
    units: Mapping[str, int]
    contact: Contact
    joined_at: datetime
    position: int
    status: WaitlistStatus = WaitlistStatus.WAITING
    offer_booking_id: str | None = None
    offer_expires_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))

    def effective_status(self, now: datetime) -> WaitlistStatus:
        """The status at ``now``: an offer past its expiry has ``LAPSED``."""
        if self.status is WaitlistStatus.OFFERED and not is_live(
            self.offer_expires_at, now
        ):
            return WaitlistStatus.LAPSED
        return self.status


def queue_order(entries: Iterable[WaitlistEntry]) -> list[WaitlistEntry]:
    """Entries in the order they are served: by position, then join time."""
    return sorted(entries, key=lambda e: (e.position, e.joined_at, e.id))


def waiting_demand(
    entries: Iterable[WaitlistEntry],
    claims_of: Callable[[WaitlistEntry], Sequence[Claim]],
    now: datetime,
) -> dict[CapacityKey, int]:
    """Places per key wanted by entries still ``WAITING`` (offers already hold theirs)."""
    waiting = [e for e in entries if e.effective_status(now) is WaitlistStatus.WAITING]
    return add_places(*(claims_of(e) for e in waiting))


def pick_offers(
    entries: Iterable[WaitlistEntry],
    claims_of: Callable[[WaitlistEntry], Sequence[Claim]],
    free: Mapping[CapacityKey, int],
    now: datetime,
) -> list[WaitlistEntry]:
    """The waiting entries to offer places to now, in queue order.

    Walks the queue and offers to each entry whose party fits in what is still free,
    skipping (not removing) parties that do not fit.
    """
    left = dict(free)
    chosen: list[WaitlistEntry] = []
    for entry in queue_order(entries):
        if entry.effective_status(now) is not WaitlistStatus.WAITING:
            continue
        claims = claims_of(entry)
        if all(c.places <= left.get(c.key, 0) for c in claims):
            for c in claims:
                left[c.key] = left.get(c.key, 0) - c.places
            chosen.append(entry)
    return chosen
