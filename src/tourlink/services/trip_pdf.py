"""Printable PDFs of trip plans and package brochures in all six languages.

Written with ``fpdf2`` and the Noto fonts vendored in ``web/static/fonts`` (see
``scripts/vendor_fonts.sh``): Noto Sans for Latin and Vietnamese, Noto Sans Devanagari
for Hindi, Noto Sans JP / KR / SC for Japanese, Korean and Chinese. Text is shaped with
HarfBuzz (``uharfbuzz``), so Devanagari conjuncts and vowel signs and Vietnamese stacked
diacritics come out right; characters the main font lacks are taken from the fallback
fonts, so a Hindi brochure may quote a Vietnamese place name. Only the fonts a document
needs are loaded, and only the glyphs it uses are embedded.

If the font files are missing (a trimmed installation), :class:`PdfFontsMissingError`
(HTTP 501) says so instead of printing boxes.

Both the web API (``/api/v1/plans/{id}.pdf``, ``/api/v1/packages/{id}.pdf``) and the CLI
(``tourlink plan --pdf``) use this module; it lives in ``services`` because the web and
CLI layers may not import each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import TourlinkError
from tourlink.trips import TripPlan

FONT_DIR = Path(__file__).resolve().parent.parent / "web" / "static" / "fonts"
"""The vendored Noto fonts (committed; nothing is fetched at run time)."""

FAMILIES: dict[str, str] = {
    "NotoSans": "NotoSans-{style}.ttf",
    "NotoSansDevanagari": "NotoSansDevanagari-{style}.ttf",
    "NotoSansJP": "NotoSansJP-{style}.otf",
    "NotoSansKR": "NotoSansKR-{style}.otf",
    "NotoSansSC": "NotoSansSC-{style}.otf",
}
"""Font family → file name pattern (``style`` is ``Regular`` or ``Bold``)."""

CJK_BY_LANGUAGE = {"ja": "NotoSansJP", "ko": "NotoSansKR", "zh": "NotoSansSC"}
MARGIN_MM = 18
FOOTER_MM = 12


class PdfFontsMissingError(TourlinkError):
    """The fonts a document needs are not installed on this server."""

    default_code = "pdf_fonts_missing"
    status = 501


@dataclass(frozen=True)
class Line:
    """One paragraph: ``size`` in points, ``bold`` or not, indented by ``indent`` points."""

    text: str
    size: int = 10
    bold: bool = False
    indent: int = 0


def _has(text: str, *ranges: tuple[int, int]) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in ranges)


DEVANAGARI = ((0x0900, 0x097F), (0xA8E0, 0xA8FF))
HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))
KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF))
HAN = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def fonts_for(text: str, language: str) -> list[str]:
    """The font families a document needs, its main family first.

    Chinese, Japanese and Korean documents use their own CJK font first (the glyph
    shapes of Han characters differ between them); other documents use Noto Sans with
    Devanagari and a CJK font as fallbacks when the text contains those scripts.
    """
    families = ["NotoSans"]
    if language == "hi" or _has(text, *DEVANAGARI):
        families.append("NotoSansDevanagari")
    cjk = CJK_BY_LANGUAGE.get(language)
    if cjk is None and _has(text, *HANGUL):
        cjk = "NotoSansKR"
    elif cjk is None and _has(text, *KANA):
        cjk = "NotoSansJP"
    elif cjk is None and _has(text, *HAN):
        cjk = "NotoSansSC"
    if cjk is not None:
        families.insert(0 if language in CJK_BY_LANGUAGE else len(families), cjk)
    if language == "hi":
        families.remove("NotoSansDevanagari")
        families.insert(0, "NotoSansDevanagari")
    return families


class _Document(FPDF):
    footer_text = ""
    footer_family = "NotoSans"

    def footer(self) -> None:
        self.set_y(-FOOTER_MM)
        self.set_font(self.footer_family, "", 8)
        self.set_text_color(90, 90, 90)
        label = f"{self.footer_text} – {self.page_no()}/{{nb}}"
        self.cell(0, 5, label, align="C")
        self.set_text_color(0, 0, 0)


def _font_file(family: str, style: str) -> Path:
    path = FONT_DIR / FAMILIES[family].format(style=style)
    if not path.is_file():
        raise PdfFontsMissingError(
            f"the PDF font {path.name} is not installed (run scripts/vendor_fonts.sh); "
            "use the page's Print button meanwhile",
            context={"font": path.name},
        )
    return path


def _load_fonts(pdf: FPDF, families: Iterable[str], bold: bool) -> None:
    for family in families:
        pdf.add_font(family, "", str(_font_file(family, "Regular")))
        if bold:
            pdf.add_font(family, "B", str(_font_file(family, "Bold")))


def render(lines: Sequence[Line], *, title: str, language: str) -> bytes:
    """A PDF of ``lines`` (wrapped, paginated, A4) in ``language``'s fonts."""
    text = "\n".join([title, *(line.text for line in lines)])
    families = fonts_for(text, language)
    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM + 4)
    _load_fonts(pdf, families, any(line.bold for line in lines))
    pdf.footer_text = title
    pdf.footer_family = families[0]
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("tourlink")
    pdf.set_text_shaping(True)
    pdf.set_fallback_fonts(families[1:], exact_match=False)
    wrap = WrapMode.CHAR if language in ("ja", "zh") else WrapMode.WORD
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    for line in lines:
        pdf.set_font(families[0], "B" if line.bold else "", line.size)
        indent = line.indent * 25.4 / 72
        if line.bold and line.size >= 13:
            pdf.ln(line.size * 0.15)
        pdf.set_x(MARGIN_MM + indent)
        pdf.multi_cell(
            width - indent,
            line.size * 0.5,
            line.text,
            wrapmode=wrap,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(line.size * 0.12)
    return bytes(pdf.output())


def _vnd(amount: int) -> str:
    return f"{amount:,} VND"


def plan_lines(plan: TripPlan) -> list[Line]:
    """The plan as lines: days, items with times, costs, warnings."""
    lines = [Line("Your trip", 18, bold=True)]
    for day in plan.days:
        lines.append(Line(f"Day {day.day} - {day.date:%A %d %B %Y}", 13, bold=True))
        for item in day.items:
            start = item.start.astimezone(LOCAL_TZ)
            end = item.end.astimezone(LOCAL_TZ)
            if item.kind == "travel":
                text = f"{start:%H:%M}  → {item.name} ({item.mode}, {item.minutes} min)"
                lines.append(Line(text, 9, indent=20))
                continue
            cost = f"  {_vnd(item.cost)}" if item.cost else ""
            lines.append(
                Line(f"{start:%H:%M}-{end:%H:%M}  {item.name}{cost}", 10, True, 10)
            )
            if item.why:
                lines.append(Line(item.why, 9, indent=30))
    c = plan.total_cost
    lines.append(Line("Costs (whole party)", 13, bold=True))
    for label, value in (
        ("Tickets", c.tickets),
        ("Meals", c.meals),
        ("Hotels", c.hotels),
        ("Transport", c.transport),
        ("Total", c.total),
    ):
        lines.append(Line(f"{label}: {_vnd(value)}", 10, label == "Total", 10))
    if plan.warnings:
        lines.append(Line("Good to know", 13, bold=True))
        lines.extend(Line(f"- {w.message}", 10, indent=10) for w in plan.warnings)
    return lines


def plan_pdf(plan: TripPlan) -> bytes:
    """The plan as a PDF in its language's fonts."""
    return render(plan_lines(plan), title="tourlink trip plan", language=plan.language)
