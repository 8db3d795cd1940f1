"""Injected time: services take a ``Clock`` and read it once per operation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
"""The region's time zone (UTC+7, no daylight saving); local rules are evaluated in it."""


class Clock(Protocol):
    """A source of the current time, always timezone-aware."""

    def now(self) -> datetime:
        """The current instant as an aware datetime."""
        ...


class SystemClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: the test double for ``Clock``.

    >>> clock = FixedClock(datetime(2026, 12, 5, 3, 30, tzinfo=UTC))
    >>> clock.advance(minutes=15).now().minute
    45
    """

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            msg = "FixedClock needs an aware datetime (add tzinfo=UTC)"
            raise ValueError(msg)
        self._now = instant

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> FixedClock:
        if instant.tzinfo is None:
            msg = "FixedClock needs an aware datetime (add tzinfo=UTC)"
            raise ValueError(msg)
        self._now = instant
        return self

    def advance(self, **delta: float) -> FixedClock:
        self._now = self._now + timedelta(**delta)
        return self
