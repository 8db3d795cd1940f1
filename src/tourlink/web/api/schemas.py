"""Response and request schemas of the JSON API, named by role (``PlaceOut``, ``EntryPage``).

Texts come in the requested language (``name``, ``description``, ``story``) and, for
clients that show several languages, as full dictionaries (``name_i18n``, ...). Every
entry carries ``sample`` (true for invented demonstration data) and ``sources``.
"""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Schema(BaseModel):
    model_config = ConfigDict(frozen=True)


class LocationOut(Schema):
    lat: float
    lon: float
    address: str | None = None
    address_i18n: dict[str, str] = Field(default_factory=dict)


class SourceOut(Schema):
    title: str
    url: str | None = None
    kind: str


class MediaOut(Schema):
    kind: str
    url: str
    caption: str | None = None
    credit: str | None = None
    license: str | None = None


class PriceOut(Schema):
    unit: str
    amount_vnd: int
    note: str | None = None


class LinksOut(Schema):
    self: str
    page: str


class EntryOut(Schema):
    """Fields every catalogue entry has, rendered in one language."""

    id: str
    type: str
    kind: str
    kind_label: str
    language: str = Field(description="The language `name` and `description` are in.")
    name: str
    description: str | None = None
    story: str | None = None
    name_i18n: dict[str, str]
    description_i18n: dict[str, str] = Field(default_factory=dict)
    story_i18n: dict[str, str] = Field(default_factory=dict)
    languages: list[str] = Field(
        description="Languages with both a name and a description."
    )
    province: str | None = None
    province_name: str | None = None
    location: LocationOut | None = None
    tags: list[str] = Field(default_factory=list)
    media: list[MediaOut] = Field(default_factory=list)
    sources: list[SourceOut] = Field(default_factory=list)
    website: str | None = None
    phone: str | None = None
    wikidata: str | None = None
    opening_hours: str | None = None
    sample: bool = Field(description="True for invented demonstration data.")
    distance_km: float | None = None
    links: LinksOut


class PlaceOut(EntryOut):
    type: Literal["place"] = "place"
    parent_id: str | None = None
    admission: list[PriceOut] = Field(default_factory=list)
    visit_minutes: int | None = None
    popularity: float = 0.5


class ExperienceOut(EntryOut):
    type: Literal["experience"] = "experience"
    place_id: str | None = None
    provider_id: str | None = None
    duration_minutes: int
    sessions: list[str] = Field(default_factory=list, description="Local HH:MM.")
    capacity_per_session: int | None = None
    prices: list[PriceOut] = Field(default_factory=list)
    languages_offered: list[str] = Field(default_factory=list)
    night_time: bool = False


class DateRangeOut(Schema):
    start: str
    end: str


class EventOut(EntryOut):
    type: Literal["event"] = "event"
    place_id: str | None = None
    occurrences: list[DateRangeOut]
    recurrence: str | None = None


class ProviderOut(EntryOut):
    type: Literal["provider"] = "provider"
    place_id: str | None = None
    cuisines: list[str] = Field(default_factory=list)
    dietary: list[str] = Field(default_factory=list)
    stars: int | None = None
    prices: list[PriceOut] = Field(default_factory=list)
    capacity: int | None = None


class DepartureOut(Schema):
    time: str
    days: str


class TransportLinkOut(EntryOut):
    type: Literal["transport_link"] = "transport_link"
    mode: str
    from_id: str
    to_id: str
    operator_id: str | None = None
    duration_minutes: int
    departures: list[DepartureOut] = Field(default_factory=list)
    frequency_note: str | None = None
    prices: list[PriceOut] = Field(default_factory=list)


AnyEntryOut = Annotated[
    PlaceOut | ExperienceOut | EventOut | ProviderOut | TransportLinkOut,
    Field(discriminator="type"),
]

ItemT = TypeVar("ItemT")


class EntryPage(Schema, Generic[ItemT]):
    """One page of results: ``total`` counts every match, not only this page."""

    items: list[ItemT]
    total: int
    limit: int
    offset: int


class PlacePage(EntryPage[PlaceOut]):
    pass


class ExperiencePage(EntryPage[ExperienceOut]):
    pass


class EventPage(EntryPage[EventOut]):
    pass


class ProviderPage(EntryPage[ProviderOut]):
    pass


class TransportLinkPage(EntryPage[TransportLinkOut]):
    pass


class SearchResultPage(EntryPage[AnyEntryOut]):
    pass


class TokenIn(Schema):
    """Credentials exchanged for a bearer token."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: Annotated[str, Field(min_length=3, max_length=320)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class TokenOut(Schema):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")
    role: str


class ProblemFieldOut(Schema):
    pointer: str = Field(description="JSON Pointer into the request: /body/name/vi.")
    field: str = Field(description="Dotted field path: name.vi.")
    message: str
    code: str | None = None


class ProblemOut(Schema):
    """An RFC 9457 problem detail (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str
    errors: list[ProblemFieldOut] = Field(default_factory=list)
