"""Nothing is loaded from another origin: no CDN scripts, styles or map tiles."""

from __future__ import annotations

import re
from pathlib import Path

import tourlink.web
from tourlink.settings import Settings

from .conftest import TestClient

WEB = Path(tourlink.web.__file__).parent
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"

EXTERNAL_RESOURCE = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
    re.I,
)
CSS_IMPORT = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?:https?:)?//""", re.I)
TILE_TEMPLATE = re.compile(r"""https?://[^"'\s]*\{[xyz]\}""", re.I)
FETCH_REMOTE = re.compile(
    r"""(?:fetch|importScripts|import)\(\s*["'](?:https?:)?//""", re.I
)


def test_templates_load_nothing_from_another_origin() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not EXTERNAL_RESOURCE.search(text), template
        assert not TILE_TEMPLATE.search(text), template


def test_static_files_load_nothing_from_another_origin() -> None:
    checked = 0
    for path in STATIC.rglob("*"):
        if path.suffix not in {".js", ".css", ".html", ".json", ".geojson", ".svg"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not CSS_IMPORT.search(text), path
        assert not TILE_TEMPLATE.search(text), path
        assert not FETCH_REMOTE.search(text), path
        assert "sourceMappingURL=http" not in text, path
        checked += 1
    assert checked >= 6


def test_vendored_libraries_and_base_map_are_present() -> None:
    vendor = STATIC / "vendor"
    for name in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "htmx/htmx.min.js",
        "swagger-ui/swagger-ui-bundle.js",
        "jsqr/jsQR.js",
        "basemap/land-region.geojson",
    ):
        assert (vendor / name).is_file(), name


def test_rendered_pages_only_reference_same_origin_assets(client: TestClient) -> None:
    for path in ("/", "/places/ha-long-bay", "/docs", "/problems"):
        html = client.get(path).text
        assert not EXTERNAL_RESOURCE.search(html), path
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            assert client.get(asset).status_code == 200, asset


def test_a_configured_tile_server_is_used(services) -> None:
    from tourlink.web.app import create_app

    settings = Settings(
        environment="test", tile_url="https://tiles.example.org/{z}/{x}/{y}.png"
    )
    with TestClient(create_app(settings, services)) as client:
        html = client.get("/").text
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
