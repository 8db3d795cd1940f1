"""A server-rendered SVG bar chart of slot utilisation (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from markupsafe import Markup

from tourlink.core.clock import LOCAL_TZ

BAR = 18
GAP = 6
HEIGHT = 120


def utilisation_svg(bars: Sequence[tuple[datetime, int, int]]) -> Markup:
    """Bars per slot: the booked share of capacity (tall = full), labelled by time."""
    width = max(1, len(bars)) * (BAR + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="utilisation" role="img" '
        f'viewBox="0 0 {width} {HEIGHT + 30}" width="{width}" height="{HEIGHT + 30}">'
    ]
    for i, (start, used, capacity) in enumerate(bars):
        share = used / capacity if capacity else 0.0
        h = round(share * HEIGHT)
        x = GAP + i * (BAR + GAP)
        colour = "#b91c1c" if share >= 1 else ("#c2410c" if share >= 0.9 else "#0b6e69")
        label = start.astimezone(LOCAL_TZ).strftime("%d/%m %H:%M")
        parts.append(
            f'<rect x="{x}" y="0" width="{BAR}" height="{HEIGHT}" fill="#e5e7eb"/>'
            f'<rect x="{x}" y="{HEIGHT - h}" width="{BAR}" height="{h}" fill="{colour}" '
            f'data-used="{used}" data-capacity="{capacity}">'
            f"<title>{escape(label)}: {used}/{capacity}</title></rect>"
            f'<text x="{x + BAR / 2}" y="{HEIGHT + 12}" font-size="8" text-anchor="middle">'
            f"{escape(start.astimezone(LOCAL_TZ).strftime('%H:%M'))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
