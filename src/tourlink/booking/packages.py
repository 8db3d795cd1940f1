"""Package bookings: several items held and confirmed together, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from .bookings import Booking, BookingStatus, Contact
from .errors import InvalidBookingDataError


@dataclass(frozen=True)
class PackageItem:
    """One item of a package request: a product option in a slot, for a party.

    A two-day trip from Hai Phong holds a seat at the cave show, a Lan Ha Bay boat trip
    and a hotel night in Cat Ba; each is one item.
    """

    product_id: str
    option_id: str
    slot_id: str
    units: Mapping[str, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))


@dataclass(frozen=True)
class Package:
    """A package booking: the ids of its item bookings, in request order.

    The package itself holds no capacity; its items do. It is on hold, confirmed or
    cancelled as a whole.
    """

    id: str
    booking_ids: tuple[str, ...]
    created_at: datetime
    contact: Contact | None = None

    def __post_init__(self) -> None:
        if not self.booking_ids:
            raise InvalidBookingDataError(
                "a package needs at least one item", field="items"
            )


def package_status(bookings: Sequence[Booking], now: datetime) -> BookingStatus:
    """The package's status: the items' common status, or the least advanced one.

    Items move together, so they normally agree; a partly redeemed package (the show was
    attended, the boat trip not yet) reports ``CONFIRMED``.
    """
    statuses = {b.effective_status(now) for b in bookings}
    if len(statuses) == 1:
        return statuses.pop()
    for status in (
        BookingStatus.EXPIRED,
        BookingStatus.ON_HOLD,
        BookingStatus.CANCELLED,
        BookingStatus.CONFIRMED,
    ):
        if status in statuses:
            return status
    return BookingStatus.REDEEMED
