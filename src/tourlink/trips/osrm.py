"""Road durations from an OSRM server (used only when configured).

The car durations of OSRM's ``table`` service replace the great-circle road estimate,
scaled by the speed ratio for coaches and motorbikes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import httpx

from tourlink.core.geo import GeoPoint

from .road import SPEED_KMH


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
