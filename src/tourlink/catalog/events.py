"""Events: festivals, exhibitions and performance seasons with dates."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from tourlink.core.i18n import I18nText

from .entries import Entry, Model
from .kinds import EntryType, EventKind


class DateRange(Model):
    """Inclusive dates of one occurrence (``2027-02-16`` to ``2027-05-31``)."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            msg = f"end ({self.end}) is before start ({self.start})"
            raise ValueError(msg)
        return self


class Event(Entry):
    """A dated happening, e.g. the Yen Tu spring festival from the 10th day of the first
    lunar month; ``recurrence`` states the rule in words, ``occurrences`` the solar dates."""

    type: Literal[EntryType.EVENT] = EntryType.EVENT
    kind: EventKind
    place_id: str | None = None
    occurrences: tuple[DateRange, ...] = Field(min_length=1)
    recurrence: I18nText = Field(default_factory=I18nText)
