"""Tickets admit once, on their day, and only when genuine; manifests list the parties."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from tourlink.booking import (
    AlreadyCheckedInError,
    BookingService,
    BookingStateError,
    BookingStatus,
    Contact,
    InvalidTicketError,
    TicketSigner,
    WrongDayTicketError,
)
from tourlink.core.clock import FixedClock

from .conftest import SECRET, SHOW_START, request, show_slot


def test_a_ticket_admits_its_party_once(cave: BookingService) -> None:
    booking = cave.book(request({"adult": 2}))
    ticket = cave.issue_ticket(booking.id)
    assert cave.check_in(ticket.token).status is BookingStatus.REDEEMED
    with pytest.raises(AlreadyCheckedInError) as info:
        cave.check_in(ticket.token)
    assert info.value.code == "already_checked_in"


def test_a_forged_ticket_is_rejected(cave: BookingService) -> None:
    booking = cave.book(request())
    ticket = cave.issue_ticket(booking.id)
    forged = TicketSigner(b"another-secret-that-is-long-enough").sign(
        booking.id, ticket.day, ticket.token.split(".")[2]
    )
    for token in (forged, ticket.token[:-2] + "xx", "garbage", ""):
        with pytest.raises(InvalidTicketError) as info:
            cave.check_in(token)
        assert info.value.code == "invalid_ticket"


def test_a_genuine_ticket_for_another_day_is_rejected(
    cave: BookingService, clock: FixedClock
) -> None:
    cave.register_slot(show_slot("show-tomorrow", start=SHOW_START + timedelta(days=1)))
    booking = cave.book(request(slot_id="show-tomorrow"))
    ticket = cave.issue_ticket(booking.id)
    with pytest.raises(WrongDayTicketError) as info:
        cave.check_in(ticket.token)
    assert info.value.code == "wrong_day_ticket"
    clock.advance(days=1)
    assert cave.check_in(ticket.token).status is BookingStatus.REDEEMED


def test_a_ticket_naming_an_unknown_booking_is_invalid(cave: BookingService) -> None:
    token = TicketSigner(SECRET).sign("bk_nothing", SHOW_START.date(), "n0nce")
    with pytest.raises(InvalidTicketError):
        cave.check_in(token)


def test_a_cancelled_booking_admits_no_one(cave: BookingService) -> None:
    booking = cave.book(request())
    ticket = cave.issue_ticket(booking.id)
    cave.cancel(booking.id)
    with pytest.raises(BookingStateError) as info:
        cave.check_in(ticket.token)
    assert info.value.code == "booking_not_confirmed"


def test_moving_a_booking_supersedes_its_old_ticket(cave: BookingService) -> None:
    cave.register_slot(show_slot("show-2030", start=SHOW_START + timedelta(minutes=90)))
    booking = cave.book(request())
    old = cave.issue_ticket(booking.id)
    cave.modify(booking.id, slot_id="show-2030")
    with pytest.raises(InvalidTicketError) as info:
        cave.check_in(old.token)
    assert info.value.code == "ticket_superseded"
    assert cave.check_in(cave.issue_ticket(booking.id).token).slot_id == "show-2030"


def test_holds_have_no_ticket(cave: BookingService) -> None:
    hold = cave.hold(request())
    with pytest.raises(BookingStateError):
        cave.issue_ticket(hold.id)


def test_tickets_render_as_svg_and_png_qr_codes(cave: BookingService) -> None:
    ticket = cave.issue_ticket(cave.book(request()).id)
    assert ticket.svg().lstrip().startswith("<svg")
    assert ticket.png().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_manifest_lists_sold_parties_with_check_in_state_as_csv(
    cave: BookingService,
) -> None:
    lan = cave.book(request({"adult": 2, "child": 1}))
    cave.book(request({"adult": 1}, contact=Contact("=HYPERLINK(1)")))
    cave.hold(request({"adult": 4}))  # holds are not on the manifest
    cave.check_in(cave.issue_ticket(lan.id).token)
    manifest = cave.manifest("show-1900")
    assert manifest.rows[0].booking_id == lan.id
    assert (manifest.total_units, manifest.checked_in_units) == (4, 3)
    rows = list(csv.DictReader(io.StringIO(manifest.to_csv())))
    assert rows[0]["name"] == "Nguyễn Thị Lan"
    assert rows[0]["units"] == "adult×2 child×1"
    assert rows[0]["status"] == "REDEEMED"
    assert rows[1]["checked_in_at"] == ""
    assert rows[1]["name"] == "'=HYPERLINK(1)"  # no formula injection in spreadsheets
