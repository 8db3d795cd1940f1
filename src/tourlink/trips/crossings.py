"""Scheduled crossings: the catalogue's timetabled boats (and flights) between hubs.

Be at the pier ``PIER_BUFFER_MINUTES`` before a departure; a link without a link in the
opposite direction is assumed to run back at the same times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tourlink.catalog import TransportLink
from tourlink.catalog import opening_hours as oh
from tourlink.core.clock import LOCAL_TZ

PIER_BUFFER_MINUTES = 15
"""Be at the pier this long before a scheduled departure."""


@dataclass(frozen=True)
class Crossing:
    """A scheduled boat (or air) service between two hubs, in one direction."""

    link_id: str
    mode: str
    from_id: str
    to_id: str
    duration_minutes: int
    departures: tuple[tuple[int, str], ...]
    """(minutes after midnight, OSM weekday rule) of each departure."""
    fare_vnd: int
    reverse: bool = False
    accessible: bool = False

    def departures_on(self, day: date) -> list[datetime]:
        """The local departure times on ``day``, in order."""
        out = []
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=LOCAL_TZ)
        for minutes, days in self.departures:
            if oh.is_open(f"{days} 00:00-24:00", noon):
                out.append(
                    datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
                    + timedelta(minutes=minutes)
                )
        return sorted(out)

    def next_departure(
        self, ready: datetime, *, horizon_days: int = 7
    ) -> datetime | None:
        """The first departure a traveller at the pier at ``ready`` can take."""
        local = ready.astimezone(LOCAL_TZ)
        for k in range(horizon_days + 1):
            for dep in self.departures_on(local.date() + timedelta(days=k)):
                if dep >= local:
                    return dep
        return None


@dataclass(frozen=True)
class BoatLeg:
    """A timed scheduled crossing: wait at the pier, then sail."""

    crossing: Crossing
    ready: datetime
    depart: datetime
    arrive: datetime

    @property
    def wait_minutes(self) -> int:
        """Minutes waiting at the pier for the boat (the pier buffer included)."""
        return int((self.depart - self.ready).total_seconds() // 60)


def boat_leg(crossing: Crossing, at_pier: datetime) -> BoatLeg | None:
    """Take the first departure after reaching the pier at ``at_pier`` (with the buffer)."""
    ready = at_pier + timedelta(minutes=PIER_BUFFER_MINUTES)
    dep = crossing.next_departure(ready)
    if dep is None:
        return None
    return BoatLeg(
        crossing, at_pier, dep, dep + timedelta(minutes=crossing.duration_minutes)
    )


def _fare(link: TransportLink) -> int:
    for price in link.prices:
        if price.unit in ("adult", "person"):
            return price.amount_vnd
    return 0


def crossings(links: Iterable[TransportLink]) -> list[Crossing]:
    """Every direction of every link; a reverse runs at the same times unless a link
    in the opposite direction exists."""
    links = list(links)
    pairs = {(link.from_id, link.to_id) for link in links}
    out = []
    for link in links:
        deps = tuple(
            (d.time.hour * 60 + d.time.minute, d.days) for d in link.departures
        )
        accessible = "wheelchair_accessible" in link.tags
        args = (link.id, str(link.mode), link.duration_minutes, deps, _fare(link))
        lid, mode, dur, deps, fare = args
        out.append(
            Crossing(lid, mode, link.from_id, link.to_id, dur, deps, fare,
                     accessible=accessible)
        )  # fmt: skip
        if (link.to_id, link.from_id) not in pairs:
            out.append(
                Crossing(lid, mode, link.to_id, link.from_id, dur, deps, fare,
                         reverse=True, accessible=accessible)
            )  # fmt: skip
    return out
