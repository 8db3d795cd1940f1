"""Transport links: scheduled legs between hubs (ferries, flights, coaches)."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from tourlink.core.i18n import I18nText

from . import opening_hours
from .entries import Entry, Model, Price, parse_clock_time
from .kinds import EntryType, TransportMode


class Departure(Model):
    """One scheduled departure: a local time and the days it runs (OSM day syntax)."""

    time: time
    days: str = "Mo-Su"
    """Days it runs, in OSM ``opening_hours`` weekday syntax (``Mo-Su``, ``Fr-Su``)."""

    @field_validator("time", mode="before")
    @classmethod
    def _parse_time(cls, value: object) -> object:
        return parse_clock_time(value) if isinstance(value, str) else value

    @field_validator("days")
    @classmethod
    def _days_parse(cls, value: str) -> str:
        opening_hours.validate(f"{value} 00:00-23:59")
        return value


class TransportLink(Entry):
    """A scheduled leg from one hub to another.

    The Cai Rong (Van Don) – Co To speedboats leave several times a day and take about
    an hour; the flight from Van Don to Ho Chi Minh City runs on set days.
    """

    type: Literal[EntryType.TRANSPORT_LINK] = EntryType.TRANSPORT_LINK
    mode: TransportMode
    from_id: str
    to_id: str
    operator_id: str | None = None
    duration_minutes: Annotated[int, Field(ge=1, le=48 * 60)]
    departures: tuple[Departure, ...] = ()
    frequency_note: I18nText = Field(default_factory=I18nText)
    """How often it runs, in words, per language (seasons, weather)."""
    prices: tuple[Price, ...] = ()

    @model_validator(mode="after")
    def _distinct_ends(self) -> TransportLink:
        if self.from_id == self.to_id:
            msg = "from_id and to_id must differ"
            raise ValueError(msg)
        return self
