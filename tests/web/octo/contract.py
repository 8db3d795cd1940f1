"""Pydantic models mirroring the OCTo specification's response types.

Written from the published OCTo types: required fields must be present (nullable ones may
be null), enums must hold one of the specification's values, extra fields are allowed.
``validate(model, data)`` raises on any breach.
"""

# ruff: noqa: N815 - field names are the OCTo wire names
from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict


class Spec(BaseModel):
    model_config = ConfigDict(extra="allow", strict=False)


class AvailabilityStatus(StrEnum):
    AVAILABLE = "AVAILABLE"
    FREESALE = "FREESALE"
    SOLD_OUT = "SOLD_OUT"
    LIMITED = "LIMITED"
    CLOSED = "CLOSED"


class BookingStatus(StrEnum):
    ON_HOLD = "ON_HOLD"
    CONFIRMED = "CONFIRMED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    REDEEMED = "REDEEMED"
    PENDING = "PENDING"
    REJECTED = "REJECTED"


class OrderStatus(StrEnum):
    ON_HOLD = "ON_HOLD"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    PENDING = "PENDING"


class UnitTypeEnum(StrEnum):
    ADULT = "ADULT"
    YOUTH = "YOUTH"
    CHILD = "CHILD"
    INFANT = "INFANT"
    FAMILY = "FAMILY"
    SENIOR = "SENIOR"
    STUDENT = "STUDENT"
    MILITARY = "MILITARY"
    OTHER = "OTHER"


class DeliveryFormat(StrEnum):
    PDF_URL = "PDF_URL"
    QRCODE = "QRCODE"
    CODE128 = "CODE128"
    PKPASS_URL = "PKPASS_URL"
    AZTECCODE = "AZTECCODE"


class DeliveryMethod(StrEnum):
    VOUCHER = "VOUCHER"
    TICKET = "TICKET"


class RedemptionMethod(StrEnum):
    DIGITAL = "DIGITAL"
    PRINT = "PRINT"
    MANIFEST = "MANIFEST"


class Refund(StrEnum):
    FULL = "FULL"
    PARTIAL = "PARTIAL"
    NONE = "NONE"


class ContactField(StrEnum):
    FIRST_NAME = "firstName"
    LAST_NAME = "lastName"
    EMAIL_ADDRESS = "emailAddress"
    PHONE_NUMBER = "phoneNumber"
    COUNTRY = "country"
    NOTES = "notes"
    LOCALES = "locales"
    ALLOW_MARKETING = "allowMarketing"
    POSTAL_CODE = "postalCode"


class DurationUnit(StrEnum):
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"


class SupplierContact(Spec):
    website: str | None
    email: str | None
    telephone: str | None
    address: str | None


class Supplier(Spec):
    id: str
    name: str
    endpoint: str
    contact: SupplierContact


class Capability(Spec):
    id: str
    revision: int
    required: bool
    dependencies: list[str]
    docs: str | None


class UnitRestrictions(Spec):
    minAge: int
    maxAge: int
    idRequired: bool
    minQuantity: int | None
    maxQuantity: int | None
    paxCount: int
    accompaniedBy: list[str]


class Unit(Spec):
    id: str
    internalName: str
    reference: str | None
    type: UnitTypeEnum
    restrictions: UnitRestrictions
    requiredContactFields: list[ContactField]


class OptionRestrictions(Spec):
    minUnits: int | None
    maxUnits: int | None


class Option(Spec):
    id: str
    default: bool
    internalName: str
    reference: str | None
    availabilityLocalStartTimes: list[str]
    cancellationCutoff: str
    cancellationCutoffAmount: int
    cancellationCutoffUnit: DurationUnit
    requiredContactFields: list[ContactField]
    restrictions: OptionRestrictions
    units: list[Unit]


class Product(Spec):
    id: str
    internalName: str
    reference: str | None
    locale: str
    timeZone: str
    allowFreesale: bool
    instantConfirmation: bool
    instantDelivery: bool
    availabilityRequired: bool
    availabilityType: str
    deliveryFormats: list[DeliveryFormat]
    deliveryMethods: list[DeliveryMethod]
    redemptionMethod: RedemptionMethod
    options: list[Option]


class OpeningHours(Spec):
    from_: str | None = None
    to: str


class Availability(Spec):
    id: str
    localDateTimeStart: str
    localDateTimeEnd: str
    utcCutoffAt: str
    allDay: bool
    available: bool
    status: AvailabilityStatus
    vacancies: int | None
    capacity: int | None
    maxUnits: int | None
    openingHours: list[dict[str, Any]]


class AvailabilityCalendar(Spec):
    localDate: str
    available: bool
    status: AvailabilityStatus
    vacancies: int | None
    capacity: int | None
    openingHours: list[dict[str, Any]]


class Contact(Spec):
    fullName: str | None
    firstName: str | None
    lastName: str | None
    emailAddress: str | None
    phoneNumber: str | None
    locales: list[str]
    postalCode: str | None
    country: str | None
    notes: str | None


class DeliveryOption(Spec):
    deliveryFormat: DeliveryFormat
    deliveryValue: str


class Ticket(Spec):
    redemptionMethod: RedemptionMethod
    utcRedeemedAt: str | None
    deliveryOptions: list[DeliveryOption]


class UnitItem(Spec):
    uuid: str
    resellerReference: str | None
    supplierReference: str | None
    unitId: str
    status: BookingStatus
    utcRedeemedAt: str | None
    contact: Contact
    ticket: Ticket | None


class BookingCancellation(Spec):
    refund: Refund
    reason: str | None
    utcCancelledAt: str


class Booking(Spec):
    id: str
    uuid: str
    testMode: bool
    resellerReference: str | None
    supplierReference: str | None
    status: BookingStatus
    utcCreatedAt: str
    utcUpdatedAt: str
    utcExpiresAt: str | None
    utcRedeemedAt: str | None
    utcConfirmedAt: str | None
    productId: str
    optionId: str
    cancellable: bool
    cancellation: BookingCancellation | None
    freesale: bool
    availabilityId: str | None
    availability: Availability | None
    contact: Contact
    notes: str | None
    deliveryMethods: list[DeliveryMethod]
    voucher: Ticket | None
    unitItems: list[UnitItem]


class Order(Spec):
    id: str
    testMode: bool
    supplierReference: str
    settlementMethod: str
    status: OrderStatus
    utcExpiresAt: str | None
    utcConfirmedAt: str | None
    cancellable: bool
    bookings: list[Booking]
    contact: Contact


OCTO_ERROR_CODES = frozenset(
    {
        "INVALID_PRODUCT_ID",
        "INVALID_OPTION_ID",
        "INVALID_UNIT_ID",
        "INVALID_AVAILABILITY_ID",
        "INVALID_BOOKING_UUID",
        "INVALID_ORDER_ID",
        "BAD_REQUEST",
        "UNPROCESSABLE_ENTITY",
        "UNAUTHORIZED",
        "FORBIDDEN",
        "INTERNAL_SERVER_ERROR",
    }
)


class Error(Spec):
    error: str
    errorMessage: str


M = TypeVar("M", bound=Spec)


def validate(model: type[M], data: Any) -> M:
    """Validate one response object against an OCTo model."""
    return model.model_validate(data)


def validate_list(model: type[M], data: Any) -> list[M]:
    assert isinstance(data, list)
    return [model.model_validate(item) for item in data]


def validate_error(data: Any, code: str) -> Error:
    error = Error.model_validate(data)
    assert error.error in OCTO_ERROR_CODES
    assert error.error == code, data
    return error
