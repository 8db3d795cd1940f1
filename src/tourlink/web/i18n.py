"""UI translations: gettext catalogs compiled in memory from ``locale/<lang>/.../messages.po``.

The ``.po`` files are the only source: on first use each is read and compiled with Babel
into a ``GNUTranslations`` object, so no build step can be forgotten and no stale ``.mo``
can linger. Content (names, stories) is not translated here; it comes from the catalogue
with the fallback chain requested → en → vi (:mod:`tourlink.core.i18n`).
"""

from __future__ import annotations

import gettext as _gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tourlink.core.i18n import LANGUAGES, Lang, negotiate_language

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANG_COOKIE = "tourlink_lang"
"""Remembers a language picked with ``?lang=`` on the pages."""


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: Lang) -> _gettext.NullTranslations:
    """The UI translations for ``lang`` (identity translations if it has no catalog)."""
    path = po_path(lang)
    if not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def coerce_language(value: str | None) -> Lang | None:
    """``value`` if it is a supported language code (``ja``, ``ja-JP``), else ``None``."""
    if not value:
        return None
    base = value.split("-")[0].strip().lower()
    for lang in LANGUAGES:
        if lang == base:
            return lang
    return None


def pick_language(
    query: str | None,
    cookie: str | None,
    accept_language: str | None,
    default: Lang,
) -> Lang:
    """The pages' language: ``?lang=``, then the cookie, then ``Accept-Language``."""
    return (
        coerce_language(query)
        or coerce_language(cookie)
        or negotiate_language(accept_language, default=default)
    )
