"""Travel times: road legs, charter boats inside the bay, scheduled ferries and flights.

Assumptions (see also ``docs/dev/trips.md``; each is tested):

* **Road legs** take ``great-circle km × DETOUR_FACTOR / speed``, rounded up to whole
  minutes, plus ``ROAD_STOP_MINUTES`` to park and walk in when the points differ.
  ``DETOUR_FACTOR = 1.35`` is the usual ratio of road to straight-line distance on the
  region's expressways and provincial roads; speeds are door-to-door averages including
  town traffic: car 50 km/h, coach 42 km/h, motorbike 35 km/h.
* **Islands** are reached only by boat. An :class:`IslandZone` lists the entries on an
  island (by id, by ``parent_id``/``place_id`` chain, or within a radius of its centre).
  Inside one zone, legs are by road. Between the mainland and a *charter* zone (places
  inside Ha Long Bay), a leg drives to the zone's pier, boards (``CHARTER_BOARDING_MINUTES``)
  and sails at ``CHARTER_BOAT_KMH``. A *scheduled* zone (Co To, Cat Ba) is reached only by
  the catalogue's transport links at their timetabled departures, be at the pier
  ``PIER_BUFFER_MINUTES`` before; a link without a link in the opposite direction is
  assumed to run back at the same times. Any other leg is ``UNREACHABLE``.
* An :class:`OsrmRouting` client replaces the great-circle road estimate when configured
  (car durations from OSRM, scaled by the speed ratio for coaches and motorbikes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import httpx
import numpy as np
import numpy.typing as npt

from tourlink.catalog import (
    AnyEntryT,
    Experience,
    ExperienceKind,
    Place,
    PlaceKind,
    TransportLink,
)
from tourlink.catalog import opening_hours as oh
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.geo import EARTH_RADIUS_KM, GeoPoint, haversine_km

DETOUR_FACTOR = 1.35
"""Road distance over great-circle distance."""
SPEED_KMH: dict[str, float] = {"car": 50.0, "coach": 42.0, "motorbike": 35.0}
"""Average door-to-door road speeds."""
ROAD_STOP_MINUTES = 5
"""Parking and walking in, added to every road leg between distinct points."""
CHARTER_BOAT_KMH = 18.0
"""Tour boats and chartered boats inside Ha Long Bay."""
CHARTER_BOARDING_MINUTES = 20
"""Ticketing and boarding a tour boat at the pier."""
PIER_BUFFER_MINUTES = 15
"""Be at the pier this long before a scheduled departure."""
UNREACHABLE = 100_000
"""Minutes standing for "cannot go there directly" (longer than any trip)."""
BOAT_KINDS = frozenset(
    {ExperienceKind.CRUISE, ExperienceKind.BOAT_TRIP, ExperienceKind.KAYAK}
)
"""Experiences that start where their own location is, whatever place they visit."""


@dataclass(frozen=True)
class IslandZone:
    """An island (or a bay) reached only by boat.

    Parameters
    ----------
    id
        The zone's name (``"co-to"``).
    anchors
        Catalogue ids in the zone; entries whose ``parent_id``/``place_id`` chain reaches
        one are in it too.
    center, radius_km
        Entries within the radius of the centre are in the zone (``radius_km=0``: none).
    access
        ``"scheduled"`` (only by transport links) or ``"charter"`` (boats on demand).
    charter_piers
        For a charter zone: the mainland piers boats leave from.
    """

    id: str
    anchors: frozenset[str]
    center: GeoPoint | None = None
    radius_km: float = 0.0
    access: str = "scheduled"
    charter_piers: tuple[str, ...] = ()


DEFAULT_ZONES: tuple[IslandZone, ...] = (
    IslandZone("ha-long-bay", frozenset({"ha-long-bay"}), access="charter",
               charter_piers=("tuan-chau-port",)),
    IslandZone("bai-tu-long-bay", frozenset({"bai-tu-long-bay"}), access="charter",
               charter_piers=("cai-rong-port",)),
    IslandZone("co-to", frozenset({"co-to-island", "co-to-port"}),
               GeoPoint(20.98, 107.77), 15.0),
    IslandZone("cat-ba", frozenset({"cat-ba-island", "gia-luan-port", "cai-vieng-port",
                                    "cat-ba-port"}), GeoPoint(20.78, 107.03), 13.0),
    IslandZone("quan-lan", frozenset({"quan-lan-island", "quan-lan-port"}),
               GeoPoint(20.87, 107.49), 7.0),
)  # fmt: skip
"""The region's boat-only zones (Van Don and Tuan Chau are linked by road)."""


def location_of(entry: AnyEntryT) -> GeoPoint | None:
    """The entry's position, or ``None`` without a location."""
    return entry.location.point if entry.location is not None else None


def zone_of(
    entry: AnyEntryT,
    entries: Mapping[str, AnyEntryT],
    zones: Sequence[IslandZone] = DEFAULT_ZONES,
) -> str | None:
    """The island zone an entry lies in, or ``None`` on the mainland.

    Anchors and the ``parent_id``/``place_id`` chain win over the radius; a cruise, boat
    trip or kayak tour counts where it starts (its own location); a hub (port, airport)
    is on an island only when it is an anchor (Ben Got pier faces Cat Ba but lies on
    the road network).
    """
    boat = isinstance(entry, Experience) and entry.kind in BOAT_KINDS
    hub = isinstance(entry, Place) and entry.kind == PlaceKind.HUB
    seen: set[str] = set()
    current: AnyEntryT | None = entry
    while current is not None and current.id not in seen and not boat:
        seen.add(current.id)
        for zone in zones:
            if current.id in zone.anchors:
                return zone.id
        parent = getattr(current, "parent_id", None) or getattr(
            current, "place_id", None
        )
        current = entries.get(parent) if parent else None
    point = location_of(entry)
    if point is not None and not hub:
        for zone in zones:
            if (
                zone.center is not None
                and zone.radius_km > 0
                and haversine_km(point, zone.center) <= zone.radius_km
            ):
                return zone.id
    return None


def road_minutes(a: GeoPoint, b: GeoPoint, mode: str = "car") -> int:
    """Minutes by road from ``a`` to ``b`` under the great-circle assumption.

    >>> road_minutes(GeoPoint(20.95, 107.08), GeoPoint(20.95, 107.08))
    0
    """
    km = haversine_km(a, b)
    if km < 0.05:
        return 0
    return math.ceil(km * DETOUR_FACTOR / SPEED_KMH[mode] * 60) + ROAD_STOP_MINUTES


def boat_minutes(km: float) -> int:
    """Sailing minutes on a tour boat over ``km`` great-circle kilometres."""
    return math.ceil(km / CHARTER_BOAT_KMH * 60)


def _km_matrix(points: Sequence[GeoPoint]) -> npt.NDArray[np.float64]:
    lat = np.radians(np.array([p.lat for p in points], dtype=np.float64))
    lon = np.radians(np.array([p.lon for p in points], dtype=np.float64))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = (
        np.sin(dlat / 2) ** 2
        + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    )
    return np.asarray(
        2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h))), dtype=np.float64
    )


class GreatCircleRouting:
    """The default ``RoutingClient``: great-circle distance × detour factor / speed."""

    def durations(self, points: Sequence[GeoPoint], mode: str) -> list[list[int]]:
        """Road minutes between every pair of ``points`` (see :func:`road_minutes`)."""
        if not points:
            return []
        km = _km_matrix(points)
        minutes = np.ceil(km * DETOUR_FACTOR / SPEED_KMH[mode] * 60) + ROAD_STOP_MINUTES
        minutes[km < 0.05] = 0
        return [[int(x) for x in row] for row in minutes]


class RoutingError(RuntimeError):
    """The routing server failed or answered something unusable."""


class OsrmRouting:
    """Road durations from an OSRM server's ``table`` service (used only when configured).

    Parameters
    ----------
    base_url
        E.g. ``"https://osrm.example.org"``; the ``driving`` profile is queried.
    client
        An ``httpx.Client`` (tests pass one with ``httpx.MockTransport``).
    timeout
        Seconds per request.
    """

    def __init__(
        self, base_url: str, *, client: httpx.Client | None = None, timeout: float = 5.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout)

    def durations(self, points: Sequence[GeoPoint], mode: str) -> list[list[int]]:
        """Road minutes from OSRM car durations, scaled to ``mode``'s speed.

        Raises
        ------
        RoutingError
            When the server fails, answers non-``Ok`` or leaves a pair without a route.
        """
        if not points:
            return []
        coords = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in points)
        url = f"{self.base_url}/table/v1/driving/{coords}"
        try:
            response = self._client.get(url, params={"annotations": "duration"})
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RoutingError(f"routing request failed: {exc}") from exc
        if body.get("code") != "Ok" or "durations" not in body:
            raise RoutingError(f"routing server answered {body.get('code')!r}")
        scale = SPEED_KMH["car"] / SPEED_KMH[mode]
        out: list[list[int]] = []
        for row in body["durations"]:
            if any(v is None for v in row):
                raise RoutingError(
                    "the routing server found no road between two points"
                )
            out.append([0 if v == 0 else math.ceil(v / 60 * scale) for v in row])
        return out


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


@dataclass(frozen=True)
class Position:
    """Where a planner node is: a point and the island zone it lies in."""

    point: GeoPoint
    zone: str | None = None


class TravelModel:
    """Minutes between positions under the module's assumptions.

    Parameters
    ----------
    mode
        Road vehicle (``car``, ``coach``, ``motorbike``).
    zones
        Boat-only zones.
    piers
        Mainland pier positions by hub id (for charter zones).
    routing
        Road durations (great-circle by default).
    """

    def __init__(
        self,
        mode: str,
        *,
        zones: Sequence[IslandZone] = DEFAULT_ZONES,
        piers: Mapping[str, GeoPoint] | None = None,
        routing: object | None = None,
    ) -> None:
        if mode not in SPEED_KMH:
            msg = f"unknown road mode {mode!r}; use one of {', '.join(SPEED_KMH)}"
            raise ValueError(msg)
        self.mode = mode
        self.zones = {z.id: z for z in zones}
        self.piers = dict(piers or {})
        self.routing = routing or GreatCircleRouting()

    def matrix(self, positions: Sequence[Position]) -> npt.NDArray[np.int64]:
        """Minutes from every position to every other (``UNREACHABLE`` if only a
        scheduled boat connects them)."""
        n = len(positions)
        pier_ids = sorted(
            {p for z in self.zones.values() for p in z.charter_piers if p in self.piers}
        )
        points = [p.point for p in positions] + [self.piers[p] for p in pier_ids]
        road = np.array(self.routing.durations(points, self.mode), dtype=np.int64)  # type: ignore[attr-defined]
        road = road.reshape(len(points), len(points))
        km = _km_matrix(points)
        sail = np.ceil(km / CHARTER_BOAT_KMH * 60).astype(np.int64)
        zone = [p.zone for p in positions]
        out = np.full((n, n), UNREACHABLE, dtype=np.int64)
        for i in range(n):
            for j in range(n):
                out[i, j] = self._leg(i, j, zone, road, sail, pier_ids, n)
        return out

    def _leg(
        self,
        i: int,
        j: int,
        zone: list[str | None],
        road: npt.NDArray[np.int64],
        sail: npt.NDArray[np.int64],
        pier_ids: list[str],
        n: int,
    ) -> int:
        zi, zj = zone[i], zone[j]
        if zi == zj:
            if zi is not None and self.zones[zi].access == "charter":
                return 0 if road[i, j] == 0 else int(sail[i, j]) + ROAD_STOP_MINUTES
            return int(road[i, j])
        inner, outer, outbound = (j, i, True) if zi is None else (i, j, False)
        zin = zone[inner]
        if (zi is not None and zj is not None) or zin is None:
            return UNREACHABLE
        z = self.zones[zin]
        if z.access != "charter":
            return UNREACHABLE
        best = UNREACHABLE
        for pid in z.charter_piers:
            if pid not in pier_ids:
                continue
            k = n + pier_ids.index(pid)
            by_road = road[outer, k] if outbound else road[k, outer]
            best = min(
                best, int(by_road) + CHARTER_BOARDING_MINUTES + int(sail[k, inner])
            )
        return best

    def mode_between(self, a: Position, b: Position) -> str:
        """How a leg travels: the road mode, ``boat`` inside a bay, ``<mode>+boat``."""
        if a.zone == b.zone:
            if a.zone is not None and self.zones[a.zone].access == "charter":
                return "boat"
            return self.mode
        return f"{self.mode}+boat"


VEHICLE_DAY_VND: dict[str, int] = {
    "car": 1_500_000,
    "coach": 4_500_000,
    "motorbike": 150_000,
}
"""Road vehicle hire per day with driver (car up to 6 seats, coach up to 45), or per
motorbike (two riders each); sample rates for budgeting, from 2025 Quang Ninh offers."""


def vehicle_cost_per_day(mode: str, party: int) -> int:
    """Road transport for the party for one day, in VND."""
    if mode == "motorbike":
        return VEHICLE_DAY_VND["motorbike"] * ((party + 1) // 2)
    return VEHICLE_DAY_VND[mode]
