"""Experiences: what a visitor attends or books at a place."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from tourlink.core.i18n import Lang

from .entries import Entry, Price, parse_clock_time
from .kinds import EntryType, ExperienceKind


class Experience(Entry):
    """Something to attend or book at a place, with sessions or opening hours.

    The art performance staged inside a cave of the Vung Duc area runs in sessions at
    19:00 and 20:30 for up to 60 people each; a kayak trip in Lan Ha Bay follows the
    operator's opening hours instead.
    """

    type: Literal[EntryType.EXPERIENCE] = EntryType.EXPERIENCE
    kind: ExperienceKind
    place_id: str | None = None
    duration_minutes: Annotated[int, Field(ge=5, le=7 * 24 * 60)]
    sessions: tuple[time, ...] = ()
    """Local start times of the sessions, when it runs in sessions."""
    capacity_per_session: Annotated[int, Field(ge=1, le=100_000)] | None = None
    prices: tuple[Price, ...] = ()
    languages_offered: tuple[Lang, ...] = ()
    night_time: bool = False
    provider_id: str | None = None

    @field_validator("sessions", mode="before")
    @classmethod
    def _parse_sessions(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(
                parse_clock_time(v) if isinstance(v, str) else v for v in value
            )
        return value

    @model_validator(mode="after")
    def _sessions_sorted(self) -> Experience:
        if list(self.sessions) != sorted(set(self.sessions)):
            msg = "sessions must be distinct and in time order"
            raise ValueError(msg)
        return self
