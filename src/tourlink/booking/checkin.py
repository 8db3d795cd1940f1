"""Check-in: signed ticket tokens, QR codes, and the rules of a scan.

A ticket token is ``<booking id>.<local date>.<nonce>.<signature>`` where the signature is
HMAC-SHA256, keyed with the operator's secret, over ``booking id | date | nonce`` and
encoded as unpadded base64url. The date is the slot's local calendar day, so a scanner
rejects a genuine ticket shown on another day without asking the store. Re-issuing a
ticket (after a reschedule) changes the nonce, which voids the old token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import qrcode
import qrcode.image.svg

from .errors import InvalidBookingDataError, InvalidTicketError, WrongDayTicketError


@dataclass(frozen=True)
class TicketClaims:
    """What a verified ticket token says: which booking, for which day, which issue."""

    booking_id: str
    day: date
    nonce: str


class TicketSigner:
    """Signs and verifies ticket tokens with a secret key.

    The ticket desk at the Chu Dau pottery village and the booking service share one
    secret; a scanner can verify a visitor's QR code offline.

    Parameters
    ----------
    secret : bytes
        At least 16 bytes of key material (keep it out of the repository).
    """

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise InvalidBookingDataError(
                "the ticket secret must be at least 16 bytes; generate one with "
                "secrets.token_bytes(32)",
                field="secret",
            )
        self._secret = secret

    @staticmethod
    def new_nonce() -> str:
        """A fresh random nonce for a ticket issue."""
        return secrets.token_urlsafe(9)

    def _signature(self, booking_id: str, day: date, nonce: str) -> str:
        message = f"{booking_id}|{day.isoformat()}|{nonce}".encode()
        digest = hmac.new(self._secret, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def sign(self, booking_id: str, day: date, nonce: str) -> str:
        """The token for a booking's ticket valid on local ``day``."""
        if "." in booking_id or "." in nonce:
            raise InvalidBookingDataError(
                "booking ids and nonces in tickets must not contain '.'",
                field="booking_id",
            )
        return f"{booking_id}.{day.isoformat()}.{nonce}.{self._signature(booking_id, day, nonce)}"

    def verify(self, token: str) -> TicketClaims:
        """The claims of a genuine token.

        Raises
        ------
        InvalidTicketError
            The token is malformed or its signature does not verify (a forgery).
        """
        parts = token.strip().split(".")
        if len(parts) != 4:
            raise InvalidTicketError(
                "this is not a tourlink ticket (malformed code); ask the visitor for "
                "the ticket from the booking e-mail"
            )
        booking_id, day_text, nonce, signature = parts
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise InvalidTicketError(
                "this is not a tourlink ticket (malformed date)"
            ) from None
        expected = self._signature(booking_id, day, nonce)
        if not hmac.compare_digest(expected, signature):
            raise InvalidTicketError(
                "the ticket's signature does not verify: it was altered or forged",
                context={"booking_id": booking_id},
            )
        return TicketClaims(booking_id=booking_id, day=day, nonce=nonce)


def check_day(claims: TicketClaims, today: date) -> None:
    """Raise :class:`WrongDayTicketError` unless the ticket is for local ``today``."""
    if claims.day != today:
        raise WrongDayTicketError(
            f"this ticket is for {claims.day.isoformat()}, not today "
            f"({today.isoformat()}); the visitor should come on the ticket's day",
            context={"ticket_day": claims.day.isoformat(), "today": today.isoformat()},
        )


def qr_svg(token: str) -> str:
    """The ticket token as a QR code, an SVG document string."""
    image: Any = qrcode.make(token, image_factory=qrcode.image.svg.SvgPathImage)
    return str(image.to_string(encoding="unicode"))


def qr_png(token: str) -> bytes:
    """The ticket token as a QR code, PNG bytes."""
    image: Any = qrcode.make(token)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Ticket:
    """A booking's ticket: the signed token and the day it is valid on.

    What a family gets by e-mail for the Chu Dau pottery workshop: the token as a QR code
    to show at the gate.
    """

    booking_id: str
    day: date
    token: str

    def svg(self) -> str:
        """The QR code as an SVG document."""
        return qr_svg(self.token)

    def png(self) -> bytes:
        """The QR code as PNG bytes."""
        return qr_png(self.token)
