"""One error hierarchy with stable codes, translated exactly once by each delivery layer.

The tree::

    TourlinkError                 code: str, message: str, field: str | None, context: dict
    ├── InvalidInputError              bad data from a caller or a data file        (HTTP 422)
    ├── NotFoundError                  an id or slug that names nothing              (HTTP 404)
    ├── ConflictError                  the request clashes with the current state   (HTTP 409)
    ├── UnauthenticatedError           no or wrong credentials                       (HTTP 401)
    └── PermissionDeniedError          credentials without the needed role          (HTTP 403)

Domain packages subclass these (``SlotSoldOut(ConflictError)``, ``HoldExpired(ConflictError)``, ...).
The web layer maps ``code`` to RFC 9457 problem+json, the OCTo API to OCTo error bodies,
the CLI to a message and a non-zero exit. Messages are English developer text; user-facing
rendering uses ``code`` and ``context`` so that it can be localised at the edge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of an input.

    ``path`` locates the field, e.g. ``("places", 3, "name", "ja")`` for the Japanese name
    of the fourth place in a file; ``source`` names the file (or request part) it came from.
    """

    path: tuple[str | int, ...]
    message: str
    code: str = "invalid"
    source: str | None = None
    entry: str | None = None

    @property
    def pointer(self) -> str:
        """The path as a JSON Pointer (RFC 6901), e.g. ``/places/3/name/ja``."""
        parts = [str(p).replace("~", "~0").replace("/", "~1") for p in self.path]
        return "/" + "/".join(parts) if parts else ""

    @property
    def dotted(self) -> str:
        """The path in dotted form, e.g. ``places[3].name.ja``."""
        out = ""
        for p in self.path:
            out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
        return out

    def describe(self) -> str:
        """A one-line human report: file, entry, field and message."""
        where = []
        if self.source:
            where.append(self.source)
        if self.entry:
            where.append(f"entry {self.entry!r}")
        if self.path:
            where.append(f"field {self.dotted}")
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class TourlinkError(Exception):
    """Base of every error tourlink raises on purpose.

    Parameters
    ----------
    message
        What is wrong and, where possible, how to fix it.
    code
        A stable snake_case code (``slot_sold_out``); defaults to the class's ``default_code``.
    field
        The offending field's dotted path, when a single field is at fault.
    context
        Parameters for rendering a localised message (``{"remaining": 3}``).
    errors
        Several field errors at once (a data file or a request body).
    """

    default_code: ClassVar[str] = "error"
    status: ClassVar[int] = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        context: Mapping[str, Any] | None = None,
        errors: Sequence[FieldError] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.context: dict[str, Any] = dict(context or {})
        self.errors: tuple[FieldError, ...] = tuple(errors)

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        lines = [self.message, *("  - " + e.describe() for e in self.errors)]
        return "\n".join(lines)


class InvalidInputError(TourlinkError):
    """The caller's data breaks a rule (a negative party size, an unknown language)."""

    default_code = "invalid_input"
    status = 422


class NotFoundError(TourlinkError):
    """An id or slug that names nothing (``/places/no-such-cave``)."""

    default_code = "not_found"
    status = 404


class ConflictError(TourlinkError):
    """The request clashes with the current state (a slug already taken, a sold-out slot)."""

    default_code = "conflict"
    status = 409


class UnauthenticatedError(TourlinkError):
    """No credentials, or credentials that do not verify."""

    default_code = "unauthenticated"
    status = 401


class PermissionDeniedError(TourlinkError):
    """Valid credentials without the role the action needs."""

    default_code = "permission_denied"
    status = 403


class TourlinkWarning(UserWarning):
    """A soft problem worth telling a user about (a story shorter than recommended)."""


@dataclass
class ErrorCollector:
    """Gathers field errors so that a whole file is reported at once, not only its first flaw."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, error: FieldError) -> None:
        self.errors.append(error)

    def __bool__(self) -> bool:
        return bool(self.errors)
