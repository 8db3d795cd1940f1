"""Shared kernel: errors, multilingual text, clocks and geography (stdlib + pydantic)."""

from .clock import Clock as Clock
from .clock import FixedClock as FixedClock
from .clock import SystemClock as SystemClock
from .errors import ConflictError as ConflictError
from .errors import InvalidInputError as InvalidInputError
from .errors import NotFoundError as NotFoundError
from .errors import PermissionDeniedError as PermissionDeniedError
from .errors import TourlinkError as TourlinkError
from .errors import TourlinkWarning as TourlinkWarning
from .errors import UnauthenticatedError as UnauthenticatedError
from .i18n import DEFAULT_FALLBACK as DEFAULT_FALLBACK
from .i18n import LANGUAGES as LANGUAGES
from .i18n import I18nText as I18nText
from .i18n import Lang as Lang
from .i18n import negotiate_language as negotiate_language

__all__ = [
    "DEFAULT_FALLBACK",
    "LANGUAGES",
    "Clock",
    "ConflictError",
    "FixedClock",
    "I18nText",
    "InvalidInputError",
    "Lang",
    "NotFoundError",
    "PermissionDeniedError",
    "SystemClock",
    "TourlinkError",
    "TourlinkWarning",
    "UnauthenticatedError",
    "negotiate_language",
]
