"""Boat-only zones: which island (or bay) a catalogue entry lies in.

Islands are reached only by boat. An :class:`IslandZone` lists the entries on an island
(by id, by ``parent_id``/``place_id`` chain, or within a radius of its centre). A
*charter* zone (places inside Ha Long Bay) is reached by boats on demand from its piers;
a *scheduled* zone (Co To, Cat Ba, Quan Lan) only by the catalogue's timetabled links.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tourlink.catalog import AnyEntryT, Experience, ExperienceKind, Place, PlaceKind
from tourlink.core.geo import GeoPoint, haversine_km

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
