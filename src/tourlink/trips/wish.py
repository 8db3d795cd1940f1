"""What a traveller asks for: ``TripWish``, validated field by field.

A Japanese couple landing at Van Don at 10:30 on 2 March for three days, leaving from
Hanoi by 18:00, keen on caves and performances, halal food not needed::

    TripWish(
        start_date=date(2027, 3, 2), days=3,
        arrival=Endpoint(point="van-don-airport", time=time(10, 30), by="flight"),
        departure=Endpoint(point="noi-bai-airport", time=time(18, 0), by="flight"),
        party=Party(adults=2), interests={"caves": 5, "performances": 4},
        language="ja",
    )

Points, must-see and never items are catalogue ids; the service resolves names typed in
any language (with or without diacritics) into ids before planning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tourlink.catalog.kinds import Tag
from tourlink.core.errors import FieldError, InvalidInputError
from tourlink.core.i18n import Lang

Pace = Literal["relaxed", "normal", "packed"]
Dietary = Literal["none", "halal", "vegetarian"]
Arrival = Literal["flight", "road", "boat", "train"]
Vehicle = Literal["car", "coach", "motorbike"]
Interest = Literal[
    "caves",
    "heritage",
    "crafts",
    "nature",
    "beaches",
    "food",
    "nightlife",
    "performances",
    "spiritual",
    "adventure",
    "history",
    "islands",
    "photography",
    "shopping",
    "architecture",
]
"""Interests a traveller can weigh; each is the catalogue tag of the same name."""

MAX_DAYS = 7
MAX_PARTY = 40


@dataclass(frozen=True)
class PaceRules:
    """What a pace means for a day.

    Parameters
    ----------
    visits_per_day
        At most this many sights per day (shows and meals not counted).
    buffer_minutes
        Slack after every sight (photos, toilets, getting lost).
    day_start, day_end
        When a full day starts at the hotel and must end back at one.
    """

    visits_per_day: int
    buffer_minutes: int
    day_start: time
    day_end: time


PACES: dict[str, PaceRules] = {
    "relaxed": PaceRules(3, 30, time(9, 0), time(22, 0)),
    "normal": PaceRules(4, 15, time(8, 0), time(22, 30)),
    "packed": PaceRules(6, 10, time(7, 0), time(23, 0)),
}
"""The three paces; a show in the evening fits every pace (sessions end by 21:30)."""

ARRIVAL_BUFFER_MINUTES: dict[str, int] = {
    "flight": 45,
    "train": 15,
    "boat": 10,
    "road": 0,
}
"""Time from the arrival time until the party can leave the point (baggage, pick-up)."""

DEPARTURE_BUFFER_MINUTES: dict[str, int] = {
    "flight": 120,
    "train": 30,
    "boat": 30,
    "road": 0,
}
"""Time before the departure time by which the party must be at the point (check-in)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Endpoint(_Model):
    """Where and when the trip starts or ends: a catalogue id (or a name to resolve),
    a local time and how the traveller arrives or leaves."""

    point: Annotated[str, Field(min_length=2, max_length=200)]
    time: time
    by: Arrival = "road"


class Party(_Model):
    """Who travels: adults, children (under 12) and seniors (65+)."""

    adults: Annotated[int, Field(ge=0, le=MAX_PARTY)] = 1
    children: Annotated[int, Field(ge=0, le=MAX_PARTY)] = 0
    seniors: Annotated[int, Field(ge=0, le=MAX_PARTY)] = 0

    @model_validator(mode="after")
    def _someone_travels(self) -> Party:
        if self.adults + self.seniors < 1:
            msg = "a party needs at least one adult or senior"
            raise ValueError(msg)
        if self.size > MAX_PARTY:
            msg = f"a party has at most {MAX_PARTY} people (got {self.size}); plan a package instead"
            raise ValueError(msg)
        return self

    @property
    def size(self) -> int:
        """Everyone in the party."""
        return self.adults + self.children + self.seniors

    @property
    def rooms(self) -> int:
        """Hotel rooms needed: two people a room, children included."""
        return (self.size + 1) // 2


class TripWish(_Model):
    """A traveller's request; see the module docstring for an example.

    Parameters
    ----------
    start_date
        The local date of day 1.
    days
        Length of the trip, 1 to 7 days (day 1 is the arrival day).
    arrival, departure
        Where and when the trip begins on day 1 and ends on the last day.
    party
        Who travels.
    interests
        Weights 0–5 per interest; missing interests weigh 1.
    must_see, never
        Catalogue ids (or names) to include for sure, or never.
    pace
        ``relaxed``, ``normal`` or ``packed`` (see :data:`PACES`).
    budget_per_person_vnd
        Everything included (tickets, meals, hotels, transport); ``None``: no limit.
    dietary
        ``halal`` or ``vegetarian`` meal stops, or ``none``.
    wheelchair
        Only places, restaurants and hotels tagged ``wheelchair_accessible``.
    language
        The traveller's language for names and explanations.
    vehicle
        Road vehicle; by default a car up to 6 people and a coach beyond.
    """

    start_date: date
    days: Annotated[int, Field(ge=1, le=MAX_DAYS)]
    arrival: Endpoint
    departure: Endpoint
    party: Party = Field(default_factory=Party)
    interests: dict[Interest, Annotated[int, Field(ge=0, le=5)]] = Field(
        default_factory=dict
    )
    must_see: tuple[Annotated[str, Field(min_length=2, max_length=200)], ...] = ()
    never: tuple[Annotated[str, Field(min_length=2, max_length=200)], ...] = ()
    pace: Pace = "normal"
    budget_per_person_vnd: Annotated[int, Field(ge=0, le=10_000_000_000)] | None = None
    dietary: Dietary = "none"
    wheelchair: bool = False
    language: Lang = "en"
    vehicle: Vehicle | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TripWish:
        both = set(self.must_see) & set(self.never)
        if both:
            msg = f"{', '.join(sorted(both))} cannot be both a must-see and never"
            raise ValueError(msg)
        if len(set(self.must_see)) != len(self.must_see):
            msg = "must_see items must not repeat"
            raise ValueError(msg)
        return self

    @property
    def rules(self) -> PaceRules:
        """The pace's rules."""
        return PACES[self.pace]

    @property
    def road_vehicle(self) -> Vehicle:
        """The road vehicle: the wish's, else a car up to 6 people and a coach beyond."""
        if self.vehicle is not None:
            return self.vehicle
        return "car" if self.party.size <= 6 else "coach"

    def weight(self, tag: Tag | str) -> int:
        """The traveller's weight for an interest tag (1 when not given, 0 if not one)."""
        key = str(tag)
        if key not in INTEREST_TAGS:
            return 0
        return self.interests.get(key, 1)  # type: ignore[call-overload,no-any-return]

    @classmethod
    def parse(cls, raw: Any) -> TripWish:
        """Validate a raw mapping (an API body); raise ``InvalidInputError`` per field.

        Raises
        ------
        InvalidInputError
            With code ``invalid_wish`` and one ``FieldError`` per broken rule, e.g.
            ``days: Input should be less than or equal to 7``.
        """
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            errors = [
                FieldError(
                    tuple(err["loc"]),
                    str(err["msg"]).removeprefix("Value error, "),
                    str(err["type"]),
                    "wish",
                )
                for err in exc.errors(include_url=False)
            ]
            first = errors[0]
            raise InvalidInputError(
                f"the trip wish is invalid: {first.dotted or 'wish'}: {first.message}",
                code="invalid_wish",
                field=first.dotted or None,
                errors=errors,
            ) from None


INTEREST_TAGS: frozenset[str] = frozenset(Interest.__args__)  # type: ignore[attr-defined]
"""The tags a traveller can weigh."""
