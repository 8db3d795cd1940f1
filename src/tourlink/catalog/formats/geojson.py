"""GeoJSON (RFC 7946) for catalogue entries: the map layer and the export format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..loader import AnyEntryT
from ..search import entry_kind
from ..transport import TransportLink


def _position(entry: AnyEntryT | None) -> list[float] | None:
    if entry is None or entry.location is None:
        return None
    return [entry.location.lon, entry.location.lat]


def to_geojson_feature(
    entry: AnyEntryT,
    language: str = "en",
    *,
    resolve: Callable[[str], AnyEntryT | None] | None = None,
) -> dict[str, Any] | None:
    """A GeoJSON Feature for ``entry``, or ``None`` when it has no position.

    A located entry is a ``Point`` (``[lon, lat]``, as RFC 7946 orders them); a transport
    link without a location of its own becomes a ``LineString`` between its ends when
    ``resolve`` (an id → entry lookup) finds both located. Properties: ``id``, ``type``,
    ``kind``, ``name`` (in ``language``), ``province``, ``sample`` and ``approximate`` (a
    position not yet confirmed against a source).
    """
    geometry: dict[str, Any] | None = None
    point = _position(entry)
    if point is not None:
        geometry = {"type": "Point", "coordinates": point}
    elif isinstance(entry, TransportLink) and resolve is not None:
        ends = [_position(resolve(entry.from_id)), _position(resolve(entry.to_id))]
        if ends[0] is not None and ends[1] is not None:
            geometry = {"type": "LineString", "coordinates": ends}
    if geometry is None:
        return None
    return {
        "type": "Feature",
        "id": entry.id,
        "geometry": geometry,
        "properties": {
            "id": entry.id,
            "type": entry.type.value,
            "kind": entry_kind(entry),
            "name": entry.name.localize(language),
            "province": entry.province.value if entry.province else None,
            "sample": entry.sample,
            "approximate": entry.location is not None and entry.location.approximate,
        },
    }


def to_geojson(
    entries: Iterable[AnyEntryT],
    language: str = "en",
    *,
    resolve: Callable[[str], AnyEntryT | None] | None = None,
) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` of the entries that have a position.

    Without ``resolve``, transport links are resolved against ``entries`` themselves.
    """
    items = list(entries)
    if resolve is None:
        by_id = {e.id: e for e in items}
        resolve = by_id.get
    features = [
        feature
        for entry in items
        if (feature := to_geojson_feature(entry, language, resolve=resolve)) is not None
    ]
    return {"type": "FeatureCollection", "features": features}
