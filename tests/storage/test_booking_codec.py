"""Documents round-trip exactly (enum members as their values, not as the plain strings
they subclass); the decoding memo reuses a value only for an equal document."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.booking.conftest import cave_show
from tourlink.booking import Booking, BookingStatus, Contact, Product, Resource, Slot
from tourlink.storage.booking_codec import (
    from_document,
    from_document_memo,
    to_document,
)


def test_booking_document_is_plain_json_and_round_trips() -> None:
    at = datetime(2031, 1, 5, 12, 0, tzinfo=UTC)
    booking = Booking(
        "bk_1", "cave-show", "std", "show-1900", {"adult": 2, "child": 1}, 1_200_000,
        BookingStatus.ON_HOLD, at, at, expires_at=at,
        contact=Contact("Lan", email="lan@example.vn"), reference="R-7",
    ).with_status(BookingStatus.CONFIRMED, at, "key:3")  # fmt: skip
    document = to_document(booking)
    assert document["status"] == "CONFIRMED"
    assert type(document["status"]) is str  # the enum's value, not the member
    assert document["history"][0]["status"] == "CONFIRMED"
    assert json.loads(json.dumps(document)) == document
    assert from_document(Booking, document) == booking


def test_equal_document_reuses_the_decoded_value() -> None:
    data = to_document(Resource("cave-memo", "Cave", capacity=60))
    first = from_document_memo(Resource, "cave-memo", data)
    assert from_document_memo(Resource, "cave-memo", dict(data)) is first


def test_changed_document_is_decoded_again() -> None:
    before = from_document_memo(
        Resource, "hall-memo", to_document(Resource("hall-memo", "Hall", capacity=60))
    )
    after = from_document_memo(
        Resource, "hall-memo", to_document(Resource("hall-memo", "Hall", capacity=40))
    )
    assert (before.capacity, after.capacity) == (60, 40)


def test_every_kind_of_value_is_encoded_by_its_type() -> None:
    """The encoder chosen once per type gives each kind its form: instants as ISO text,
    durations as whole microseconds, enum members as their values, nested dataclasses
    and tuples as objects and lists; and the documents round-trip."""
    start = datetime(2031, 1, 5, 12, 0, tzinfo=UTC)
    slot = Slot("show-1", "cave-show", start, start + timedelta(minutes=45))
    document = to_document(slot)
    assert document["start"] == "2031-01-05T12:00:00+00:00"
    assert document["cutoff"] == slot.cutoff // timedelta(microseconds=1)
    assert type(document["cutoff"]) is int
    assert document["state"] == slot.state.value
    assert type(document["state"]) is str
    assert from_document(Slot, document) == slot
    product = cave_show()
    encoded = to_document(product)
    assert isinstance(encoded["options"], list)
    assert isinstance(encoded["options"][0]["units"][0], dict)
    assert json.loads(json.dumps(encoded)) == encoded
    assert from_document(Product, encoded) == product
    with pytest.raises(ValueError, match="aware"):
        to_document(start.replace(tzinfo=None))
