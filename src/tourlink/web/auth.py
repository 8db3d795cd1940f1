"""Who is calling: signed bearer tokens for people, API keys for machines.

- ``POST /api/v1/auth/token`` exchanges an email and password for a token signed with
  ``itsdangerous`` (salted with the purpose, timestamped, expiring after ``TOKEN_TTL``).
  The token names a user; the user's *current* role and status are read on every request,
  so deactivating a user or changing a role takes effect at once.
- ``Authorization: Bearer tlk_...`` is an API key, checked by ``AccountService``.

The same token may be stored in an HttpOnly cookie by the pages' login form.

The booking hot path (``POST /api/v1/bookings``, see ``api/booking_fast.py``) looks
credentials up through a :class:`PrincipalCache`: there a revoked key, a deactivated user
or a changed role takes effect within ``PRINCIPAL_TTL`` rather than at once. An entry
never outlives the credential itself: a remembered token stops being used at its expiry.
Every other route reads the account on every request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner

from tourlink.accounts import Principal, User
from tourlink.core.clock import Clock
from tourlink.core.errors import UnauthenticatedError
from tourlink.services.accounts import API_KEY_PREFIX
from tourlink.services.container import Services

TOKEN_TTL = timedelta(hours=12)
PRINCIPAL_TTL = 5.0
"""Seconds a credential's principal is reused on the booking hot path (so a revocation
takes effect there within this time)."""
PRINCIPAL_CACHE_MAX = 4096
"""Most credentials remembered per process (the whole cache is dropped beyond it)."""
SESSION_COOKIE = "tourlink_session"
_SALT = "tourlink.access-token.v1"


class _ClockSigner(TimestampSigner):
    """A timestamp signer that reads the injected clock (so expiry is testable)."""

    clock: Clock | None = None

    def get_timestamp(self) -> int:
        if self.clock is None:
            return super().get_timestamp()
        return int(self.clock.now().timestamp())


@dataclass(frozen=True)
class TokenSigner:
    """Issues and verifies access tokens for users."""

    secret_key: str
    clock: Clock
    ttl: timedelta = TOKEN_TTL

    def _serializer(self) -> URLSafeTimedSerializer:
        signer = type("Signer", (_ClockSigner,), {"clock": self.clock})
        return URLSafeTimedSerializer(self.secret_key, salt=_SALT, signer=signer)

    def issue(self, user: User) -> str:
        return self._serializer().dumps({"uid": user.id})

    def verify(self, token: str) -> tuple[int, datetime]:
        """The user id a token names and the instant it expires (UTC);
        ``UnauthenticatedError`` if forged or expired."""
        try:
            data, signed_at = self._serializer().loads(
                token, max_age=int(self.ttl.total_seconds()), return_timestamp=True
            )
        except SignatureExpired:
            raise UnauthenticatedError(
                "the access token has expired; request a new one",
                code="token_expired",
            ) from None
        except BadSignature:
            raise UnauthenticatedError("the access token is not valid") from None
        uid = data.get("uid") if isinstance(data, dict) else None
        if not isinstance(uid, int):
            raise UnauthenticatedError("the access token is not valid")
        return uid, signed_at + self.ttl


def principal_for_credentials(
    credentials: str, services: Services, signer: TokenSigner
) -> Principal:
    """The principal behind a bearer credential (an API key or a signed token)."""
    return principal_and_expiry(credentials, services, signer)[0]


def principal_and_expiry(
    credentials: str, services: Services, signer: TokenSigner
) -> tuple[Principal, datetime | None]:
    """The principal behind a bearer credential and the instant the credential
    expires (``None`` for an API key, which lasts until revoked)."""
    secret = credentials.strip()
    if secret.startswith(API_KEY_PREFIX):
        return services.accounts.principal_for_key(secret), None
    user_id, expires_at = signer.verify(secret)
    user = services.accounts.store.user_by_id(user_id)
    if user is None or not user.active:
        raise UnauthenticatedError("the account behind this token is not active")
    return services.accounts.principal_for_user(user), expires_at


class PrincipalCache:
    """Who a bearer credential belongs to, remembered for a few seconds.

    A reseller's integration sends the same API key with every booking; looking the key
    up (a database read, off the event loop) for each one costs more than the booking's
    own statements. Only successful lookups are remembered, each for ``ttl`` seconds
    from the lookup **or until the credential itself expires, whichever comes first**
    (an access token is never accepted here after its expiry); a wrong, expired or
    revoked credential is looked up (and refused) every time. A credential revoked
    while remembered keeps working on this path for at most ``ttl`` seconds.

    Parameters
    ----------
    ttl
        Seconds an entry is used (default :data:`PRINCIPAL_TTL`; 0 switches caching off).
    monotonic
        The time source in seconds (``time.monotonic`` by default; tests pass their own).
    """

    def __init__(
        self,
        ttl: float = PRINCIPAL_TTL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0:
            raise ValueError(f"ttl must be ≥ 0 seconds (got {ttl})")
        self.ttl = ttl
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, Principal]] = {}

    def get(self, credential: str) -> Principal | None:
        """The remembered principal of ``credential``, or ``None`` (look it up)."""
        found = self._entries.get(credential)
        if found is None or found[0] <= self._monotonic():
            return None
        return found[1]

    def put(
        self, credential: str, principal: Principal, *, lifetime: float | None = None
    ) -> None:
        """Remember ``principal`` as the owner of ``credential``.

        Parameters
        ----------
        credential
            The bearer credential as sent.
        principal
            Who it stands for (just looked up).
        lifetime
            Seconds the credential itself stays valid from now (``None``: until
            revoked). The entry is used for ``min(ttl, lifetime)`` seconds; nothing is
            remembered if that is not positive.
        """
        seconds = self.ttl if lifetime is None else min(self.ttl, lifetime)
        if seconds <= 0:
            return
        with self._lock:
            if len(self._entries) >= PRINCIPAL_CACHE_MAX:
                self._entries.clear()
            self._entries[credential] = (self._monotonic() + seconds, principal)
