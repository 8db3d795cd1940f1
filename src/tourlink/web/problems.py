"""Every error leaves the API as an RFC 9457 problem (``application/problem+json``).

One handler translates :class:`~tourlink.core.errors.TourlinkError` (its ``status`` and
``code``); the others cover what the framework raises before a route runs: request
validation (422, with field paths), malformed JSON (400), unknown routes (404) and wrong
methods (405). A catch-all answers 500 without leaking a traceback.

A problem looks like::

    {"type": "/problems/invalid_input", "title": "Invalid input", "status": 422,
     "detail": "the entry is invalid", "instance": "/api/v1/places", "code": "invalid_input",
     "errors": [{"pointer": "/body/name/vi", "field": "name.vi", "message": "..."}]}

``type`` is a relative URI; ``GET /problems/<code>`` documents each code.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tourlink.core.errors import FieldError, TourlinkError, UnauthenticatedError

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

PROBLEM_TYPES: Mapping[str, tuple[str, str]] = {
    "invalid_input": (
        "Invalid input",
        "A parameter or body field breaks a rule; `errors` lists each field with a "
        "JSON Pointer into the request (`/body/name/vi`, `/query/limit`).",
    ),
    "catalog_invalid": (
        "Invalid catalogue entry",
        "The submitted entry does not validate; `errors` lists every field at fault.",
    ),
    "malformed_json": (
        "Malformed JSON",
        "The request body is not valid JSON.",
    ),
    "content_too_large": (
        "Request body too large",
        "The request body is larger than the server accepts "
        "(`TOURLINK_MAX_BODY_BYTES`, 1 MiB by default).",
    ),
    "not_found": ("Not found", "No resource answers to this id, slug or path."),
    "method_not_allowed": (
        "Method not allowed",
        "The resource exists but does not support this HTTP method.",
    ),
    "conflict": (
        "Conflict",
        "The request clashes with the current state, e.g. an id that is already taken.",
    ),
    "unauthenticated": (
        "Authentication required",
        "Send `Authorization: Bearer <token or API key>`; the credentials were missing, "
        "wrong or expired.",
    ),
    "permission_denied": (
        "Permission denied",
        "The credentials are valid but their role may not do this "
        "(only admins and operators edit the catalogue).",
    ),
    "not_acceptable": (
        "Not acceptable",
        "None of the media types in `Accept` can be produced.",
    ),
    "internal_error": (
        "Internal error",
        "Something failed on the server; the error was logged. Please retry later.",
    ),
}
"""Documented problem codes: ``code → (title, description)``."""


def problem_type(code: str) -> str:
    return f"/problems/{code}"


def problem_title(code: str, status: int) -> str:
    if code in PROBLEM_TYPES:
        return PROBLEM_TYPES[code][0]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    detail: str,
    errors: Sequence[Mapping[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Build a problem+json response."""
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": problem_title(code, status),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        "errors": list(errors),
    }
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _dotted(parts: Iterable[str | int]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _pointer(parts: Iterable[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


_LOCATIONS = {"request": "body", "body": "body", "query": "query", "path": "path"}


def field_error_out(error: FieldError) -> dict[str, Any]:
    """A domain field error as a problem's ``errors`` item.

    ``source`` says which part of the request the path is in (``query``, ``path``; body
    by default), so ``FieldError(("name", "vi"))`` becomes ``/body/name/vi``.
    """
    location = _LOCATIONS.get(error.source or "body", "body")
    return {
        "pointer": _pointer((location, *error.path)),
        "field": _dotted(error.path),
        "message": error.message,
        "code": error.code,
    }


def tourlink_errors(exc: TourlinkError) -> list[dict[str, Any]]:
    if exc.errors:
        return [field_error_out(e) for e in exc.errors]
    if exc.field:
        path = tuple(exc.field.split("."))
        source = str(exc.context.get("location", "body"))
        return [field_error_out(FieldError(path, exc.message, exc.code, source))]
    return []


async def handle_tourlink_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TourlinkError)
    headers = (
        {"WWW-Authenticate": "Bearer"}
        if isinstance(exc, UnauthenticatedError)
        else None
    )
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        detail=exc.message,
        errors=tourlink_errors(exc),
        headers=headers,
    )


def _validation_items(errors: Sequence[Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        items.append(
            {
                "pointer": _pointer(loc),
                "field": _dotted(loc[1:]) if len(loc) > 1 else _dotted(loc),
                "message": str(err.get("msg", "invalid value")).removeprefix(
                    "Value error, "
                ),
                "code": str(err.get("type", "invalid")),
            }
        )
    return items


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem_response(
            request,
            status=400,
            code="malformed_json",
            detail="the request body is not valid JSON",
            errors=[
                {"pointer": "/body", "field": "", "message": str(e.get("msg"))}
                for e in errors
                if e.get("type") == "json_invalid"
            ],
        )
    noun = "field is" if len(errors) == 1 else "fields are"
    return problem_response(
        request,
        status=422,
        code="invalid_input",
        detail=f"{len(errors)} request {noun} invalid",
        errors=_validation_items(errors),
    )


async def handle_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}
    code = codes.get(exc.status_code, f"http_{exc.status_code}")
    if exc.status_code == 404:
        detail = f"nothing at {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    else:
        detail = str(exc.detail)
    html = request.app.state.html_error_page
    if html is not None and wants_html(request):
        return html(request, exc.status_code, code, detail)  # type: ignore[no-any-return]
    return problem_response(
        request,
        status=exc.status_code,
        code=code,
        detail=detail,
        headers=dict(exc.headers or {}),
    )


RETRY_AFTER_SECONDS = 2
"""What a client is told to wait before retrying when the database is saturated."""


async def handle_unavailable(request: Request, exc: Exception) -> Response:
    """A transient database failure: 503 with ``Retry-After``, nothing changed."""
    log.warning(
        "database unavailable on %s %s: %s", request.method, request.url.path, exc
    )
    return problem_response(
        request,
        status=503,
        code="service_unavailable",
        detail="the service is busy or briefly unavailable; retry shortly",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception(
        "unhandled error on %s %s", request.method, request.url.path, exc_info=exc
    )
    return problem_response(
        request,
        status=500,
        code="internal_error",
        detail="an unexpected error occurred; it has been logged",
    )


def wants_html(request: Request) -> bool:
    """Whether a browser asked for a page (not the API)."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def install_problem_handlers(
    app: FastAPI, transient: tuple[type[Exception], ...] = ()
) -> None:
    """Register the handlers; ``app.state.html_error_page`` may render errors as pages.

    ``transient`` lists exception types that mean a momentarily unavailable backend
    (answered 503 with ``Retry-After``).
    """
    if not hasattr(app.state, "html_error_page"):
        app.state.html_error_page = None
    for error_type in transient:
        app.add_exception_handler(error_type, handle_unavailable)
    app.add_exception_handler(TourlinkError, handle_tourlink_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_unexpected)
