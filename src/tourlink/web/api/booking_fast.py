"""``POST /api/v1/bookings`` served before FastAPI's router (the booking hot path).

A booking through the FastAPI route costs more CPU in the HTTP stack than in the
booking itself: matching the path against every route registered before it, solving
the dependency tree (services, settings, signer, bearer scheme, principal), two
thread-pool hand-offs (the synchronous principal lookup, then the endpoint) and the
per-request exception-handling layers. :class:`BookingFastPath` is a plain ASGI
middleware that answers the ordinary request to this one endpoint itself:

* the body is parsed with :func:`json.loads` and validated with the route's own model
  (:class:`~.booking_schemas.HoldBody`, the same Python-mode validation FastAPI runs);
* the caller is resolved from ``Authorization: Bearer ...`` through a short-lived
  :class:`~tourlink.web.auth.PrincipalCache` (no header: anonymous, as on the route —
  cookies never authenticate writes);
* a new booking without an idempotency key by a known caller (anonymous, or a cached
  credential) is decided on the event loop and only its one database call is awaited
  (:meth:`~tourlink.booking.BookingService.place_async`); anything that may block (the
  lookup of an uncached credential, a keyed request, a document to read, the ordinary
  booking path) runs in **one** thread-pool call;
* the answer is the route's answer: the same ``booking_json`` body with 201, and the
  same problem+json documents (the app's own handlers) for domain errors and for a
  momentarily unavailable database.

Anything unusual — another content type, a body that does not parse or validate, an
``Authorization`` header that is not a bearer credential, an over-long
``Idempotency-Key`` — is passed on untouched (the body replayed) to the FastAPI route,
so error answers (422 with field paths, 400 for malformed JSON, 401) come from exactly
the code that produced them before, and the route stays in the OpenAPI document.
Unexpected exceptions propagate to the app's outermost error middleware as they would
from the route (500 problem, logged).
"""

from __future__ import annotations

import json

from anyio import to_thread
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tourlink.accounts.models import ANONYMOUS
from tourlink.booking import Booking, BookingService
from tourlink.core.errors import TourlinkError

from ..auth import PrincipalCache, TokenSigner, principal_and_expiry
from ..body_limit import replay
from ..octo.directory import booking_service
from ..problems import handle_tourlink_error, handle_unavailable
from .booking_schemas import (
    HoldBody,
    booking_json,
    place_booking,
    place_booking_async,
)

PATH = "/api/v1/bookings"
MAX_IDEMPOTENCY_KEY = 200
"""Longest ``Idempotency-Key`` the route accepts (longer ones get its 422)."""


class BookingFastPath:
    """ASGI middleware answering ``POST /api/v1/bookings`` without FastAPI's router.

    Parameters
    ----------
    app
        The rest of the application (everything else, and the unusual booking requests,
        go there).
    transient
        Exception types that mean a momentarily unavailable database (answered 503 with
        ``Retry-After``, as the app's handler does).
    principals
        The credential → principal cache (a fresh one with the default TTL if omitted).
    """

    def __init__(
        self,
        app: ASGIApp,
        transient: tuple[type[Exception], ...] = (),
        principals: PrincipalCache | None = None,
    ) -> None:
        self.app = app
        self.transient = transient
        self.principals = principals if principals is not None else PrincipalCache()
        self.served = 0
        """Requests answered here (not passed on), for tests and diagnostics."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "POST"
        ):
            await self.app(scope, receive, send)
            return
        content_type = authorization = key = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value
            elif name == b"authorization":
                authorization = value
            elif name == b"idempotency-key":
                key = value
        body = await _read_body(receive)
        request = _plain_request(content_type, authorization, key, body)
        if request is None:
            await self.app(scope, replay(body, receive), send)
            return
        hold, credential, idempotency_key = request
        response = await self._book(scope, hold, credential, idempotency_key)
        self.served += 1
        await response(scope, receive, send)

    async def _book(
        self,
        scope: Scope,
        body: HoldBody,
        credential: str | None,
        idempotency_key: str | None,
    ) -> Response:
        app = scope["app"]
        principal = ANONYMOUS if credential is None else self.principals.get(credential)

        def look_up_and_book() -> Response:
            services = app.state.services
            assert credential is not None
            signer = TokenSigner(app.state.settings.secret_key, services.clock)
            who, expires_at = principal_and_expiry(credential, services, signer)
            lifetime = None
            if expires_at is not None:  # never remembered past the token's expiry
                lifetime = (expires_at - services.clock.now()).total_seconds()
            self.principals.put(credential, who, lifetime=lifetime)
            service = booking_service(services)
            return _created(place_booking(service, body, who, idempotency_key), service)

        try:
            if principal is None:  # the lookup blocks: all of it in one thread call
                return await to_thread.run_sync(look_up_and_book)
            # On the event loop: a new booking is decided here and only its database
            # call is awaited; whatever may block goes to the thread pool.
            service = booking_service(app.state.services)
            booking = await place_booking_async(
                service, body, principal, idempotency_key, to_thread.run_sync
            )
            return _created(booking, service)
        except TourlinkError as error:
            return await handle_tourlink_error(Request(scope), error)
        except self.transient as error:
            return await handle_unavailable(Request(scope), error)


def _created(booking: Booking, service: BookingService) -> Response:
    return JSONResponse(booking_json(booking, service.clock.now()), status_code=201)


def _plain_request(
    content_type: bytes | None,
    authorization: bytes | None,
    key: bytes | None,
    body: bytes,
) -> tuple[HoldBody, str | None, str | None] | None:
    """The validated body, bearer credential and idempotency key of an ordinary
    request, or ``None`` if the route should handle (and answer) it."""
    if content_type is None or content_type.split(b";")[0].strip().lower() != (
        b"application/json"
    ):
        return None
    credential = None
    if authorization is not None:
        scheme, _, param = authorization.decode("latin-1").partition(" ")
        credential = param.strip()
        if scheme.lower() != "bearer" or not credential:
            return None
    idempotency_key = None
    if key is not None:
        idempotency_key = key.decode("latin-1")
        if len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
            return None
    try:
        hold = HoldBody.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeError included
        return None
    return hold, credential, idempotency_key


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
