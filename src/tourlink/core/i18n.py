"""Multilingual text as a value type, with a fallback chain.

Content (names, descriptions, stories) is stored per language; a reader asks for a language
and gets the first text present along ``requested → en → vi``. UI strings are not here: they
live in gettext catalogs used by the web layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, get_args

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

Lang = Literal["vi", "en", "ja", "ko", "zh", "hi"]
"""The languages tourlink speaks: Vietnamese, English, Japanese, Korean, Chinese, Hindi."""

LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT_FALLBACK: tuple[Lang, ...] = ("en", "vi")
"""Where a missing translation falls back to, in order."""

LANGUAGE_NAMES: dict[Lang, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "ja": "日本語",
    "ko": "한국어",
    "zh": "中文",
    "hi": "हिन्दी",
}
"""Each language's name in that language, for language switchers."""


def is_lang(code: str) -> bool:
    """Whether ``code`` is one of the supported language codes."""
    return code in LANGUAGES


def fallback_chain(requested: str | None) -> tuple[Lang, ...]:
    """The languages to try for ``requested``, e.g. ``ja → en → vi``."""
    chain: list[Lang] = []
    if requested is not None:
        base = requested.split("-")[0].lower()
        for lang in LANGUAGES:
            if lang == base:
                chain.append(lang)
    for lang in DEFAULT_FALLBACK:
        if lang not in chain:
            chain.append(lang)
    return tuple(chain)


class I18nText(Mapping[str, str]):
    """A text in several languages, e.g. the name of Ha Long Bay.

    >>> name = I18nText({"vi": "Vịnh Hạ Long", "en": "Ha Long Bay", "ja": "ハロン湾"})
    >>> name.localize("ja"), name.localize("hi"), name.localize("ko")
    ('ハロン湾', 'Ha Long Bay', 'Ha Long Bay')

    Keys must be supported language codes; values are stripped and empty values dropped.
    """

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | None = None) -> None:
        clean: dict[str, str] = {}
        for lang, text in (texts or {}).items():
            if lang not in LANGUAGES:
                msg = f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}"
                raise ValueError(msg)
            if not isinstance(text, str):
                msg = f"text for {lang!r} must be a string (got {type(text).__name__})"
                raise ValueError(msg)
            stripped = text.strip()
            if stripped:
                clean[lang] = stripped
        self._texts = clean

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"I18nText({self._texts!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, I18nText):
            return self._texts == other._texts
        if isinstance(other, Mapping):
            return self._texts == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._texts.items())))

    def localize(self, lang: str | None, default: str = "") -> str:
        """The text in ``lang``, else along the fallback chain, else ``default``."""
        for candidate in fallback_chain(lang):
            if candidate in self._texts:
                return self._texts[candidate]
        return next(iter(self._texts.values()), default)

    def resolved_language(self, lang: str | None) -> Lang | None:
        """The language ``localize(lang)`` actually answers in (for Content-Language)."""
        for candidate in fallback_chain(lang):
            if candidate in self._texts:
                return candidate
        for other in LANGUAGES:
            if other in self._texts:
                return other
        return None

    def languages(self) -> tuple[Lang, ...]:
        """The languages present, in the canonical order."""
        return tuple(lang for lang in LANGUAGES if lang in self._texts)

    def texts(self) -> Iterable[str]:
        """Every language's text (for indexing)."""
        return self._texts.values()

    def to_dict(self) -> dict[str, str]:
        """A plain dict copy, in canonical language order."""
        return {lang: self._texts[lang] for lang in LANGUAGES if lang in self._texts}

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        del source, handler

        def build(value: Any) -> I18nText:
            if isinstance(value, I18nText):
                return value
            if isinstance(value, str):
                return cls({"en": value})
            if isinstance(value, Mapping):
                return cls(value)
            msg = "expected a mapping of language code to text"
            raise ValueError(msg)

        return core_schema.no_info_plain_validator_function(
            build,
            json_schema_input_schema=core_schema.dict_schema(
                core_schema.str_schema(), core_schema.str_schema()
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.to_dict()
            ),
        )


def negotiate_language(accept_language: str | None, default: Lang = "en") -> Lang:
    """Pick the best supported language from an HTTP ``Accept-Language`` header.

    >>> negotiate_language("ja-JP,ja;q=0.9,en;q=0.8")
    'ja'
    >>> negotiate_language("fr, de;q=0.5")
    'en'
    """
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for neg_q, _, tag in sorted(ranked):
        if neg_q >= 0:
            continue
        base = tag.split("-")[0]
        for lang in LANGUAGES:
            if lang == base:
                return lang
    return default
