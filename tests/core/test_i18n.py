from __future__ import annotations

import pytest
from pydantic import BaseModel

from tourlink.core.i18n import I18nText, fallback_chain, negotiate_language

HA_LONG = I18nText({"vi": "Vịnh Hạ Long", "en": "Ha Long Bay", "ja": "ハロン湾"})


def test_localize_returns_requested_language_when_present() -> None:
    assert HA_LONG.localize("ja") == "ハロン湾"


def test_localize_falls_back_to_english_then_vietnamese() -> None:
    assert HA_LONG.localize("hi") == "Ha Long Bay"
    only_vi = I18nText({"vi": "Hang Sửng Sốt"})
    assert only_vi.localize("ko") == "Hang Sửng Sốt"


def test_resolved_language_names_the_language_actually_served() -> None:
    assert HA_LONG.resolved_language("ko") == "en"
    assert HA_LONG.resolved_language("ja") == "ja"


def test_region_subtags_are_reduced_to_the_base_language() -> None:
    assert fallback_chain("ja-JP") == ("ja", "en", "vi")


def test_unknown_language_code_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        I18nText({"fr": "Baie d'Along"})


def test_blank_texts_are_dropped() -> None:
    assert I18nText({"en": "  ", "vi": "x"}).languages() == ("vi",)


def test_i18ntext_validates_inside_pydantic_models() -> None:
    class Thing(BaseModel):
        name: I18nText

    thing = Thing.model_validate({"name": {"vi": "Yên Tử", "en": "Yen Tu"}})
    assert thing.name.localize("vi") == "Yên Tử"
    assert thing.model_dump(mode="json") == {"name": {"vi": "Yên Tử", "en": "Yen Tu"}}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("fr, de;q=0.5", "en"),
        ("fr, ko;q=0.5", "ko"),
        ("en;q=0.2, hi;q=0.9", "hi"),
        ("zh-Hans-CN", "zh"),
        ("vi;q=0", "en"),
        ("", "en"),
        ("garbage;q=abc", "en"),
    ],
)
def test_accept_language_negotiation_picks_best_supported(
    header: str, expected: str
) -> None:
    assert negotiate_language(header) == expected
