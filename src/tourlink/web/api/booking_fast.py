"""``POST /api/v1/bookings`` served before FastAPI (the booking hot path).

A booking through the FastAPI route costs more CPU in the HTTP stack than in the
booking itself: the application's middleware layers (error handling, telemetry, body
caps), matching the path against every route registered before it, solving the
dependency tree (services, settings, signer, bearer scheme, principal), two thread-pool
hand-offs (the synchronous principal lookup, then the endpoint) and the per-request
exception-handling layers. :class:`BookingFastPath` answers the ordinary request to this
one endpoint itself, and is called by the application (:class:`~tourlink.web.app.
TourlinkApp`) before any of those layers:

* the body is read only if its ``Content-Length`` is within the body cap (anything else
  goes to the application, whose cap answers it), parsed with :func:`orjson.loads`
  (stricter than the route's :func:`json.loads`: whatever it refuses goes to the
  route, which answers it as before) and validated with the route's own model
  (:class:`~.booking_schemas.HoldBody`, the same Python-mode validation FastAPI runs);
* the caller is resolved from ``Authorization: Bearer ...`` through a short-lived
  :class:`~tourlink.web.auth.PrincipalCache` (no header: anonymous, as on the route —
  cookies never authenticate writes);
* the lookup of an uncached credential and the booking run in **one** call on the fast
  path's own thread pool (a plain :class:`~concurrent.futures.ThreadPoolExecutor`: its
  hand-off costs less CPU than the general-purpose worker-thread machinery);
* the answer is the route's answer: the same ``booking_json`` body with 201, and the
  same problem+json documents (the app's own handlers) for domain errors, for a
  momentarily unavailable database and for an unexpected error (500, logged).

Anything unusual — another content type, a body that does not parse or validate, an
``Authorization`` header that is not a bearer credential, an over-long
``Idempotency-Key``, a body without a length or over the cap — is passed on untouched
(a body already read is replayed) to the application, so error answers (422 with field
paths, 400 for malformed JSON, 401, 413) come from exactly the code that produced them
before, and the route stays in the OpenAPI document.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tourlink.accounts.models import ANONYMOUS, Principal
from tourlink.booking import Booking, BookingService
from tourlink.core.errors import TourlinkError

from ..auth import PrincipalCache, TokenSigner, principal_and_expiry
from ..body_limit import DEFAULT_MAX_BODY_BYTES, replay
from ..octo.directory import booking_service
from ..problems import handle_tourlink_error, handle_unavailable, handle_unexpected
from .booking_schemas import (
    HoldBody,
    actor_of,
    booking_json,
    booking_request,
    place_booking,
)

PATH = "/api/v1/bookings"
BATCHES_IN_FLIGHT = 2
"""Calls placing plain bookings that run at once per process (see :class:`_Batches`):
fewer than the threads, so that batches form under load. 1, 2, 3 and 4 were measured
(``docs/benchmarks/booking.md``); 2 gave the best latency at half the maximum rate."""
BATCH_SIZE = 6
"""Most bookings in one call (4, 6 and 16 were measured with 2 calls in flight: 6 kept
the latency at half the maximum rate lowest)."""
MAX_IDEMPOTENCY_KEY = 200
"""Longest ``Idempotency-Key`` the route accepts (longer ones get its 422)."""


class BookingFastPath:
    """The booking hot path: answers ordinary ``POST /api/v1/bookings`` requests and
    hands every other request to ``app``.

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
    max_bytes
        The application's body cap: a body announced as larger is never read here.
    threads
        Threads of the fast path's pool: as many as the database pool lends
        connections, so a booking thread never waits for a connection while another
        thread of the same process holds one idle.
    batches_in_flight, batch_size
        Plain bookings (no idempotency key, a known caller) on a service that writes
        batches: at most ``batches_in_flight`` calls of the service's
        :meth:`~tourlink.booking.BookingService.place_many` run at once; a booking
        arriving while that many run waits, and the next call takes up to
        ``batch_size`` of the waiting bookings together (see :class:`_Batches`).
        ``batches_in_flight=0`` sends every booking alone.
    """

    def __init__(
        self,
        app: ASGIApp,
        transient: tuple[type[Exception], ...] = (),
        principals: PrincipalCache | None = None,
        max_bytes: int = DEFAULT_MAX_BODY_BYTES,
        *,
        threads: int,
        batches_in_flight: int = BATCHES_IN_FLIGHT,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.app = app
        self.transient = transient
        self.principals = principals if principals is not None else PrincipalCache()
        self.max_bytes = max_bytes
        self.threads = threads
        self.served = 0
        """Requests answered here (not passed on), for tests and diagnostics."""
        self._executor: ThreadPoolExecutor | None = None
        self.batches = _Batches(batches_in_flight, batch_size)

    def close(self) -> None:
        """Stop the thread pool (the application's shutdown); a later request starts a
        new one."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "POST"
        ):
            await self.app(scope, receive, send)
            return
        content_type = authorization = key = length = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value
            elif name == b"authorization":
                authorization = value
            elif name == b"idempotency-key":
                key = value
            elif name == b"content-length":
                length = value
        if length is None or not length.isdigit() or int(length) > self.max_bytes:
            await self.app(scope, receive, send)  # the body cap's to answer or read
            return
        body = await _read_body(receive)
        request = _plain_request(content_type, authorization, key, body)
        if request is None:
            await self.app(scope, replay(body, receive), send)
            return
        hold, credential, idempotency_key = request
        try:
            response = await self._book(scope, hold, credential, idempotency_key)
        except Exception as error:  # the route's catch-all: 500 problem, logged
            response = await handle_unexpected(Request(scope), error)
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

        def book() -> Response:
            services = app.state.services
            service = booking_service(services)
            who = principal
            if who is None:
                assert credential is not None
                signer = TokenSigner(app.state.settings.secret_key, services.clock)
                who, expires_at = principal_and_expiry(credential, services, signer)
                lifetime = None
                if expires_at is not None:  # never remembered past the token's expiry
                    lifetime = (expires_at - services.clock.now()).total_seconds()
                self.principals.put(credential, who, lifetime=lifetime)
            return _created(place_booking(service, body, who, idempotency_key), service)

        executor = self._executor
        if executor is None:
            executor = self._executor = ThreadPoolExecutor(
                self.threads, thread_name_prefix="booking"
            )
        try:
            if (
                principal is not None
                and idempotency_key is None
                and self.batches.in_flight_max > 0
                and booking_service(app.state.services).writes_batches
            ):
                answer = await self.batches.place(app, executor, body, principal)
                if isinstance(answer, Exception):
                    raise answer
                return answer
            return await asyncio.get_running_loop().run_in_executor(executor, book)
        except TourlinkError as error:
            return await handle_tourlink_error(Request(scope), error)
        except self.transient as error:
            return await handle_unavailable(Request(scope), error)


_Waiting = tuple[HoldBody, Principal, "asyncio.Future[Response | Exception]"]


class _Batches:
    """Plain bookings of one process, sent to the booking service in batches when it
    is busy (see ``docs/dev/booking-concurrency.md``, "Batches across slots").

    A booking is sent at once, alone, while fewer than ``in_flight_max`` calls run; one
    that arrives while that many run waits, and when a call ends the oldest
    ``batch_size`` waiting bookings go together in the next. At low load nothing waits;
    under load batches form by themselves. Runs on the event loop's thread only.
    """

    def __init__(self, in_flight_max: int, batch_size: int) -> None:
        self.in_flight_max = in_flight_max
        self.batch_size = batch_size
        self.in_flight = 0
        self.waiting: deque[_Waiting] = deque()
        self.sizes: Counter[int] = Counter()
        """Calls made, by number of bookings (diagnostics and tests)."""

    async def place(
        self,
        app: Any,
        executor: ThreadPoolExecutor,
        body: HoldBody,
        principal: Principal,
    ) -> Response | Exception:
        """The answer to one plain booking: its 201 response, or the error to
        answer."""
        future: asyncio.Future[Response | Exception] = (
            asyncio.get_running_loop().create_future()
        )
        if self.in_flight < self.in_flight_max:
            self._start(app, executor, [(body, principal, future)])
        else:
            self.waiting.append((body, principal, future))
        return await future

    def _start(
        self, app: Any, executor: ThreadPoolExecutor, batch: list[_Waiting]
    ) -> None:
        self.in_flight += 1
        self.sizes[len(batch)] += 1
        items = [(body, principal) for body, principal, _ in batch]

        def run() -> list[Response | Exception]:
            service = booking_service(app.state.services)
            answers = service.place_many(
                [(booking_request(b), actor_of(p), b.confirm) for b, p in items]
            )
            return [
                _created(a, service) if isinstance(a, Booking) else a for a in answers
            ]

        def finished(call: asyncio.Future[list[Response | Exception]]) -> None:
            self.in_flight -= 1
            error = None if call.cancelled() else call.exception()
            if call.cancelled() or error is not None:
                failure = (
                    error
                    if isinstance(error, Exception)
                    else RuntimeError("the booking call was cancelled")
                )
                answers: list[Response | Exception] = [failure] * len(batch)
            else:
                answers = call.result()
            for (_, _, future), answer in zip(batch, answers, strict=True):
                if not future.done():
                    future.set_result(answer)
            if self.waiting:
                take = min(len(self.waiting), self.batch_size)
                self._start(
                    app, executor, [self.waiting.popleft() for _ in range(take)]
                )

        asyncio.wrap_future(executor.submit(run)).add_done_callback(finished)


def _created(booking: Booking, service: BookingService) -> Response:
    body = orjson.dumps(booking_json(booking, service.clock.now()))
    return Response(body, status_code=201, media_type="application/json")


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
        hold = HoldBody.model_validate(orjson.loads(body))
    except (ValueError, ValidationError):
        # orjson's JSONDecodeError (a ValueError) covers malformed JSON, bodies nested
        # deeper than 1024 levels, text that is not UTF-8 and what json.loads would
        # still read (a byte order mark, NaN, integers beyond 64 bits). The route
        # answers all of them, as it did before (400, 422 or its booking).
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
