"""What every catalogue entry shares: identity, multilingual texts, location, sources, media.

A catalogue entry is one thing a visitor can look up: a place (Thien Cung cave), an
experience (the art performance staged inside it), an event (the Ha Long Carnaval), a
provider (a hotel in Cat Ba) or a transport link (the Cai Rong – Co To ferry). Real entries
cite their sources; anything invented for demonstration (a sample hotel's price) carries
``sample=True`` and is shown as sample everywhere.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Literal

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from tourlink.core.geo import GeoPoint
from tourlink.core.i18n import I18nText, Lang

from . import opening_hours
from .kinds import EntryType, MediaKind, Province, Tag

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Entry ids are lowercase ASCII slugs: ``ngoc-rong-cave``."""

Slug = Annotated[
    str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80)
]
REQUIRED_NAME_LANGUAGES: tuple[Lang, ...] = ("vi", "en")
"""Every entry has at least a Vietnamese and an English name."""


class Model(BaseModel):
    """Base for catalogue values: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(Model):
    """Where a fact comes from: a Wikipedia article, a Wikidata item, an official page."""

    title: Annotated[str, StringConstraints(min_length=2, max_length=300)]
    url: AnyHttpUrl | None = None
    kind: Literal[
        "wikipedia", "wikidata", "openstreetmap", "official", "unesco", "other"
    ] = "other"


class Media(Model):
    """An image, a 360° panorama or a 3D model attached to an entry."""

    kind: MediaKind
    url: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    caption: I18nText = Field(default_factory=I18nText)
    credit: str | None = None
    license: str | None = None


class Price(Model):
    """A price for one unit type, in Vietnamese dong (``adult: 290000``)."""

    unit: Literal[
        "adult", "child", "senior", "group", "person", "room_night", "vehicle"
    ] = "adult"
    amount_vnd: Annotated[int, Field(ge=0, le=1_000_000_000)]
    note: I18nText = Field(default_factory=I18nText)


class Location(Model):
    """A WGS84 position (lat, lon) with an optional multilingual address."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    address: I18nText = Field(default_factory=I18nText)
    approximate: bool = False
    """True when the position of a real place has not yet been confirmed against a
    source to within about 500 m (pages say so next to the map; see docs/data.md)."""

    @property
    def point(self) -> GeoPoint:
        return GeoPoint(self.lat, self.lon)


class Entry(Model):
    """Fields common to every catalogue entry."""

    type: EntryType
    id: Slug
    name: I18nText
    description: I18nText = Field(default_factory=I18nText)
    story: I18nText = Field(default_factory=I18nText)
    province: Province | None = None
    location: Location | None = None
    tags: tuple[Tag, ...] = ()
    media: tuple[Media, ...] = ()
    sources: tuple[Source, ...] = ()
    website: AnyHttpUrl | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{6,24}$")] | None = (
        None
    )
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[0-9]+$")] | None = None
    opening_hours: str | None = None
    sample: bool = False
    """True for anything invented (prices, capacities, sample businesses)."""

    @field_validator("name")
    @classmethod
    def _name_in_required_languages(cls, value: I18nText) -> I18nText:
        missing = [lang for lang in REQUIRED_NAME_LANGUAGES if lang not in value]
        if missing:
            msg = f"name needs a text in {', '.join(missing)}"
            raise ValueError(msg)
        return value

    @field_validator("opening_hours")
    @classmethod
    def _opening_hours_parse(cls, value: str | None) -> str | None:
        if value is not None:
            opening_hours.validate(value)
        return value

    @field_validator("tags")
    @classmethod
    def _tags_unique(cls, value: tuple[Tag, ...]) -> tuple[Tag, ...]:
        if len(set(value)) != len(value):
            msg = "tags must not repeat"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _real_entries_cite_sources(self) -> Entry:
        if not self.sample and not self.sources:
            msg = "a real entry needs at least one source (or mark it sample: true)"
            raise ValueError(msg)
        return self

    def languages(self) -> tuple[Lang, ...]:
        """Languages in which the entry has both a name and a description."""
        return tuple(lang for lang in self.description.languages() if lang in self.name)

    def searchable_texts(self) -> list[str]:
        """Every text a full-text index should see, in all languages."""
        texts: list[str] = [*self.name.texts(), *self.description.texts()]
        if self.location is not None:
            texts.extend(self.location.address.texts())
        return texts


def parse_clock_time(value: str | time) -> time:
    """Parse ``"19:00"`` into a ``time``; accepts a ``time`` as is."""
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not match:
        msg = f"expected a time as HH:MM (got {value!r})"
        raise ValueError(msg)
    return time(int(match.group(1)), int(match.group(2)))
