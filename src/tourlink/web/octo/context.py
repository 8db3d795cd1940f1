"""The per-request OCTo context: the reseller, the booking service and the OCTo ledger."""

from __future__ import annotations

import uuid as uuidlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request

from tourlink.accounts import Principal, Role
from tourlink.booking import (
    Booking,
    BookingNotFoundError,
    BookingService,
    BookingStatus,
    Contact,
    InvalidUnitsError,
    Product,
    ProductOption,
)
from tourlink.core.errors import (
    NotFoundError,
    PermissionDeniedError,
    UnauthenticatedError,
)
from tourlink.core.i18n import negotiate_language
from tourlink.services.container import Services
from tourlink.settings import Settings

from ..auth import TokenSigner, principal_for_credentials
from .directory import BookingDirectory, booking_service
from .ledger import MemoryOctoLedger, OctoBookingRecord, OctoLedger, OctoOrder
from .render import booking_out
from .schemas import ContactIn, UnitItemIn

SUPPORTED_CAPABILITIES = ("octo/cart",)


class OrderNotFoundError(NotFoundError):
    """No cart order of this reseller has this id."""

    default_code = "order_not_found"


def ledger_of(services: Services, state: Any) -> OctoLedger:
    """``services.octo_ledger`` (SQL in deployments); when the services have none, an
    in-memory ledger kept on the application state (created on first use)."""
    wired: OctoLedger | None = getattr(services, "octo_ledger", None)
    if wired is not None:
        return wired
    ledger: OctoLedger | None = getattr(state, "octo_ledger", None)
    if ledger is None:
        ledger = MemoryOctoLedger()
        state.octo_ledger = ledger
    return ledger


def owner_of(principal: Principal) -> str:
    """The key under which a reseller's bookings are kept (its API key, else its user)."""
    if principal.api_key_id is not None:
        return f"octo:key:{principal.api_key_id}"
    return f"octo:user:{principal.user_id}"


@dataclass
class Octo:
    """Everything an OCTo route needs, for one authenticated reseller."""

    service: BookingService
    directory: BookingDirectory
    ledger: OctoLedger
    owner: str
    locale: str

    @property
    def now(self) -> datetime:
        return self.service.clock.now()

    def record(self, uuid: str) -> OctoBookingRecord:
        """The reseller's booking ``uuid``; other resellers' bookings do not exist."""
        record = self.ledger.booking(self.owner, uuid)
        if record is None:
            raise BookingNotFoundError(
                f"no booking with uuid {uuid!r}", context={"uuid": uuid}
            )
        return record

    def order(self, order_id: str) -> OctoOrder:
        order = self.ledger.order(self.owner, order_id)
        if order is None:
            raise OrderNotFoundError(
                f"no order {order_id!r}", context={"order_id": order_id}
            )
        return order

    def booking_json(
        self, record: OctoBookingRecord, booking: Booking | None = None
    ) -> dict[str, Any]:
        booking = booking or self.service.get_booking(record.booking_id)
        slot = self.directory.slot(booking.slot_id)
        availability = self.service.availability(slot.id, booking.option_id)
        ticket = None
        if booking.status in {BookingStatus.CONFIRMED, BookingStatus.REDEEMED}:
            ticket = self.service.issue_ticket(booking.id)
        product = self.directory.product(booking.product_id)
        return booking_out(
            booking,
            record,
            slot,
            availability,
            ticket,
            self.now,
            product=product,
            locale=self.locale,
        )


def new_id(prefix: str) -> str:
    return f"{prefix}{uuidlib.uuid4()}"


def units_of(option: ProductOption, items: list[UnitItemIn]) -> dict[str, int]:
    """Unit items → counts per unit id (unknown unit ids raise ``INVALID_UNIT_ID``)."""
    if not items:
        raise InvalidUnitsError(
            "unitItems is empty; book at least one unit", field="unitItems"
        )
    for item in items:
        option.unit(item.unitId)
    return dict(Counter(item.unitId for item in items))


def contact_of(body: ContactIn | None, *, language: str = "en") -> Contact | None:
    """An OCTo contact as a domain contact (None when it names nobody)."""
    if body is None:
        return None
    name = body.fullName or " ".join(p for p in (body.firstName, body.lastName) if p)
    if not name.strip():
        return None
    locale = body.locales[0].split("-")[0].lower() if body.locales else language
    return Contact(
        name.strip(),
        email=body.emailAddress or None,
        phone=body.phoneNumber or None,
        language=locale,
    )


def raw_contact(body: ContactIn | None) -> dict[str, Any] | None:
    return body.model_dump(exclude_none=True) if body is not None else None


def item_uuids(items: list[UnitItemIn] | None) -> tuple[str, ...]:
    if not items or any(i.uuid is None for i in items):
        return ()
    ordered = sorted(items, key=lambda i: i.unitId)
    return tuple(i.uuid for i in ordered if i.uuid is not None)


def option_of(
    octo: Octo, product_id: str, option_id: str
) -> tuple[Product, ProductOption]:
    product = octo.directory.product(product_id)
    return product, product.option(option_id)


def get_octo(request: Request) -> Octo:
    parent = request.app.state.parent
    services: Services = parent.state.services
    settings: Settings = parent.state.settings
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise UnauthenticatedError("send your API key as `Authorization: Bearer <key>`")
    signer = TokenSigner(settings.secret_key, services.clock)
    principal = principal_for_credentials(credentials, services, signer)
    if not principal.has(Role.RESELLER):
        raise PermissionDeniedError(
            f"the {principal.role.value} role may not use the OCTo API; "
            "ask for a reseller key",
            context={"role": principal.role.value},
        )
    service = booking_service(services)
    locale = negotiate_language(
        request.headers.get("accept-language"), default=settings.default_language
    )
    return Octo(
        service=service,
        directory=BookingDirectory(
            service, getattr(services, "booking_catalogue", None)
        ),
        ledger=ledger_of(services, parent.state),
        owner=owner_of(principal),
        locale=locale,
    )


OctoDep = Annotated[Octo, Depends(get_octo)]
