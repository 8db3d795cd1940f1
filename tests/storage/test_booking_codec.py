"""The decoding memo reuses a value only for an equal document."""

from __future__ import annotations

from tourlink.booking import Resource
from tourlink.storage.booking_codec import from_document_memo, to_document


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
