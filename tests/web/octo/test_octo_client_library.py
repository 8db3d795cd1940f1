"""An existing OCTo client library against a real server: ``octo-api-client`` (Tiqets).

A uvicorn server runs the application over in-memory services on a free localhost
port, and the library walks a reseller's whole flow through HTTP: suppliers, products,
availability, reserve, confirm, get, list and cancel, parsing every answer into its own
models of the specification. Skipped only when the library is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.helpers import serve_in_thread
from tourlink.accounts import Role
from tourlink.booking import BookingService
from tourlink.core.clock import FixedClock
from tourlink.services.container import Services
from tourlink.settings import Settings
from tourlink.web.app import create_app

from .seed import CAPACITY, OPTION, PRODUCT, slot_id

octo_client = pytest.importorskip(
    "octo_client",
    reason="the OCTo client library is not installed (pip install octo-api-client)",
)
from octo_client import models  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: E402

SUPPLIER = "tourlink"


@pytest.fixture
def server(
    settings: Settings, services: Services, booking: BookingService
) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1; yields the OCTo base URL."""
    del booking  # attached to services
    with serve_in_thread(create_app(settings, services)) as url:
        yield f"{url}/octo"


def test_the_octo_client_library_books_through_a_real_server(
    server: str,
    services: Services,
    booking: BookingService,
    clock: FixedClock,
) -> None:
    key = services.accounts.issue_api_key("Tiqets", Role.RESELLER).secret
    client = octo_client.OctoClient(url=server, token=key, strict=False)

    suppliers = client.get_suppliers()
    assert [s.id for s in suppliers] == [SUPPLIER]
    assert suppliers[0].endpoint == server
    assert client.get_supplier(SUPPLIER).name

    products = client.get_products(SUPPLIER)
    assert [p.id for p in products] == [PRODUCT]
    product = client.get_product(SUPPLIER, PRODUCT)
    option = product.options[0]
    assert option.id == OPTION
    assert option.availabilityLocalStartTimes == ["19:00", "20:30"]
    assert {u.id for u in option.units} >= {"adult", "child"}

    slots = client.availability_check(
        SUPPLIER,
        PRODUCT,
        OPTION,
        units=[models.UnitQuantity(id="adult", quantity=2)],
        local_date_start=date(2026, 12, 5),
        local_date_end=date(2026, 12, 5),
    )
    assert [a.id for a in slots] == [slot_id(5, "1900"), slot_id(5, "2030")]
    assert slots[0].available
    assert slots[0].vacancies == CAPACITY
    days = client.get_calendar(
        SUPPLIER, PRODUCT, OPTION, date(2026, 12, 5), date(2026, 12, 6)
    )
    assert [d.localDate for d in days] == [date(2026, 12, 5), date(2026, 12, 6)]

    held = client.booking_reservation(
        SUPPLIER,
        uuid="tiqets-0001",
        product_id=PRODUCT,
        option_id=OPTION,
        availability_id=slots[0].id,
        unit_items=[models.UnitItem(unitId="adult"), models.UnitItem(unitId="adult")],
        expiration_minutes=30,
        notes="two adults",
    )
    assert held.status.value == "ON_HOLD"
    assert held.uuid == "tiqets-0001"
    assert held.utcExpiresAt is not None
    assert (held.utcExpiresAt - clock.now()).total_seconds() == 30 * 60
    assert booking.availability(slots[0].id, OPTION).remaining == CAPACITY - 2

    confirmed = client.booking_confirmation(
        SUPPLIER,
        "tiqets-0001",
        reseller_reference="TQ-777",
        contact_first_name="Thi Lan",
        contact_last_name="Nguyen",
        contact_email_address="lan@example.vn",
        contact_locales=["vi"],
    )
    assert confirmed.status.value == "CONFIRMED"
    assert confirmed.voucher is not None
    assert confirmed.voucher.deliveryOptions[0].deliveryValue
    assert [i.unit.id for i in confirmed.unitItems] == ["adult", "adult"]

    fetched = client.get_booking(SUPPLIER, "tiqets-0001")
    assert fetched.status.value == "CONFIRMED"
    assert fetched.resellerReference == "TQ-777"
    assert fetched.product.id == PRODUCT
    listed = client.list_bookings(SUPPLIER, reseller_reference="TQ-777")
    assert [b.uuid for b in listed] == ["tiqets-0001"]
    by_day = client.list_bookings(SUPPLIER, local_date=date(2026, 12, 5))
    assert [b.uuid for b in by_day] == ["tiqets-0001"]

    cancelled = client.booking_cancellation(
        SUPPLIER, "tiqets-0001", reason="customer changed plans"
    )
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.cancellation is not None
    assert cancelled.cancellation.reason == "customer changed plans"
    assert booking.availability(slots[0].id, OPTION).remaining == CAPACITY

    with pytest.raises(octo_client.exceptions.InvalidRequest):
        client.get_booking(SUPPLIER, "no-such-uuid")
