"""Notifiers are pluggable; a failing one never undoes a committed change."""

from __future__ import annotations

import logging

import pytest

from tourlink.booking import (
    BookingService,
    InMemoryBookingStore,
    InvalidBookingDataError,
    LogNotifier,
    Notification,
    SmtpNotifier,
)
from tourlink.booking.notifiers import parse_smtp_url
from tourlink.core.clock import FixedClock

from .conftest import SECRET, request


def test_smtp_settings_come_from_a_url() -> None:
    s = parse_smtp_url(
        "smtps://booking%40x:p%2Fw@mail.example.vn?from=booking@example.vn"
    )
    assert (s.host, s.port, s.ssl, s.starttls) == ("mail.example.vn", 465, True, False)
    assert (s.username, s.password) == ("booking@x", "p/w")


@pytest.mark.parametrize("url", ["http://mail.example.vn", "smtp://mail.example.vn"])
def test_an_unusable_smtp_url_is_refused_with_a_hint(url: str) -> None:
    with pytest.raises(InvalidBookingDataError):
        SmtpNotifier(url)


def test_the_smtp_notifier_builds_a_plain_text_mail() -> None:
    notifier = SmtpNotifier("smtp://mail.example.vn?from=booking@example.vn")
    message = notifier.build_message(
        Notification(
            "waitlist_offer", "mai@example.vn", "Places are free", "Book now", "vi"
        )
    )
    assert (message["To"], message["From"]) == ("mai@example.vn", "booking@example.vn")
    assert message["Content-Language"] == "vi"


def test_the_log_notifier_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="tourlink.booking.notify"):
        LogNotifier().notify(Notification("x", "a@b.vn", "Subject", "Body"))
    assert "Subject" in caplog.text


class _Broken:
    def notify(self, notification: Notification) -> None:
        del notification
        raise OSError("mail server down")


def test_a_failing_notifier_does_not_undo_the_booking(
    cave: BookingService,
    store: InMemoryBookingStore,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = BookingService(store, clock, ticket_secret=SECRET, notifier=_Broken())
    booking = cave.book(request({"adult": 2}))
    with caplog.at_level(logging.ERROR, logger="tourlink.booking"):
        broken.cancel_session("show-1900", reason="storm")
    assert broken.get_booking(booking.id).status.value == "CANCELLED"
    assert "could not send" in caplog.text
