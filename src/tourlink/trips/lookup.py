"""Where and when a catalogue entry is: its position, its opening hours, names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import time

from tourlink.catalog import AnyEntryT

from .travel import Position, location_of

DEFAULT_OPENING = "Mo-Su 08:00-17:30"
"""Assumed opening hours of a place or experience that gives none."""


def minute(t: time) -> int:
    """Minutes from midnight."""
    return t.hour * 60 + t.minute


def entry_name(entries: Mapping[str, AnyEntryT], entry_id: str) -> str:
    """The entry's English name (its id when unknown)."""
    e = entries.get(entry_id)
    return e.name.localize("en") if e is not None else entry_id


def point_of(entry: AnyEntryT, entries: Mapping[str, AnyEntryT]) -> Position | None:
    """The entry's position, else its place's; ``None`` without a location."""
    point = location_of(entry)
    parent = getattr(entry, "place_id", None)
    if point is None and parent and parent in entries:
        point = location_of(entries[parent])
    return None if point is None else Position(point)


def position_at(
    entry: AnyEntryT, entries: Mapping[str, AnyEntryT], zone: str | None
) -> Position:
    """The entry's position in ``zone``; ``ValueError`` without a location."""
    pos = point_of(entry, entries)
    if pos is None:
        msg = f"{entry.id} has no location"
        raise ValueError(msg)
    return replace(pos, zone=zone)


def opening_of(entry: AnyEntryT, entries: Mapping[str, AnyEntryT]) -> str:
    """Opening hours: the entry's, else its place's, else ``DEFAULT_OPENING``."""
    if entry.opening_hours:
        return entry.opening_hours
    parent = getattr(entry, "place_id", None)
    if parent and parent in entries and entries[parent].opening_hours:
        return str(entries[parent].opening_hours)
    return DEFAULT_OPENING


def merge_windows(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted windows with overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for o, c in sorted(windows):
        if out and o <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], c))
        else:
            out.append((o, c))
    return out
