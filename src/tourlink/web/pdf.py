"""PDF answers of the web layer: trip plans and package brochures.

The rendering itself is :mod:`tourlink.services.trip_pdf` (shared with the CLI): fpdf2
with the vendored Noto fonts, in all six languages. Only an installation whose font files
were removed answers ``501 pdf_fonts_missing``.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.responses import Response

from tourlink.services.trip_pdf import Line, plan_pdf, render
from tourlink.trips import TripPlan

PDF_MEDIA_TYPE = "application/pdf"


def _response(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type=PDF_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def pdf_response(plan: TripPlan, filename: str) -> Response:
    """The plan as a PDF download."""
    return _response(plan_pdf(plan), filename)


def brochure_response(
    lines: Sequence[Line], *, title: str, language: str, filename: str
) -> Response:
    """A package brochure as a PDF download."""
    return _response(render(lines, title=title, language=language), filename)
