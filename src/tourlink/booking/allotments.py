"""Group allotments: places blocked on a slot for one party until a release date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from .errors import (
    AllotmentReleasedError,
    InvalidBookingDataError,
    PartySizeOutOfRangeError,
)
from .products import Units, total_units
from .resources import require_aware


@dataclass(frozen=True)
class Allotment:
    """Capacity blocked for a tour group, a famtrip or a reseller on one slot.

    A Hanoi tour operator blocks 30 adult places on the Lan Ha Bay sunset cruise of
    12 December until 1 December; bookings for its groups draw from the block, each of
    10 to 30 people. On 1 December the unused places return to general sale by themselves.

    Parameters
    ----------
    id, slot_id, product_id, option_id : str
        The allotment and what it blocks.
    holder : str
        Who the places are for (the operator or the group's name).
    units : Mapping[str, int]
        The block, as units of the option (``{"adult": 30}``).
    release_at : datetime
        After this instant unused places are on general sale and no booking draws from it.
    min_party, max_party : int
        Size limits (in units) of each booking drawn from the block.
    """

    id: str
    slot_id: str
    product_id: str
    option_id: str
    holder: str
    units: Mapping[str, int]
    release_at: datetime
    created_at: datetime
    min_party: int = 1
    max_party: int | None = None

    def __post_init__(self) -> None:
        require_aware(self.release_at, "release_at")
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))
        if self.min_party < 1 or (
            self.max_party is not None and self.max_party < self.min_party
        ):
            raise InvalidBookingDataError(
                f"allotment {self.id!r}: need 1 ≤ min_party ≤ max_party",
                field="min_party",
            )
        if self.max_party is not None and self.max_party > total_units(self.units):
            raise InvalidBookingDataError(
                f"allotment {self.id!r}: max_party {self.max_party} exceeds the block "
                f"of {total_units(self.units)} units",
                field="max_party",
            )

    def is_released(self, now: datetime) -> bool:
        """Whether the release date has passed (``now >= release_at``)."""
        return now >= self.release_at

    def check_draw(self, units: Units, now: datetime) -> None:
        """Raise unless a party of ``units`` may book from the allotment at ``now``."""
        if self.is_released(now):
            raise AllotmentReleasedError(
                f"allotment {self.id!r} was released at {self.release_at.isoformat()}; "
                "book from general sale instead",
                context={
                    "allotment_id": self.id,
                    "release_at": self.release_at.isoformat(),
                },
            )
        size = total_units(units)
        upper = (
            self.max_party if self.max_party is not None else total_units(self.units)
        )
        if not self.min_party <= size <= upper:
            raise PartySizeOutOfRangeError(
                f"allotment {self.id!r} takes parties of {self.min_party} to {upper} "
                f"units; this party has {size}",
                field="units",
                context={"min": self.min_party, "max": upper, "size": size},
            )
