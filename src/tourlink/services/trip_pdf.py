"""Printable PDFs of trip plans and package brochures, written without a PDF library.

The writer uses the PDF standard fonts (Helvetica), which cover the Windows-1252
repertoire only: English text and names without Vietnamese tone marks. A document with
characters outside it (Vietnamese diacritics, Japanese, Korean, Chinese, Devanagari) is
refused with :class:`PdfFontsMissingError` (HTTP 501) instead of printing boxes or
stripped text: those scripts need embedded fonts and text shaping, i.e. a PDF library such
as ``fpdf2`` (with ``uharfbuzz``) and Noto fonts, which this installation does not have.

Both the web API (``/api/v1/plans/{id}.pdf``) and the CLI (``tourlink plan --pdf``) use
this module; it lives in ``services`` because the web and CLI layers may not import each
other.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import TourlinkError
from tourlink.trips import TripPlan

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN = 50
LINE = 14
ENCODING = "cp1252"


class PdfFontsMissingError(TourlinkError):
    """The document needs a script the built-in PDF fonts cannot show."""

    default_code = "pdf_fonts_missing"
    status = 501


@dataclass(frozen=True)
class Line:
    """One line of text: ``size`` in points, ``bold`` or not, indented by ``indent``."""

    text: str
    size: int = 10
    bold: bool = False
    indent: int = 0


def _escape(text: str) -> bytes:
    raw = text.encode(ENCODING)
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(line: Line) -> list[Line]:
    width = int((PAGE_W - 2 * MARGIN - line.indent) / (line.size * 0.5))
    words, out, current = line.text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    return [Line(t, line.size, line.bold, line.indent) for t in out]


def check_encodable(lines: Sequence[Line], language: str) -> None:
    """Raise :class:`PdfFontsMissingError` unless every line fits the built-in fonts."""
    for line in lines:
        try:
            line.text.encode(ENCODING)
        except UnicodeEncodeError as err:
            bad = line.text[err.start : err.end]
            raise PdfFontsMissingError(
                f"this document ({language}) contains {bad!r}, which the built-in PDF "
                "fonts cannot show; PDFs in Vietnamese, Japanese, Korean, Chinese and "
                "Hindi need embedded Noto fonts (not installed on this server). Use the "
                "page's Print button or the .ics file meanwhile",
                context={"language": language, "character": bad},
            ) from None


def render(lines: Sequence[Line], *, title: str, language: str) -> bytes:
    """A PDF of ``lines`` (wrapped, paginated, A4)."""
    check_encodable([*lines, Line(title)], language)
    pages: list[list[tuple[int, Line]]] = [[]]
    y = PAGE_H - MARGIN
    for line in (w for raw in lines for w in _wrap(raw)):
        step = line.size + 4
        if y - step < MARGIN:
            pages.append([])
            y = PAGE_H - MARGIN
        y -= step
        pages[-1].append((y, line))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + _escape(title) + b") /Producer (tourlink) >>",
    ]
    kids = []
    for number, page in enumerate(pages, start=1):
        ops = [b"BT"]
        for y, line in page:
            font = b"/F2" if line.bold else b"/F1"
            ops.append(
                font
                + b" %d Tf 1 0 0 1 %d %d Tm (" % (line.size, MARGIN + line.indent, y)
                + _escape(line.text)
                + b") Tj"
            )
        footer = f"{title} - {number}/{len(pages)}"
        ops.append(b"/F1 8 Tf 1 0 0 1 %d 30 Tm (" % MARGIN + _escape(footer) + b") Tj")
        ops.append(b"ET")
        stream = zlib.compress(b"\n".join(ops))
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_W, PAGE_H)
            + b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            + b"/Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


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
                text = (
                    f"{start:%H:%M}  -> {item.name} ({item.mode}, {item.minutes} min)"
                )
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
    """The plan as a PDF (see the module docstring for the scripts it can show)."""
    return render(plan_lines(plan), title="tourlink trip plan", language=plan.language)
