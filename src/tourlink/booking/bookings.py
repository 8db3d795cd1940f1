"""Bookings: a party's claim on a slot, from hold to confirmation, cancellation or visit."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from .errors import BookingStateError, HoldExpiredError, InvalidBookingDataError
from .holds import is_live
from .policies import Refund


class BookingStatus(StrEnum):
    """Where a booking stands.

    ``ON_HOLD`` places kept while the visitor pays · ``CONFIRMED`` sold · ``CANCELLED``
    released (with a refund) · ``EXPIRED`` a hold that lapsed · ``REDEEMED`` checked in.
    """

    ON_HOLD = "ON_HOLD"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    REDEEMED = "REDEEMED"


TAKES_CAPACITY = frozenset(
    {BookingStatus.ON_HOLD, BookingStatus.CONFIRMED, BookingStatus.REDEEMED}
)
"""Statuses whose places count against capacity (ON_HOLD only while live)."""


@dataclass(frozen=True)
class Contact:
    """Who to reach about a booking: the lead traveller or the tour operator's desk.

    ``Contact("Nguyễn Thị Lan", email="lan@example.vn", phone="+84 912 345 678",
    language="vi")``
    """

    name: str
    email: str | None = None
    phone: str | None = None
    language: str = "en"

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidBookingDataError(
                "contact name is empty; give the lead traveller's name",
                field="contact.name",
            )
        if self.email is not None and "@" not in self.email:
            raise InvalidBookingDataError(
                f"contact email {self.email!r} has no '@'; check the address",
                field="contact.email",
            )


@dataclass(frozen=True)
class StatusChange:
    """One step in a booking's history: when, to which status, by whom, and why."""

    at: datetime
    status: BookingStatus
    actor: str
    note: str = ""


@dataclass(frozen=True)
class Booking:
    """A party's booking of one slot: two adults and a child at the 19:00 cave show.

    Bookings are immutable values; every change produces a new value with one more entry in
    ``history``. A hold is a booking in status ``ON_HOLD`` with an ``expires_at``.
    """

    id: str
    product_id: str
    option_id: str
    slot_id: str
    units: Mapping[str, int]
    price_vnd: int
    status: BookingStatus
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None
    contact: Contact | None = None
    history: tuple[StatusChange, ...] = ()
    extensions: int = 0
    package_id: str | None = None
    allotment_id: str | None = None
    waitlist_entry_id: str | None = None
    refund: Refund | None = None
    ticket_nonce: str | None = None
    checked_in_at: datetime | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))

    def effective_status(self, now: datetime) -> BookingStatus:
        """The status at ``now``: a hold past its expiry is ``EXPIRED`` even if not yet
        stored as such."""
        if self.status is BookingStatus.ON_HOLD and not is_live(self.expires_at, now):
            return BookingStatus.EXPIRED
        return self.status

    def takes_capacity(self, now: datetime) -> bool:
        """Whether the booking's places count at ``now``."""
        return self.effective_status(now) in TAKES_CAPACITY

    def with_status(
        self,
        status: BookingStatus,
        now: datetime,
        actor: str,
        note: str = "",
        **changes: object,
    ) -> Booking:
        """A copy moved to ``status`` with the change recorded in the history."""
        entry = StatusChange(at=now, status=status, actor=actor, note=note)
        return dataclasses.replace(
            self,
            status=status,
            updated_at=now,
            history=(*self.history, entry),
            **changes,  # type: ignore[arg-type]
        )

    def updated(
        self, now: datetime, actor: str, note: str, **changes: object
    ) -> Booking:
        """A copy with ``changes`` applied and a history note, status unchanged."""
        return self.with_status(self.status, now, actor, note, **changes)

    def require_live_hold(self, now: datetime) -> None:
        """Raise unless the booking is an unexpired hold."""
        status = self.effective_status(now)
        if status is BookingStatus.EXPIRED:
            raise HoldExpiredError(
                f"hold {self.id!r} lapsed at {self.expires_at.isoformat() if self.expires_at else '?'}; "
                "its places were released, take a new hold",
                context={"booking_id": self.id},
            )
        if status is not BookingStatus.ON_HOLD:
            raise BookingStateError(
                f"booking {self.id!r} is {status.value}, not on hold",
                code="booking_not_on_hold",
                context={"booking_id": self.id, "status": status.value},
            )


@dataclass(frozen=True)
class BookingRequest:
    """What a visitor or reseller asks for: a party on a product option in a slot.

    ``BookingRequest("vung-duc-cave-show", "standard", "show-2026-12-05-1900",
    {"adult": 2, "child": 1}, contact=Contact("Trần Minh"))``; with ``allotment_id`` the
    places are drawn from a group allotment.
    """

    product_id: str
    option_id: str
    slot_id: str
    units: Mapping[str, int]
    contact: Contact | None = None
    allotment_id: str | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))

    def body(self) -> dict[str, object]:
        """The request as plain data (for idempotency fingerprints)."""
        contact = dataclasses.asdict(self.contact) if self.contact else None
        data: dict[str, object] = {
            "product_id": self.product_id,
            "option_id": self.option_id,
            "slot_id": self.slot_id,
            "units": dict(sorted(self.units.items())),
            "contact": contact,
            "allotment_id": self.allotment_id,
            "reference": self.reference,
        }
        return data
