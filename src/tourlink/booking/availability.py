"""Availability of a slot for a party: the smallest remainder over every key it claims.

For each capacity key the party claims::

    free(key) = capacity(key) − live usage(key) − waiting demand(key)

where live usage counts confirmed bookings, holds with ``expires_at > now`` and unused
allotment blocks before their release, and waiting demand is the places wanted by the
slot's waiting list (so newcomers never jump the queue). The slot's ``remaining`` is the
minimum ``free`` over the keys; the party fits when it needs at most ``free`` on each key.

Status, as used by OCTo:

* ``CLOSED`` – the operator closed the slot or its cut-off has passed;
* ``SOLD_OUT`` – ``remaining`` is 0;
* ``LIMITED`` – on some key ``free ≤ 5`` places or ``free ≤ 10 %`` of its capacity;
* ``AVAILABLE`` – otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .ledger import Claim
from .resources import CapacityKey
from .slots import Slot

LIMITED_PLACES = 5
"""At or below this many free places on a key, a slot is LIMITED."""
LIMITED_PERCENT = 10
"""At or below this share of a key's capacity left, a slot is LIMITED."""


class AvailabilityStatus(StrEnum):
    """OCTo availability status of a slot."""

    AVAILABLE = "AVAILABLE"
    LIMITED = "LIMITED"
    SOLD_OUT = "SOLD_OUT"
    CLOSED = "CLOSED"


@dataclass(frozen=True)
class Availability:
    """How much room a slot has, for newcomers, and whether a given party fits.

    For the 19:00 cave show with 60 places, 52 taken and a waiting list wanting 3, a
    newcomer sees ``remaining=5`` and status ``LIMITED``; a party of 6 does not fit.

    Parameters
    ----------
    slot_id : str
        The slot.
    status : AvailabilityStatus
        OCTo status.
    remaining : int
        Smallest number of free places over the keys claimed (for newcomers).
    capacity : int
        Smallest capacity over those keys.
    fits : bool
        Whether the party asked about can be sold now.
    waiting : int
        Units waiting on the slot's waiting list.
    """

    slot_id: str
    status: AvailabilityStatus
    remaining: int
    capacity: int
    fits: bool
    waiting: int = 0

    @property
    def available(self) -> bool:
        """OCTo ``available``: the party can be booked now."""
        return self.fits


def free_places(
    claims: Sequence[Claim],
    usage: Mapping[CapacityKey, int],
    waiting: Mapping[CapacityKey, int] | None = None,
) -> dict[CapacityKey, int]:
    """``capacity − usage − waiting`` per claimed key, never below 0."""
    waiting = waiting or {}
    return {
        c.key: max(0, c.capacity - usage.get(c.key, 0) - waiting.get(c.key, 0))
        for c in claims
    }


def shortfall(
    claims: Sequence[Claim],
    usage: Mapping[CapacityKey, int],
    waiting: Mapping[CapacityKey, int] | None = None,
) -> dict[CapacityKey, int]:
    """Keys where the claims do not fit, with the places free on each (empty = fits)."""
    free = free_places(claims, usage, waiting)
    return {c.key: free[c.key] for c in claims if c.places > free[c.key]}


def is_limited(free: int, capacity: int) -> bool:
    """The LIMITED rule: ``free ≤ 5`` or ``free ≤ 10 %`` of capacity (integer test)."""
    return free <= LIMITED_PLACES or free * 100 <= capacity * LIMITED_PERCENT


def assess(
    slot: Slot,
    claims: Sequence[Claim],
    usage: Mapping[CapacityKey, int],
    waiting: Mapping[CapacityKey, int],
    now: datetime,
    *,
    waiting_units: int = 0,
) -> Availability:
    """The availability of ``slot`` for the party whose claims are ``claims``."""
    free = free_places(claims, usage, waiting)
    capacities = {c.key: c.capacity for c in claims}
    remaining = min(free.values(), default=0)
    capacity = min(capacities.values(), default=0)
    closed = slot.is_closed(now)
    fits = not closed and bool(claims) and all(c.places <= free[c.key] for c in claims)
    if closed:
        status = AvailabilityStatus.CLOSED
    elif remaining == 0:
        status = AvailabilityStatus.SOLD_OUT
    elif any(is_limited(free[k], capacities[k]) for k in free):
        status = AvailabilityStatus.LIMITED
    else:
        status = AvailabilityStatus.AVAILABLE
    return Availability(
        slot_id=slot.id,
        status=status,
        remaining=remaining,
        capacity=capacity,
        fits=fits,
        waiting=waiting_units,
    )
