"""Slots: the timed sessions of a product that visitors book into."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .errors import BookingCutoffPassedError, InvalidBookingDataError, SlotClosedError
from .resources import local_date, require_aware


class SlotState(StrEnum):
    """The operator's switch on a slot: open for sale, or closed (a flooded cave)."""

    OPEN = "OPEN"
    CLOSED = "CLOSED"


@dataclass(frozen=True)
class Slot:
    """One session of a product, with its cut-off and turnover buffers.

    The 19:00 art performance in the cave on 5 December 2026 runs 19:00–20:15 local time,
    stops selling 30 minutes before the start, and needs 15 minutes after it to reset the
    lights: ``Slot("show-2026-12-05-1900", "vung-duc-cave-show", start, end,
    cutoff=timedelta(minutes=30), buffer_after=timedelta(minutes=15))``.

    Parameters
    ----------
    id, product_id : str
        The slot and the product it belongs to.
    start, end : datetime
        Aware start and end of the session (stored in UTC).
    cutoff : timedelta
        Sales stop at ``start - cutoff``.
    buffer_before, buffer_after : timedelta
        Turnover time around the session during which the resources stay taken.
    state : SlotState
        ``OPEN`` or ``CLOSED`` by the operator.
    """

    id: str
    product_id: str
    start: datetime
    end: datetime
    cutoff: timedelta = timedelta(0)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    state: SlotState = SlotState.OPEN

    def __post_init__(self) -> None:
        require_aware(self.start, "start")
        require_aware(self.end, "end")
        if self.end <= self.start:
            raise InvalidBookingDataError(
                f"slot {self.id!r} ends before it starts; check start and end",
                field="end",
            )
        if min(self.cutoff, self.buffer_before, self.buffer_after) < timedelta(0):
            raise InvalidBookingDataError(
                f"slot {self.id!r}: cutoff and buffers must not be negative",
                field="cutoff",
            )

    @property
    def window_start(self) -> datetime:
        """Start of the time the slot's resources are taken (start − buffer before)."""
        return self.start - self.buffer_before

    @property
    def window_end(self) -> datetime:
        """End of the time the slot's resources are taken (end + buffer after)."""
        return self.end + self.buffer_after

    @property
    def sales_close_at(self) -> datetime:
        """The instant sales stop: ``start - cutoff``."""
        return self.start - self.cutoff

    @property
    def local_day(self) -> date:
        """The local calendar date the slot starts on (tickets are valid on this day)."""
        return local_date(self.start)

    def is_closed(self, now: datetime) -> bool:
        """Whether the slot takes no new sales at ``now`` (closed or past its cut-off)."""
        return self.state is SlotState.CLOSED or now >= self.sales_close_at

    def check_bookable(self, now: datetime) -> None:
        """Raise unless the slot takes new sales at ``now``.

        Raises
        ------
        SlotClosedError
            The operator closed the slot.
        BookingCutoffPassedError
            ``now`` is at or after ``start - cutoff``.
        """
        if self.state is SlotState.CLOSED:
            raise SlotClosedError(
                f"slot {self.id!r} is closed by the operator; choose another session",
                context={"slot_id": self.id},
            )
        if now >= self.sales_close_at:
            raise BookingCutoffPassedError(
                f"slot {self.id!r} stopped selling at {self.sales_close_at.isoformat()}; "
                "choose a later session",
                context={"slot_id": self.id, "cutoff": self.sales_close_at.isoformat()},
            )
