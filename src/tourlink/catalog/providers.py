"""Providers: accommodation, restaurants, transport and tour operators."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .entries import Entry, Price
from .kinds import Dietary, EntryType, ProviderKind


class Provider(Entry):
    """A business that sells a bed, a meal or a ride.

    A halal restaurant in Ha Long lists ``dietary: [halal]`` and its cuisines; a hotel
    lists its star rating and a nightly price.
    """

    type: Literal[EntryType.PROVIDER] = EntryType.PROVIDER
    kind: ProviderKind
    place_id: str | None = None
    cuisines: tuple[str, ...] = ()
    dietary: tuple[Dietary, ...] = ()
    stars: Annotated[int, Field(ge=1, le=5)] | None = None
    prices: tuple[Price, ...] = ()
    capacity: Annotated[int, Field(ge=1, le=100_000)] | None = None
