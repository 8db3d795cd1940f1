"""Every text of the bundled catalogue is written in its own language and script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

import pytest

from tourlink.catalog import Catalog, Event, TransportLink, load_catalog
from tourlink.core.i18n import I18nText

SCRIPT_PATTERNS = {
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),  # kana or kanji
    "ko": re.compile(r"[\uac00-\ud7af]"),  # hangul
    "zh": re.compile(r"[\u4e00-\u9fff]"),  # han
    "hi": re.compile(r"[\u0900-\u097f]"),  # devanagari
}
KANA_OR_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
VIETNAMESE_DIACRITICS = re.compile(
    "[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]",
    re.IGNORECASE,
)
CHECKED_FIELDS = ("name", "description", "story")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _texts(catalog: Catalog) -> Iterator[tuple[str, str, I18nText]]:
    """Every multilingual text: (entry id, field path, text)."""
    for entry in catalog:
        for name in CHECKED_FIELDS:
            yield entry.id, name, getattr(entry, name)
        if entry.location is not None:
            yield entry.id, "location.address", entry.location.address
        if isinstance(entry, Event):
            yield entry.id, "recurrence", entry.recurrence
        if isinstance(entry, TransportLink):
            yield entry.id, "frequency_note", entry.frequency_note
        for attr in ("admission", "prices"):
            for i, price in enumerate(getattr(entry, attr, ())):
                yield entry.id, f"{attr}[{i}].note", price.note
        for i, media in enumerate(entry.media):
            yield entry.id, f"media[{i}].caption", media.caption


def test_no_language_copies_another_languages_text(catalog: Catalog) -> None:
    copies = [
        (entry_id, field, a, b)
        for entry_id, field, text in _texts(catalog)
        for a, b in combinations(text.languages(), 2)
        if text[a].casefold() == text[b].casefold()
    ]
    assert copies == []


@pytest.mark.parametrize("lang", sorted(SCRIPT_PATTERNS))
def test_asian_language_texts_are_written_in_their_script(
    catalog: Catalog, lang: str
) -> None:
    pattern = SCRIPT_PATTERNS[lang]
    wrong = [
        (entry.id, field)
        for entry in catalog
        for field in CHECKED_FIELDS
        if (text := getattr(entry, field).get(lang)) and not pattern.search(text)
    ]
    assert wrong == []


def test_chinese_texts_contain_no_kana_or_hangul(catalog: Catalog) -> None:
    wrong = [
        (entry_id, field)
        for entry_id, field, text in _texts(catalog)
        if "zh" in text and KANA_OR_HANGUL.search(text["zh"])
    ]
    assert wrong == []


def test_japanese_texts_contain_kana(catalog: Catalog) -> None:
    """A Japanese text in kanji alone is probably a Chinese text in the wrong slot."""
    kana = re.compile(r"[\u3040-\u30ff]")
    wrong = [
        (entry.id, field)
        for entry in catalog
        for field in ("description", "story")
        if (text := getattr(entry, field).get("ja")) and not kana.search(text)
    ]
    assert wrong == []


def test_vietnamese_texts_carry_diacritics(catalog: Catalog) -> None:
    bare = [
        (entry.id, field)
        for entry in catalog
        for field in CHECKED_FIELDS
        if (text := getattr(entry, field).get("vi"))
        and not VIETNAMESE_DIACRITICS.search(text)
    ]
    assert bare == []
