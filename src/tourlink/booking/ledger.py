"""The capacity ledger: claims on capacity keys, allocations, and reconciliation.

Every live reservation (a hold, a confirmed booking, an allotment's unused block) is one
*allocation*: a set of claims ``(key, places)`` owned by one id, with an optional expiry.
A key's usage is the sum of its live allocations; it never exceeds the key's capacity.
:func:`reconcile` recomputes usage from allocations, to check a store's counters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .errors import InvalidUnitsError, ResourceNotFoundError
from .holds import is_live
from .products import ProductOption, Units, places_per_resource
from .resources import CapacityKey, Resource, bucket_keys, day_key
from .slots import Slot


@dataclass(frozen=True, order=True)
class Claim:
    """Places wanted on one capacity key, with the key's capacity at claim time.

    Three places in the 19:00 bucket of the cave interior, which holds 60:
    ``Claim(CapacityKey("cave", "2026-12-05T12:00Z"), places=3, capacity=60)``.
    """

    key: CapacityKey
    places: int
    capacity: int


@dataclass(frozen=True)
class Allocation:
    """The places one owner (a booking, an allotment) takes, possibly until an expiry.

    A hold for two on the cave show is an allocation with ``expires_at`` 15 minutes ahead;
    once confirmed, the same allocation with ``expires_at=None``.
    """

    owner_id: str
    slot_id: str
    claims: tuple[Claim, ...]
    expires_at: datetime | None = None

    def is_live(self, now: datetime) -> bool:
        """Whether the allocation still counts at ``now``."""
        return is_live(self.expires_at, now)

    def places(self) -> dict[CapacityKey, int]:
        """Places per key."""
        return {c.key: c.places for c in self.claims}


def claims_for(
    option: ProductOption,
    slot: Slot,
    units: Units,
    resources: Mapping[str, Resource],
) -> tuple[Claim, ...]:
    """The claims a party of ``units`` of ``option`` makes on ``slot``, sorted by key.

    Each resource the units use is claimed on every time bucket of the slot's buffered
    window and, if the resource has a daily cap, on the slot's local day.

    Raises
    ------
    ResourceNotFoundError
        A unit uses a resource missing from ``resources``.
    InvalidUnitsError
        The party needs more places on a resource than any slot could ever hold.
    """
    claims: list[Claim] = []
    for resource_id, places in places_per_resource(option, units).items():
        resource = resources.get(resource_id)
        if resource is None:
            raise ResourceNotFoundError(
                f"resource {resource_id!r} used by option {option.id!r} does not exist; "
                "register it first",
                context={"resource_id": resource_id},
            )
        if places > resource.largest_party():
            raise InvalidUnitsError(
                f"the party needs {places} places on {resource.name or resource.id!r}, "
                f"which never holds more than {resource.largest_party()}; split the party",
                field="units",
                context={
                    "resource_id": resource_id,
                    "places": places,
                    "largest": resource.largest_party(),
                },
            )
        keys = bucket_keys(resource, slot.window_start, slot.window_end)
        if resource.daily_cap is not None:
            keys.append(day_key(resource, slot.local_day))
        claims.extend(Claim(k, places, resource.capacity_of(k)) for k in keys)
    return tuple(sorted(claims))


def add_places(*groups: Iterable[Claim]) -> dict[CapacityKey, int]:
    """Sum places per key over several claim groups."""
    total: dict[CapacityKey, int] = {}
    for group in groups:
        for claim in group:
            total[claim.key] = total.get(claim.key, 0) + claim.places
    return total


@dataclass(frozen=True)
class LedgerSnapshot:
    """What a store holds, for reconciliation: counters, their capacities, allocations,
    and ``stray_claims``: owners whose claims a store keeps apart for expiry do not
    match their allocation (a SQL store keeps a hold's claims in rows of their own, by
    key and expiry, with no foreign key; see ``docs/dev/booking-concurrency.md``)."""

    counters: Mapping[CapacityKey, int]
    capacities: Mapping[CapacityKey, int]
    allocations: Sequence[Allocation]
    stray_claims: Sequence[str] = ()


@dataclass(frozen=True)
class Reconciliation:
    """The outcome of :func:`reconcile`: empty mappings mean the ledger is sound.

    ``mismatched`` maps a key to ``(counter, sum of stored allocations)``; ``over_capacity``
    maps a key to ``(live usage, capacity)``; ``live_usage`` is the recomputed usage;
    ``stray_claims`` lists the owners whose claims kept for expiry do not match their
    allocation (missing, their allocation gone, or left on a confirmed one): expired
    ones are subtracted from their key's usage, so they must be exactly the holds'.
    """

    live_usage: dict[CapacityKey, int] = field(default_factory=dict)
    mismatched: dict[CapacityKey, tuple[int, int]] = field(default_factory=dict)
    over_capacity: dict[CapacityKey, tuple[int, int]] = field(default_factory=dict)
    stray_claims: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every counter matches its allocations and stays within capacity,
        and every claim kept for expiry matches its allocation."""
        return not self.mismatched and not self.over_capacity and not self.stray_claims


def reconcile(snapshot: LedgerSnapshot, now: datetime) -> Reconciliation:
    """Check a store's ledger: counters equal the sum of the allocations they count, and
    live usage (allocations with ``expires_at > now``) never exceeds capacity.

    A counter may still include expired allocations a store has not reclaimed yet; those
    are part of "stored" but not of "live" usage.
    """
    stored = add_places(*(a.claims for a in snapshot.allocations))
    live = add_places(*(a.claims for a in snapshot.allocations if a.is_live(now)))
    mismatched: dict[CapacityKey, tuple[int, int]] = {}
    for key in sorted(set(stored) | set(snapshot.counters)):
        counter = snapshot.counters.get(key, 0)
        if counter != stored.get(key, 0):
            mismatched[key] = (counter, stored.get(key, 0))
    over: dict[CapacityKey, tuple[int, int]] = {}
    for key, used in live.items():
        capacity = snapshot.capacities.get(key)
        if capacity is not None and used > capacity:
            over[key] = (used, capacity)
    return Reconciliation(
        live_usage=live,
        mismatched=mismatched,
        over_capacity=over,
        stray_claims=tuple(sorted(snapshot.stray_claims)),
    )
