"""The one mapping from tourlink error codes to OCTo error bodies.

Every failure on ``/octo`` leaves as ``{"error": "INVALID_PRODUCT_ID", "errorMessage":
"...", "productId": "..."}``. Routes never pick HTTP statuses themselves: they raise the
domain's errors and the handlers installed here translate them, using
:data:`OCTO_ERRORS` (domain code → OCTo code) and :data:`OCTO_STATUS` (OCTo code → HTTP).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tourlink.core.errors import TourlinkError

log = logging.getLogger(__name__)

# OCTo error codes, with the id field each one carries (if any).
INVALID_PRODUCT_ID = "INVALID_PRODUCT_ID"
INVALID_OPTION_ID = "INVALID_OPTION_ID"
INVALID_UNIT_ID = "INVALID_UNIT_ID"
INVALID_AVAILABILITY_ID = "INVALID_AVAILABILITY_ID"
INVALID_BOOKING_UUID = "INVALID_BOOKING_UUID"
INVALID_ORDER_ID = "INVALID_ORDER_ID"
BAD_REQUEST = "BAD_REQUEST"
UNPROCESSABLE_ENTITY = "UNPROCESSABLE_ENTITY"
UNAUTHORIZED = "UNAUTHORIZED"
FORBIDDEN = "FORBIDDEN"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

RETRY_AFTER_SECONDS = 2
"""What a reseller is told to wait before retrying when the database is saturated
(the same hint ``/api/v1`` gives)."""

OCTO_STATUS: Mapping[str, int] = {
    INVALID_PRODUCT_ID: 400,
    INVALID_OPTION_ID: 400,
    INVALID_UNIT_ID: 400,
    INVALID_AVAILABILITY_ID: 400,
    INVALID_BOOKING_UUID: 400,
    INVALID_ORDER_ID: 400,
    BAD_REQUEST: 400,
    UNPROCESSABLE_ENTITY: 400,
    UNAUTHORIZED: 401,
    FORBIDDEN: 403,
    INTERNAL_SERVER_ERROR: 500,
}
"""HTTP status per OCTo error (the specification answers every client error with 400)."""

ID_FIELDS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    INVALID_PRODUCT_ID: ("productId", ("product_id",)),
    INVALID_OPTION_ID: ("optionId", ("option_id",)),
    INVALID_UNIT_ID: ("unitId", ("unit",)),
    INVALID_AVAILABILITY_ID: ("availabilityId", ("slot_id",)),
    INVALID_BOOKING_UUID: ("uuid", ("uuid", "booking_id")),
    INVALID_ORDER_ID: ("orderId", ("order_id", "package_id")),
}
"""The id an OCTo error names, and the domain context keys it is read from."""

OCTO_ERRORS: Mapping[str, str] = {
    # unknown ids
    "product_not_found": INVALID_PRODUCT_ID,
    "option_not_found": INVALID_OPTION_ID,
    "unit_not_found": INVALID_UNIT_ID,
    "slot_not_found": INVALID_AVAILABILITY_ID,
    "booking_not_found": INVALID_BOOKING_UUID,
    "package_not_found": INVALID_ORDER_ID,
    "order_not_found": INVALID_ORDER_ID,
    # the request cannot be honoured in the current state
    "slot_sold_out": UNPROCESSABLE_ENTITY,
    "slot_closed": UNPROCESSABLE_ENTITY,
    "booking_cutoff_passed": UNPROCESSABLE_ENTITY,
    "hold_expired": UNPROCESSABLE_ENTITY,
    "hold_extension_limit": UNPROCESSABLE_ENTITY,
    "booking_state_invalid": UNPROCESSABLE_ENTITY,
    "booking_not_on_hold": UNPROCESSABLE_ENTITY,
    "booking_not_confirmed": UNPROCESSABLE_ENTITY,
    "booking_not_modifiable": UNPROCESSABLE_ENTITY,
    "booking_expired": UNPROCESSABLE_ENTITY,
    "booking_redeemed": UNPROCESSABLE_ENTITY,
    "already_cancelled": UNPROCESSABLE_ENTITY,
    "package_item_unavailable": UNPROCESSABLE_ENTITY,
    "party_size_out_of_range": UNPROCESSABLE_ENTITY,
    "allotment_booking_not_modifiable": UNPROCESSABLE_ENTITY,
    "order_not_open": UNPROCESSABLE_ENTITY,
    # malformed requests
    "invalid_units": BAD_REQUEST,
    "invalid_booking_data": BAD_REQUEST,
    "invalid_input": BAD_REQUEST,
    "idempotency_conflict": BAD_REQUEST,
    "malformed_json": BAD_REQUEST,
    # credentials
    "unauthenticated": UNAUTHORIZED,
    "token_expired": UNAUTHORIZED,
    "permission_denied": FORBIDDEN,
}
"""Domain error code → OCTo error code. Unlisted codes fall back by HTTP status class."""


def octo_code(error: TourlinkError) -> str:
    """The OCTo error for a tourlink error."""
    if error.code == "invalid_units" and "known" in error.context:
        return INVALID_UNIT_ID  # a unit type the option does not sell
    if error.code in OCTO_ERRORS:
        return OCTO_ERRORS[error.code]
    if error.status == 401:
        return UNAUTHORIZED
    if error.status == 403:
        return FORBIDDEN
    if 400 <= error.status < 500:
        return BAD_REQUEST
    return INTERNAL_SERVER_ERROR


def octo_body(code: str, message: str, context: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"error": code, "errorMessage": message}
    if code in ID_FIELDS:
        name, keys = ID_FIELDS[code]
        body[name] = next((str(context[k]) for k in keys if k in context), "")
    return body


def octo_response(
    code: str, message: str, context: Mapping[str, Any] | None = None
) -> JSONResponse:
    status = OCTO_STATUS.get(code, 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        octo_body(code, message, context or {}), status_code=status, headers=headers
    )


async def _tourlink_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TourlinkError)
    return octo_response(octo_code(exc), exc.message, exc.context)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return octo_response(BAD_REQUEST, "the request body is not valid JSON")
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ())[1:])
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return octo_response(BAD_REQUEST, "; ".join(parts) or "invalid request")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return octo_response(BAD_REQUEST, f"no OCTo endpoint at {request.url.path}")
    if exc.status_code == 405:
        return octo_response(
            BAD_REQUEST, f"{request.method} is not allowed on {request.url.path}"
        )
    return octo_response(BAD_REQUEST, str(exc.detail))


async def _unavailable(request: Request, exc: Exception) -> Response:
    # A lost connection or a saturated pool: nothing was changed and the reseller should
    # retry. OCTo's error codes are a closed set whose only server-side member is
    # INTERNAL_SERVER_ERROR, so clients keep parsing the body; the status (503) and
    # Retry-After say "transient". The driver's message stays in the log (it may name
    # hosts or users).
    log.warning(
        "database unavailable on OCTo %s %s: %s", request.method, request.url.path, exc
    )
    return JSONResponse(
        octo_body(
            INTERNAL_SERVER_ERROR,
            "the service is busy or briefly unavailable; "
            f"retry in {RETRY_AFTER_SECONDS} seconds",
            {},
        ),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _unexpected(request: Request, _exc: Exception) -> Response:
    log.exception("unhandled OCTo error on %s %s", request.method, request.url.path)
    return octo_response(INTERNAL_SERVER_ERROR, "an unexpected error occurred")


def install_octo_errors(
    app: FastAPI, transient: tuple[type[Exception], ...] = ()
) -> None:
    """Answer every error of the OCTo application with an OCTo error body.

    ``transient`` lists exception types that mean a momentarily unavailable database
    (answered 503 ``SERVICE_UNAVAILABLE`` with ``Retry-After``).
    """
    for error_type in transient:
        app.add_exception_handler(error_type, _unavailable)
    app.add_exception_handler(TourlinkError, _tourlink_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
