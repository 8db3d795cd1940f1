"""Notifier implementations: a log (default), an in-memory list (tests) and SMTP e-mail."""

from __future__ import annotations

import logging
import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import InvalidBookingDataError
from .ports import Notification

logger = logging.getLogger("tourlink.booking.notify")


class LogNotifier:
    """Writes each notification to the ``tourlink.booking.notify`` logger.

    The default during development, when a waiting family in Ha Long should be "told"
    without sending real mail.
    """

    def notify(self, notification: Notification) -> None:
        """Log the notification at INFO level."""
        logger.info(
            "notify %s to %s: %s",
            notification.kind,
            notification.recipient,
            notification.subject,
        )


class MemoryNotifier:
    """Keeps notifications in a list: the test double for ``Notifier``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent: list[Notification] = []

    def notify(self, notification: Notification) -> None:
        """Append the notification to :attr:`sent`."""
        with self._lock:
            self.sent.append(notification)

    def of_kind(self, kind: str) -> list[Notification]:
        """The notifications of one kind, in order."""
        with self._lock:
            return [n for n in self.sent if n.kind == kind]


@dataclass(frozen=True)
class SmtpSettings:
    """SMTP connection settings parsed from a URL."""

    host: str
    port: int
    username: str | None
    password: str | None
    sender: str
    ssl: bool
    starttls: bool
    timeout: float = 10.0


def parse_smtp_url(url: str) -> SmtpSettings:
    """Parse ``smtp://user:pass@host:587?from=noreply@example.vn&starttls=1`` (or
    ``smtps://`` for implicit TLS on port 465).

    Examples
    --------
    >>> s = parse_smtp_url("smtp://mail.example.vn:2525?from=booking@example.vn")
    >>> (s.host, s.port, s.sender, s.starttls)
    ('mail.example.vn', 2525, 'booking@example.vn', True)
    """
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise InvalidBookingDataError(
            "SMTP URL must look like smtp://user:pass@host:587?from=sender@example.vn",
            field="smtp_url",
        )
    query = parse_qs(parts.query)
    sender = query.get("from", [""])[0]
    if "@" not in sender:
        raise InvalidBookingDataError(
            "SMTP URL needs a sender: add ?from=booking@example.vn", field="smtp_url"
        )
    ssl = parts.scheme == "smtps"
    starttls = not ssl and query.get("starttls", ["1"])[0] not in {"0", "false", "no"}
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if ssl else 587),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        sender=sender,
        ssl=ssl,
        starttls=starttls,
    )


class SmtpNotifier:
    """Sends notifications as plain-text e-mail through an SMTP server (stdlib smtplib).

    ``SmtpNotifier("smtps://booking:secret@mail.example.vn?from=booking@example.vn")``.
    Recipients that are not e-mail addresses (a phone number) are logged and skipped.
    """

    def __init__(self, url: str) -> None:
        self.settings = parse_smtp_url(url)

    def build_message(self, notification: Notification) -> EmailMessage:
        """The e-mail for a notification."""
        message = EmailMessage()
        message.set_content(notification.body)  # first: it resets Content-* headers
        message["From"] = self.settings.sender
        message["To"] = notification.recipient
        message["Subject"] = notification.subject
        message["Content-Language"] = notification.language
        return message

    def notify(self, notification: Notification) -> None:
        """Send the notification as one e-mail."""
        if "@" not in notification.recipient:
            logger.warning("no e-mail address for %s; not sent", notification.kind)
            return
        s = self.settings
        smtp_class = smtplib.SMTP_SSL if s.ssl else smtplib.SMTP
        with smtp_class(s.host, s.port, timeout=s.timeout) as client:
            if s.starttls:
                client.starttls()
            if s.username:
                client.login(s.username, s.password or "")
            client.send_message(self.build_message(notification))
