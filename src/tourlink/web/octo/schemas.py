# ruff: noqa: N815 - field names are the OCTo wire names (camelCase)
"""OCTo request bodies (pydantic), with limits so oversized input is refused early.

Field names follow the OCTo specification (camelCase). Unknown fields are ignored, as the
specification asks of suppliers. Numbers and flags must be JSON numbers and booleans:
``"2"`` or ``true`` as a quantity is a bad request, not read as a count.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

Id = Annotated[str, Field(min_length=1, max_length=100)]
Text = Annotated[str, Field(max_length=255)]
Notes = Annotated[str, Field(max_length=2000)]
MAX_UNIT_ITEMS = 200


class OctoIn(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AvailabilityUnitIn(OctoIn):
    id: Id
    quantity: StrictInt = Field(ge=-1000, le=10_000)


class AvailabilityCalendarIn(OctoIn):
    productId: Id
    optionId: Id
    localDateStart: date
    localDateEnd: date
    units: list[AvailabilityUnitIn] | None = Field(default=None, max_length=50)


class AvailabilityCheckIn(OctoIn):
    productId: Id
    optionId: Id
    localDateStart: date | None = None
    localDateEnd: date | None = None
    availabilityIds: list[Id] | None = Field(default=None, max_length=500)
    units: list[AvailabilityUnitIn] | None = Field(default=None, max_length=50)


class ContactIn(OctoIn):
    fullName: Text | None = None
    firstName: Text | None = None
    lastName: Text | None = None
    emailAddress: Text | None = None
    phoneNumber: Annotated[str, Field(max_length=40)] | None = None
    locales: list[Annotated[str, Field(max_length=35)]] = Field(
        default_factory=list, max_length=10
    )
    postalCode: Annotated[str, Field(max_length=20)] | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    notes: Notes | None = None


class UnitItemIn(OctoIn):
    uuid: Id | None = None
    unitId: Id
    resellerReference: Text | None = None
    contact: ContactIn | None = None


class ReservationIn(OctoIn):
    uuid: Id | None = None
    productId: Id
    optionId: Id
    availabilityId: Id | None = None
    expirationMinutes: StrictInt | None = Field(default=None, ge=1, le=24 * 60)
    notes: Notes | None = None
    unitItems: list[UnitItemIn] = Field(max_length=MAX_UNIT_ITEMS)
    resellerReference: Text | None = None
    contact: ContactIn | None = None
    orderId: Id | None = None


class ConfirmationIn(OctoIn):
    resellerReference: Text | None = None
    contact: ContactIn
    unitItems: list[UnitItemIn] | None = Field(default=None, max_length=MAX_UNIT_ITEMS)
    emailReceipt: StrictBool = False


class ExtendIn(OctoIn):
    expirationMinutes: StrictInt | None = Field(default=None, ge=1, le=24 * 60)


class UpdateIn(OctoIn):
    resellerReference: Text | None = None
    productId: Id | None = None
    optionId: Id | None = None
    availabilityId: Id | None = None
    expirationMinutes: StrictInt | None = Field(default=None, ge=1, le=24 * 60)
    notes: Notes | None = None
    unitItems: list[UnitItemIn] | None = Field(default=None, max_length=MAX_UNIT_ITEMS)
    contact: ContactIn | None = None


class CancellationIn(OctoIn):
    reason: Notes | None = None
    force: StrictBool = False


class OrderIn(OctoIn):
    expirationMinutes: StrictInt | None = Field(default=None, ge=1, le=24 * 60)
    contact: ContactIn | None = None


class OrderConfirmIn(OctoIn):
    contact: ContactIn | None = None
    resellerReference: Text | None = None
