"""Resources: the capacity pools that products draw on, and the counters that track them.

A resource is kept apart from the products sold against it, because several products share
one physical limit: the art performance and the night light show both use the interior of
the same cave, a sunset cruise and a kayak transfer both use one boat in Lan Ha Bay.

Capacity is counted on *capacity keys*, one counter per resource and period:

* time buckets (``bucket_minutes`` long, aligned to UTC midnight) cover a slot's window
  including its turnover buffers, so two overlapping sessions of different products on the
  same cave compete for the same places, while back-to-back sessions do not;
* a day key per local calendar day, when the resource has a daily carrying-capacity cap
  (people per day across all sessions);
* live occupancy (people inside right now) is a separate counter moved by entry and exit
  scans, not by bookings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from tourlink.core.clock import LOCAL_TZ

from .errors import InvalidBookingDataError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY_PREFIX = "day:"
"""Prefix of the period of a daily-cap key: ``day:2026-12-05`` (local date)."""


@dataclass(frozen=True, order=True)
class CapacityKey:
    """One capacity counter: a resource in one period.

    Keys sort by resource then period; stores take row locks in this order to avoid
    deadlocks. ``period`` is a UTC bucket start (``2026-12-05T12:00Z``) or a local day
    (``day:2026-12-05``).

    Examples
    --------
    >>> CapacityKey("thien-canh-son-cave", "day:2026-12-05").is_daily
    True
    """

    resource_id: str
    period: str

    @property
    def is_daily(self) -> bool:
        """Whether this key counts a daily cap rather than a time bucket."""
        return self.period.startswith(DAY_PREFIX)

    def __str__(self) -> str:
        return f"{self.resource_id}@{self.period}"


@dataclass(frozen=True)
class Resource:
    """A capacity pool shared by every product that uses it.

    The interior of Thien Canh Son cave holds 120 people at once and, to protect its
    formations, at most 600 a day; a Lan Ha Bay boat seats 40; a reseller's allotment or a
    single licensed guide are pools too.

    Parameters
    ----------
    id : str
        Stable identifier, e.g. ``"thien-canh-son-interior"``.
    name : str
        Human name for operators.
    capacity : int
        Places available at any one time (per time bucket).
    daily_cap : int or None
        Places per local calendar day across all slots (carrying capacity), if limited.
    occupancy_limit : int or None
        Limit of the live occupancy counter moved by entry/exit scans; ``None`` means the
        pool's ``capacity``.
    bucket_minutes : int
        Length of the time buckets that overlapping slots share; must divide a day.
    """

    id: str
    name: str
    capacity: int
    daily_cap: int | None = None
    occupancy_limit: int | None = None
    bucket_minutes: int = 15

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidBookingDataError(
                "resource id is empty; give the pool a stable id such as 'cave-interior'",
                field="id",
            )
        if self.capacity < 0:
            raise InvalidBookingDataError(
                f"resource {self.id!r}: capacity {self.capacity} is negative; use 0 or more",
                field="capacity",
            )
        if self.daily_cap is not None and self.daily_cap < 0:
            raise InvalidBookingDataError(
                f"resource {self.id!r}: daily_cap must be 0 or more (or None for no cap)",
                field="daily_cap",
            )
        if self.occupancy_limit is not None and self.occupancy_limit < 0:
            raise InvalidBookingDataError(
                f"resource {self.id!r}: occupancy_limit must be 0 or more",
                field="occupancy_limit",
            )
        if not 1 <= self.bucket_minutes <= 1440 or 1440 % self.bucket_minutes:
            raise InvalidBookingDataError(
                f"resource {self.id!r}: bucket_minutes {self.bucket_minutes} must divide "
                "a day (e.g. 5, 15, 30, 60)",
                field="bucket_minutes",
            )

    @property
    def live_limit(self) -> int:
        """The limit of the live occupancy counter."""
        return self.capacity if self.occupancy_limit is None else self.occupancy_limit

    def capacity_of(self, key: CapacityKey) -> int:
        """The capacity of one of this resource's keys."""
        if key.is_daily:
            return self.daily_cap if self.daily_cap is not None else self.capacity
        return self.capacity

    def largest_party(self) -> int:
        """The most places one allocation could ever take on this pool."""
        if self.daily_cap is None:
            return self.capacity
        return min(self.capacity, self.daily_cap)


def require_aware(value: datetime, name: str) -> None:
    """Raise when ``value`` is a naive datetime (booking times are always aware)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidBookingDataError(
            f"{name} must be timezone-aware (add tzinfo=UTC or LOCAL_TZ)", field=name
        )


def bucket_keys(
    resource: Resource, start: datetime, end: datetime
) -> list[CapacityKey]:
    """The time-bucket keys a window ``[start, end)`` touches on ``resource``.

    Examples
    --------
    >>> cave = Resource("cave", "Cave interior", 60, bucket_minutes=30)
    >>> t = datetime(2026, 12, 5, 12, 10, tzinfo=UTC)
    >>> [k.period for k in bucket_keys(cave, t, t + timedelta(minutes=40))]
    ['2026-12-05T12:00Z', '2026-12-05T12:30Z']
    """
    require_aware(start, "start")
    require_aware(end, "end")
    return list(_bucket_keys(resource.id, resource.bucket_minutes, start, end))


@lru_cache(maxsize=4096)
def _bucket_keys(
    resource_id: str, size: int, start: datetime, end: datetime
) -> tuple[CapacityKey, ...]:
    """:func:`bucket_keys` of aware instants, remembered: every booking of a slot asks
    for the same keys (equal instants in other time zones are equal keys)."""
    if end <= start:
        return ()
    first = int((start - _EPOCH).total_seconds() // 60) // size * size
    keys: list[CapacityKey] = []
    minute = first
    while True:
        bucket_start = _EPOCH + timedelta(minutes=minute)
        if bucket_start >= end:
            break
        # "YYYY-MM-DDTHH:MM" + "Z" (isoformat of a UTC instant is cheaper than strftime)
        keys.append(CapacityKey(resource_id, f"{bucket_start.isoformat()[:16]}Z"))
        minute += size
    return tuple(keys)


def day_key(resource: Resource, local_day: date) -> CapacityKey:
    """The daily-cap key of ``resource`` on a local calendar day."""
    return CapacityKey(resource.id, f"{DAY_PREFIX}{local_day.isoformat()}")


def local_date(instant: datetime) -> date:
    """The calendar date of ``instant`` in the region's time zone."""
    return instant.astimezone(LOCAL_TZ).date()
