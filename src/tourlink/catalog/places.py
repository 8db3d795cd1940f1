"""Places: bays, caves, pagodas, relic sites, museums, craft villages, beaches, hubs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .entries import Entry, Price
from .kinds import EntryType, PlaceKind


class Place(Entry):
    """A real place a visitor can go to.

    Ngoc Rong cave in the Vung Duc relic and scenic area of Cam Pha is a ``cave`` in
    Quang Ninh, open daily, with an admission price per adult and a typical visit of an hour.
    """

    type: Literal[EntryType.PLACE] = EntryType.PLACE
    kind: PlaceKind
    parent_id: str | None = None
    """The place this one lies within (Sung Sot cave → Ha Long Bay)."""
    admission: tuple[Price, ...] = ()
    visit_minutes: Annotated[int, Field(ge=5, le=24 * 60)] | None = None
    """A typical visit's length, for planning."""
    popularity: Annotated[float, Field(ge=0, le=1)] = 0.5
    """0..1, how sought-after the place is (planner scoring)."""
