"""What every page needs: its language, the language switcher and shared labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from starlette.responses import Response

from tourlink.catalog import EntryType
from tourlink.core.i18n import LANGUAGE_NAMES, LANGUAGES, Lang

from ..deps import settings_of
from ..i18n import LANG_COOKIE, coerce_language, pick_language, translations
from ..labels import (
    KIND_LABELS,
    PRICE_UNIT_LABELS,
    PROVINCE_LABELS,
    TAG_LABELS,
    TYPE_LABELS,
    label,
)

LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
TYPE_COLORS: dict[str, str] = {
    EntryType.PLACE: "#0b6e69",
    EntryType.EXPERIENCE: "#c2410c",
    EntryType.EVENT: "#7c3aed",
    EntryType.PROVIDER: "#1d4ed8",
    EntryType.TRANSPORT_LINK: "#4b5563",
}
"""Marker and legend colours by entry type (shapes differ too, for colour-blind readers)."""


def page_language(request: Request) -> Lang:
    """``?lang=``, then the language cookie, then ``Accept-Language``, then the default."""
    return pick_language(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
        settings_of(request).default_language,
    )


PageLangDep = Annotated[Lang, Depends(page_language)]


@dataclass(frozen=True)
class Labels:
    """Translated labels of codes for one language (used by templates as ``labels``)."""

    lang: Lang

    @property
    def _gettext(self) -> Callable[[str], str]:
        return translations(self.lang).gettext

    def kind(self, code: str) -> str:
        return label(KIND_LABELS, code, self._gettext)

    def type(self, code: str) -> str:
        return label(TYPE_LABELS, code, self._gettext)

    def tag(self, code: str) -> str:
        return label(TAG_LABELS, code, self._gettext)

    def price_unit(self, code: str) -> str:
        return label(PRICE_UNIT_LABELS, code, self._gettext)

    def province(self, code: str | None) -> str:
        return label(PROVINCE_LABELS, code, self._gettext) if code else ""


def language_links(request: Request, lang: Lang) -> list[dict[str, Any]]:
    """The switcher: the same page in each language (other query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": f"{request.url.path}?{urlencode([*params, ('lang', code)])}",
            "current": code == lang,
        }
        for code in LANGUAGES
    ]


def base_context(request: Request, lang: Lang) -> dict[str, Any]:
    settings = settings_of(request)
    return {
        "languages": language_links(request, lang),
        "labels": Labels(lang),
        "type_colors": TYPE_COLORS,
        "tile_url": settings.tile_url,
        "tile_attribution": settings.tile_attribution,
    }


def remember_language(request: Request, response: Response) -> Response:
    """Store a language chosen with ``?lang=`` in a cookie."""
    chosen = coerce_language(request.query_params.get("lang"))
    if chosen is not None and chosen != request.cookies.get(LANG_COOKIE):
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=LANG_COOKIE_MAX_AGE, samesite="lax"
        )
    return response
