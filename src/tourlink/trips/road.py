"""Road legs and road vehicles.

**Road legs** take ``great-circle km × DETOUR_FACTOR / speed``, rounded up to whole
minutes, plus ``ROAD_STOP_MINUTES`` to park and walk in when the points differ.
``DETOUR_FACTOR = 1.35`` is the usual ratio of road to straight-line distance on the
region's expressways and provincial roads; speeds are door-to-door averages including
town traffic: car 50 km/h, coach 42 km/h, motorbike 35 km/h.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tourlink.core.geo import EARTH_RADIUS_KM, GeoPoint, haversine_km

DETOUR_FACTOR = 1.35
"""Road distance over great-circle distance."""
SPEED_KMH: dict[str, float] = {"car": 50.0, "coach": 42.0, "motorbike": 35.0}
"""Average door-to-door road speeds."""
ROAD_STOP_MINUTES = 5
"""Parking and walking in, added to every road leg between distinct points."""


def road_minutes(a: GeoPoint, b: GeoPoint, mode: str = "car") -> int:
    """Minutes by road from ``a`` to ``b`` under the great-circle assumption.

    >>> road_minutes(GeoPoint(20.95, 107.08), GeoPoint(20.95, 107.08))
    0
    """
    km = haversine_km(a, b)
    if km < 0.05:
        return 0
    return math.ceil(km * DETOUR_FACTOR / SPEED_KMH[mode] * 60) + ROAD_STOP_MINUTES


def km_matrix(points: Sequence[GeoPoint]) -> npt.NDArray[np.float64]:
    """Great-circle kilometres between every pair of ``points``."""
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
        km = km_matrix(points)
        minutes = np.ceil(km * DETOUR_FACTOR / SPEED_KMH[mode] * 60) + ROAD_STOP_MINUTES
        minutes[km < 0.05] = 0
        return [[int(x) for x in row] for row in minutes]


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
