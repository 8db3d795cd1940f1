"""Hold rules: how long a reservation lasts before it lapses on its own, and extensions.

A hold keeps places for a visitor who is still paying. It counts against capacity only
while ``expires_at > now``: an expired hold stops counting by itself, so correctness never
depends on a clean-up job (stores reclaim expired holds lazily).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import HoldExpiredError, HoldExtensionLimitError, InvalidBookingDataError

DEFAULT_HOLD = timedelta(minutes=15)
"""How long a hold lasts unless the product says otherwise."""


@dataclass(frozen=True)
class HoldPolicy:
    """How long a product's holds last and how far they may be extended.

    A reseller selling the Chu Dau pottery workshop together with a hotel night might need
    more time at checkout: ``HoldPolicy(duration=timedelta(minutes=20), max_total=
    timedelta(minutes=60))``.

    Parameters
    ----------
    duration : timedelta
        Lifetime of a new hold (default 15 minutes).
    extension : timedelta
        Default length of one extension, counted from the moment of extending.
    max_extensions : int
        How many times a hold may be extended.
    max_total : timedelta
        Latest expiry measured from the hold's creation.
    """

    duration: timedelta = DEFAULT_HOLD
    extension: timedelta = timedelta(minutes=10)
    max_extensions: int = 3
    max_total: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if self.duration <= timedelta(0) or self.extension <= timedelta(0):
            raise InvalidBookingDataError(
                "hold duration and extension must be positive", field="duration"
            )
        if self.max_extensions < 0:
            raise InvalidBookingDataError(
                "max_extensions must be 0 or more", field="max_extensions"
            )
        if self.max_total < self.duration:
            raise InvalidBookingDataError(
                "max_total must be at least the hold duration", field="max_total"
            )

    def expiry(self, now: datetime) -> datetime:
        """When a hold taken at ``now`` lapses."""
        return now + self.duration

    def extended(
        self,
        *,
        created_at: datetime,
        expires_at: datetime,
        extensions: int,
        now: datetime,
        by: timedelta | None = None,
    ) -> datetime:
        """The new expiry of a live hold extended at ``now``.

        Raises
        ------
        HoldExpiredError
            The hold has already lapsed.
        HoldExtensionLimitError
            The hold was extended ``max_extensions`` times or reached ``max_total``.
        """
        if not is_live(expires_at, now):
            raise HoldExpiredError(
                f"the hold lapsed at {expires_at.isoformat()}; take a new hold",
                context={"expired_at": expires_at.isoformat()},
            )
        step = self.extension if by is None else by
        if step <= timedelta(0):
            raise InvalidBookingDataError(
                "a hold extension must be positive", field="minutes"
            )
        latest = created_at + self.max_total
        if extensions >= self.max_extensions or expires_at >= latest:
            raise HoldExtensionLimitError(
                f"the hold cannot be extended further (at most {self.max_extensions} "
                f"extensions, until {latest.isoformat()}); confirm it or take a new hold",
                context={
                    "max_extensions": self.max_extensions,
                    "latest": latest.isoformat(),
                },
            )
        return min(max(expires_at, now + step), latest)


def is_live(expires_at: datetime | None, now: datetime) -> bool:
    """Whether something expiring at ``expires_at`` still counts at ``now``.

    ``None`` never expires. The boundary is exclusive: at ``now == expires_at`` the hold has
    lapsed.
    """
    return expires_at is None or expires_at > now
