"""PDFs in all six languages: embedded Noto fonts per script, HarfBuzz shaping, fallbacks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from tourlink.catalog import load_catalog
from tourlink.core.clock import FixedClock
from tourlink.services.package_brochure import brochure_lines
from tourlink.services.package_samples import sample_packages
from tourlink.services.packages import PackageService, lookup_of
from tourlink.services.trip_pdf import Line, fonts_for, render

PHRASES = {
    "vi": "Vân Đồn – Bái Tử Long – hang động Cẩm Phả – Cát Bà – Chu Đậu",
    "en": "Van Don – Bai Tu Long – Cam Pha caves – Cat Ba – Chu Dau",
    "ja": "ヴァンドン – バイトゥロン湾 – カムファーの洞窟",
    "ko": "반돈 – 바이뜨롱 – 깜파 동굴 – 깟바",
    "zh": "云屯 – 拜子龙湾 – 锦普溶洞 – 吉婆岛",
    "hi": "वान डोन – बाई तू लॉन्ग – कैम फा गुफाएँ – क्षत्रिय",
}
MAIN_FONT = {
    "vi": "NotoSansBold",
    "en": "NotoSansBold",
    "ja": "NotoSansJapaneseRegular",
    "ko": "NotoSansKoreanRegular",
    "zh": "NotoSansSChineseRegular",
    "hi": "NotoSansDevanagariBold",
}
"""A font each language's PDF must embed (fpdf2 names them from the font's names)."""


def base_fonts(pdf: bytes) -> set[str]:
    """The ``/BaseFont`` names of a PDF (subset tags removed)."""
    names = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)", pdf))
    return {n.decode() for n in names}


@pytest.mark.parametrize("lang", list(PHRASES))
def test_every_language_renders_with_its_script_font(lang: str) -> None:
    lines = [
        Line(PHRASES[lang], 18, bold=True),
        Line(PHRASES[lang] + " · Hạ Long", 10),
    ]
    pdf = render(lines, title=PHRASES[lang], language=lang)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert MAIN_FONT[lang] in base_fonts(pdf)
    # Vietnamese tone marks in a non-Latin document come from the Noto Sans fallback
    assert "NotoSans" in base_fonts(pdf)
    assert b"/Lang (" + lang.encode() in pdf
    # the ToUnicode maps make the text extractable: the phrase's code points are there
    for char in PHRASES[lang][:4]:
        assert f"<{ord(char):04X}>".encode() in pdf


def test_fonts_are_chosen_by_language_and_by_script() -> None:
    assert fonts_for("Vịnh Hạ Long", "vi") == ["NotoSans"]
    assert fonts_for("ハロン湾", "ja")[0] == "NotoSansJP"
    assert fonts_for("नमस्ते Hạ Long", "hi") == ["NotoSansDevanagari", "NotoSans"]
    assert fonts_for("Ha Long 하롱", "en") == ["NotoSans", "NotoSansKR"]


def test_the_sample_brochure_prints_in_hindi_with_rupees() -> None:
    entries = {e.id: e for e in load_catalog()}
    service = PackageService(
        lookup_of(entries.get, entries),
        FixedClock(datetime(2026, 12, 1, 3, tzinfo=UTC)),
    )
    service.seed(sample_packages(date(2026, 12, 1), entries.__contains__))
    record = service.get("sample-van-don-cat-ba-chu-dau-4d")
    lines = brochure_lines(record, service, "hi", "INR")
    assert lines[1].text.startswith("नमूना डेटा")
    assert any(line.text.startswith("₹") for line in lines)
    pdf = render(lines, title=record.package.name.localize("hi"), language="hi")
    assert {"NotoSansDevanagari", "NotoSansDevanagariBold"} <= base_fonts(pdf)
