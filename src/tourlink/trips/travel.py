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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tourlink.core.geo import GeoPoint

from .crossings import PIER_BUFFER_MINUTES as PIER_BUFFER_MINUTES
from .crossings import BoatLeg as BoatLeg
from .crossings import Crossing as Crossing
from .crossings import boat_leg as boat_leg
from .crossings import crossings as crossings
from .osrm import OsrmRouting as OsrmRouting
from .osrm import RoutingError as RoutingError
from .road import DETOUR_FACTOR as DETOUR_FACTOR
from .road import ROAD_STOP_MINUTES, SPEED_KMH, GreatCircleRouting, km_matrix
from .road import VEHICLE_DAY_VND as VEHICLE_DAY_VND
from .road import road_minutes as road_minutes
from .road import vehicle_cost_per_day as vehicle_cost_per_day
from .zones import BOAT_KINDS as BOAT_KINDS
from .zones import DEFAULT_ZONES, IslandZone
from .zones import location_of as location_of
from .zones import zone_of as zone_of

__all__ = [
    "BOAT_KINDS",
    "CHARTER_BOARDING_MINUTES",
    "CHARTER_BOAT_KMH",
    "DEFAULT_ZONES",
    "DETOUR_FACTOR",
    "PIER_BUFFER_MINUTES",
    "ROAD_STOP_MINUTES",
    "SPEED_KMH",
    "UNREACHABLE",
    "VEHICLE_DAY_VND",
    "BoatLeg",
    "Crossing",
    "GreatCircleRouting",
    "IslandZone",
    "OsrmRouting",
    "Position",
    "RoutingError",
    "TravelModel",
    "boat_leg",
    "boat_minutes",
    "crossings",
    "location_of",
    "road_minutes",
    "vehicle_cost_per_day",
    "zone_of",
]

CHARTER_BOAT_KMH = 18.0
"""Tour boats and chartered boats inside Ha Long Bay."""
CHARTER_BOARDING_MINUTES = 20
"""Ticketing and boarding a tour boat at the pier."""
UNREACHABLE = 100_000
"""Minutes standing for "cannot go there directly" (longer than any trip)."""


def boat_minutes(km: float) -> int:
    """Sailing minutes on a tour boat over ``km`` great-circle kilometres."""
    return math.ceil(km / CHARTER_BOAT_KMH * 60)


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
        km = km_matrix(points)
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
