"""Geography helpers: WGS84 points and great-circle distances."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), used for great-circle distances."""


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS84 position, e.g. Ngoc Rong cave at (20.99, 107.28)."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not -90.0 <= self.lat <= 90.0:
            msg = f"latitude must be between -90 and 90 (got {self.lat})"
            raise ValueError(msg)
        if not -180.0 <= self.lon <= 180.0:
            msg = f"longitude must be between -180 and 180 (got {self.lon})"
            raise ValueError(msg)


def haversine_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp = p2 - p1
    dl = math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
