"""Entries as plain JSON-compatible data: the export format and the SQL stores' document."""

from __future__ import annotations

from typing import Any

from ..experiences import Experience
from ..loader import AnyEntryT
from ..transport import TransportLink


def entry_to_data(entry: AnyEntryT) -> dict[str, Any]:
    """The entry as JSON-compatible data that :func:`~tourlink.catalog.parse_entry` reads back.

    Default values are left out (as in a hand-written data file), ``type`` and ``id`` come
    first and clock times are written ``HH:MM``.

    >>> from tourlink.catalog import parse_entry
    >>> raw = {"type": "place", "id": "x-cave", "kind": "cave", "sample": True,
    ...        "name": {"vi": "Hang X", "en": "X Cave"}}
    >>> entry_to_data(parse_entry(raw))
    {'type': 'place', 'id': 'x-cave', 'kind': 'cave', 'name': {'vi': 'Hang X', 'en': 'X Cave'}, 'sample': True}
    """
    data: dict[str, Any] = entry.model_dump(mode="json", exclude_defaults=True)
    data.pop("type", None)
    out: dict[str, Any] = {"type": entry.type.value, "id": data.pop("id")}
    for key in ("kind", "mode"):
        if key in data:
            out[key] = data.pop(key)
    out.update(data)
    if isinstance(entry, Experience) and entry.sessions:
        out["sessions"] = [t.strftime("%H:%M") for t in entry.sessions]
    if isinstance(entry, TransportLink) and entry.departures:
        for raw, departure in zip(out["departures"], entry.departures, strict=True):
            raw["time"] = departure.time.strftime("%H:%M")
    return out
