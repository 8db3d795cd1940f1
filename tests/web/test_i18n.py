"""The UI's gettext catalogs: complete in every language, and used by API labels too."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tourlink.core.i18n import LANGUAGES
from tourlink.web.i18n import LOCALE_DIR, po_path, translations
from tourlink.web.labels import KIND_LABELS, PROVINCE_LABELS, TAG_LABELS, TYPE_LABELS

from .conftest import TestClient


def template_ids() -> set[str]:
    with (LOCALE_DIR / "messages.pot").open("rb") as handle:
        return {
            str(m.id if isinstance(m.id, str) else m.id[0])
            for m in read_po(handle)
            if m.id
        }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_ui_string_is_translated(lang: str) -> None:
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    ids = {str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    assert ids >= template_ids()
    untranslated = [
        m.id
        for m in catalog
        if m.id
        and (
            not m.string
            or (isinstance(m.string, tuple) and not all(m.string))
            or m.fuzzy
        )
    ]
    assert untranslated == []


def test_labels_of_codes_are_in_the_catalog() -> None:
    ids = template_ids()
    for table in (KIND_LABELS, TAG_LABELS, TYPE_LABELS, PROVINCE_LABELS):
        assert set(table.values()) <= ids


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Hang động"),
        ("ja", "洞窟"),
        ("ko", "동굴"),
        ("zh", "溶洞"),
        ("hi", "गुफा"),
    ],
)
def test_translations_compile_in_memory(lang: str, expected: str) -> None:
    assert translations(lang).gettext("Cave") == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang: str) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]")
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        wanted = set(placeholder.findall(str(ids[0])))
        for text in strings:
            assert set(placeholder.findall(str(text))) == wanted, (lang, message.id)


def test_api_kind_labels_follow_the_language(client: TestClient) -> None:
    item = client.get("/api/v1/places/sung-sot-cave", params={"lang": "ja"}).json()
    assert item["kind_label"] == "洞窟"
    assert item["province_name"] == "クアンニン省"
