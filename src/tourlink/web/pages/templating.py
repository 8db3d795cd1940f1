"""Jinja2 rendering with gettext: one environment, the request's language per render.

The i18n extension's ``gettext``/``ngettext`` read the current request's translations from
a context variable, so concurrent requests in different languages never mix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from tourlink.core.clock import LOCAL_TZ
from tourlink.core.i18n import I18nText, Lang

from ..i18n import translations

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
_current: ContextVar[Lang] = ContextVar("tourlink_page_language", default="en")


def _gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def _localize(value: I18nText | Mapping[str, str] | None) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, I18nText) else I18nText(value)
    return text.localize(_current.get())


def _text_lang(value: I18nText | None) -> str:
    """The language a localized text is actually in (for a ``lang`` attribute)."""
    if value is None:
        return _current.get()
    return value.resolved_language(_current.get()) or _current.get()


def _vnd(amount: int) -> str:
    return format_currency(amount, "VND", locale=_current.get())


def _number(value: float) -> str:
    return format_decimal(round(value, 1), locale=_current.get())


def _local_datetime(value: datetime) -> str:
    local = value.astimezone(LOCAL_TZ)
    lang = _current.get()
    return (
        f"{format_skeleton('MMMEd', local, locale=lang)} "
        f"{format_time(local, 'short', locale=lang)}"
    )


def _local_date(value: date) -> str:
    return format_date(value, "medium", locale=_current.get())


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True
    )
    env.filters.update(
        localize=_localize,
        text_lang=_text_lang,
        vnd=_vnd,
        number=_number,
        local_datetime=_local_datetime,
        local_date=_local_date,
    )
    return env


@contextmanager
def language(lang: Lang) -> Iterator[None]:
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def render_html(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    lang: Lang,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` in ``lang`` into a response with ``Content-Language``."""
    with language(lang):
        html = (
            environment()
            .get_template(template)
            .render({**context, "request": request, "lang": lang})
        )
    return HTMLResponse(
        html,
        status_code=status_code,
        headers={
            "Content-Language": lang,
            "Vary": "Accept-Language, Cookie, HX-Request",
        },
    )


def translate(lang: Lang, message: str) -> str:
    """Translate one UI message outside a template."""
    return translations(lang).gettext(message)
