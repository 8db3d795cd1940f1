"""Booking errors: subclasses of the core error tree with stable snake_case codes.

Every error says what is wrong and how to fix it; delivery layers map ``code`` (never the
message) to HTTP statuses, OCTo error bodies and localised text. ``context`` carries the
parameters a translated message needs (``{"remaining": 3}``).

The tree::

    TourlinkError
    ├── InvalidInputError (422)
    │   ├── InvalidUnitsError               invalid_units
    │   ├── PartySizeOutOfRangeError        party_size_out_of_range
    │   └── InvalidBookingDataError         invalid_booking_data
    ├── NotFoundError (404)
    │   ├── ResourceNotFoundError           resource_not_found
    │   ├── ProductNotFoundError            product_not_found
    │   ├── OptionNotFoundError             option_not_found
    │   ├── SlotNotFoundError               slot_not_found
    │   ├── BookingNotFoundError            booking_not_found
    │   ├── PackageNotFoundError            package_not_found
    │   ├── AllotmentNotFoundError          allotment_not_found
    │   └── WaitlistEntryNotFoundError      waitlist_entry_not_found
    ├── ConflictError (409)
    │   ├── SlotSoldOutError                slot_sold_out
    │   ├── SlotClosedError                 slot_closed
    │   ├── BookingCutoffPassedError        booking_cutoff_passed
    │   ├── HoldExpiredError                hold_expired
    │   ├── HoldExtensionLimitError         hold_extension_limit
    │   ├── BookingStateError               booking_not_on_hold, booking_not_confirmed, ...
    │   ├── AlreadyCancelledError           already_cancelled
    │   ├── IdempotencyConflictError        idempotency_conflict
    │   ├── ConcurrentUpdateError           concurrent_update   (retryable)
    │   ├── PackageItemUnavailableError     package_item_unavailable
    │   ├── AllotmentReleasedError          allotment_released
    │   ├── AllotmentExhaustedError         allotment_exhausted
    │   ├── WaitlistNotNeededError          waitlist_not_needed
    │   ├── OfferNotActiveError             offer_not_active, offer_expired
    │   ├── OccupancyFullError              occupancy_full
    │   ├── AlreadyCheckedInError           already_checked_in
    │   └── WrongDayTicketError             wrong_day_ticket
    └── UnauthenticatedError (401)
        └── InvalidTicketError              invalid_ticket, ticket_superseded
"""

from __future__ import annotations

from tourlink.core.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    UnauthenticatedError,
)

# --- bad input -------------------------------------------------------------------------


class InvalidUnitsError(InvalidInputError):
    """Units that can never be booked: zero or negative counts, unknown unit types, or a
    party larger than any slot of the product could hold."""

    default_code = "invalid_units"


class PartySizeOutOfRangeError(InvalidInputError):
    """A party outside the allowed size, e.g. 4 people on a 10-to-30 group allotment."""

    default_code = "party_size_out_of_range"


class InvalidBookingDataError(InvalidInputError):
    """A malformed booking value: a naive datetime, an empty name, a negative price."""

    default_code = "invalid_booking_data"


# --- unknown ids -----------------------------------------------------------------------


class ResourceNotFoundError(NotFoundError):
    """No capacity pool has this id."""

    default_code = "resource_not_found"


class ProductNotFoundError(NotFoundError):
    """No bookable product has this id."""

    default_code = "product_not_found"


class OptionNotFoundError(NotFoundError):
    """The product has no option with this id."""

    default_code = "option_not_found"


class SlotNotFoundError(NotFoundError):
    """No slot (session) has this id."""

    default_code = "slot_not_found"


class BookingNotFoundError(NotFoundError):
    """No booking has this id."""

    default_code = "booking_not_found"


class PackageNotFoundError(NotFoundError):
    """No package booking has this id."""

    default_code = "package_not_found"


class AllotmentNotFoundError(NotFoundError):
    """No group allotment has this id."""

    default_code = "allotment_not_found"


class WaitlistEntryNotFoundError(NotFoundError):
    """No waiting-list entry has this id."""

    default_code = "waitlist_entry_not_found"


# --- conflicts with the current state ---------------------------------------------------


class SlotSoldOutError(ConflictError):
    """Too few places left for the party on at least one resource of the slot."""

    default_code = "slot_sold_out"


class SlotClosedError(ConflictError):
    """The operator closed the slot (a flooded cave, a storm warning in the bay)."""

    default_code = "slot_closed"


class BookingCutoffPassedError(ConflictError):
    """The slot no longer takes bookings: its cut-off time has passed."""

    default_code = "booking_cutoff_passed"


class HoldExpiredError(ConflictError):
    """The hold ran out before it was confirmed or extended; its places are released."""

    default_code = "hold_expired"


class HoldExtensionLimitError(ConflictError):
    """The hold has been extended as far as its product allows."""

    default_code = "hold_extension_limit"


class BookingStateError(ConflictError):
    """The booking's status does not allow the action (confirming a cancelled booking)."""

    default_code = "booking_state_invalid"


class AlreadyCancelledError(ConflictError):
    """The booking is already cancelled; a second cancellation changes nothing."""

    default_code = "already_cancelled"


class IdempotencyConflictError(ConflictError):
    """The idempotency key was already used with a different request body."""

    default_code = "idempotency_conflict"


class ConcurrentUpdateError(ConflictError):
    """A store transaction lost a race (serialisation failure, duplicate key insert).

    Raised by store implementations; the service retries the whole operation a few times
    before passing it on. Callers may retry with the same idempotency key.
    """

    default_code = "concurrent_update"


class PackageItemUnavailableError(ConflictError):
    """One item of a package cannot be held, so nothing of the package was held.

    ``context`` names the item: ``item`` (its position), ``product_id``, ``slot_id`` and
    ``reason`` (the code of the underlying error, e.g. ``slot_sold_out``).
    """

    default_code = "package_item_unavailable"


class AllotmentReleasedError(ConflictError):
    """The allotment's release date has passed; its unused places are on general sale."""

    default_code = "allotment_released"


class AllotmentExhaustedError(ConflictError):
    """The allotment has fewer unused places than the party needs."""

    default_code = "allotment_exhausted"


class WaitlistNotNeededError(ConflictError):
    """The party fits into the slot now: book it instead of joining the waiting list."""

    default_code = "waitlist_not_needed"


class OfferNotActiveError(ConflictError):
    """The waiting-list entry has no live offer (not offered yet, lapsed or taken)."""

    default_code = "offer_not_active"


class OccupancyFullError(ConflictError):
    """The pool is at its live occupancy limit: wait for people to leave before entry."""

    default_code = "occupancy_full"


class AlreadyCheckedInError(ConflictError):
    """The ticket was already scanned; a ticket admits its party once."""

    default_code = "already_checked_in"


class WrongDayTicketError(ConflictError):
    """The ticket is genuine but for another day's session."""

    default_code = "wrong_day_ticket"


class InvalidTicketError(UnauthenticatedError):
    """The ticket's signature does not verify, it is malformed, or it was superseded."""

    default_code = "invalid_ticket"
