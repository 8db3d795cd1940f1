"""The server-rendered pages: map data, filters, entry pages, language switching."""

from __future__ import annotations

import json
import re

from .conftest import TestClient
from .fixtures import located_count


def map_markers(html: str) -> list[dict[str, object]]:
    match = re.search(
        r'<script type="application/json" id="map-data"[^>]*>(.*?)</script>', html, re.S
    )
    assert match, "no map data in the page"
    markers: list[dict[str, object]] = json.loads(match.group(1))
    return markers


def test_home_page_puts_every_located_entry_on_the_map(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    markers = map_markers(response.text)
    assert len(markers) == located_count()
    assert {m["type"] for m in markers} >= {"place", "experience", "event", "provider"}


def test_home_page_has_a_legend_filters_and_a_labelled_search(
    client: TestClient,
) -> None:
    html = client.get("/").text
    assert '<label for="q">Search</label>' in html
    for name in ("type", "kind", "province", "open_now"):
        assert f'id="{name}"' in html
        assert f'for="{name}"' in html
    assert 'class="legend"' in html
    assert 'hx-get="/"' in html


def test_htmx_requests_get_only_the_results(client: TestClient) -> None:
    response = client.get(
        "/", params={"q": "vinh ha long"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text
    assert 'data-entry-id="ha-long-bay"' in response.text
    assert [m["id"] for m in map_markers(response.text)] == ["ha-long-bay"]


def test_filters_narrow_the_results_and_bad_values_are_ignored(
    client: TestClient,
) -> None:
    html = client.get("/", params={"province": "hai-phong", "type": "place"}).text
    assert 'data-entry-id="cat-ba-island"' in html
    assert 'data-entry-id="ha-long-bay"' not in html
    odd = client.get(
        "/", params={"province": "atlantis", "kind": "<script>", "tag": "x"}
    )
    assert odd.status_code == 200
    assert "<script>" not in odd.text.split('id="results"')[1].split("map-data")[0]


def test_sample_entries_are_badged_in_lists_and_on_the_map(client: TestClient) -> None:
    html = client.get("/", params={"q": "sample"}).text
    assert "Sample data" in html
    assert any(m["sample"] for m in map_markers(html))


def test_place_page_shows_story_hours_prices_sources_and_jsonld(
    client: TestClient,
) -> None:
    html = client.get("/places/ha-long-bay").text
    assert "Legend says a family of dragons" in html
    assert "Open now" in html  # the test clock says 10:00 local, open 07:00-17:30
    assert "Closes at" in html
    assert "5:30" in html
    assert "₫290,000" in html
    assert "Sources" in html
    assert "https://whc.unesco.org/en/list/672" in html
    assert "Nearby places" in html
    assert "/places/sung-sot-cave" in html
    head = html.split("</head>")[0]
    jsonld = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', head, re.S
    )
    assert jsonld is not None
    assert json.loads(jsonld.group(1))["identifier"] == "ha-long-bay"


def test_closed_places_say_when_they_open(client: TestClient, clock) -> None:
    clock.advance(hours=12)  # 22:00 local
    html = client.get("/places/sung-sot-cave").text
    assert "Closed now" in html
    assert "Opens at" in html


def test_sample_entry_page_has_a_visible_badge(client: TestClient) -> None:
    html = client.get("/providers/sample-cat-ba-hotel").text
    assert 'class="badge badge-sample"' in html
    assert "no sources" in html


def test_a_position_not_confirmed_by_a_source_is_called_approximate(
    client: TestClient,
) -> None:
    note = "Approximate position: not yet confirmed against a source"
    assert note in client.get("/places/cat-ba-island").text
    assert note not in client.get("/places/sung-sot-cave").text
    japanese = client.get("/places/cat-ba-island", params={"lang": "ja"}).text
    assert "おおよその位置です" in japanese
    assert 'data-approximate-label="おおよその位置"' in japanese
    markers = {m["id"]: m for m in map_markers(client.get("/").text)}
    assert markers["cat-ba-island"]["approximate"] is True
    assert markers["sung-sot-cave"]["approximate"] is False


def test_every_type_has_pages(client: TestClient) -> None:
    for path in (
        "/experiences/sample-kayak-lan-ha",
        "/events/ha-long-carnaval",
        "/transport-links/tuan-chau-gia-luan-ferry",
    ):
        assert client.get(path).status_code == 200, path
    redirect = client.get("/entries/ha-long-carnaval", follow_redirects=False)
    assert redirect.headers["location"] == "/events/ha-long-carnaval"


def test_unknown_page_is_a_friendly_404_for_browsers(client: TestClient) -> None:
    response = client.get("/places/atlantis", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Back to the map" in response.text
    api = client.get("/api/v1/places/atlantis", headers={"Accept": "text/html"})
    assert api.headers["content-type"] == "application/problem+json"


def test_language_switch_sets_html_lang_texts_and_a_cookie(client: TestClient) -> None:
    response = client.get("/", params={"lang": "ja"})
    assert '<html lang="ja">' in response.text
    assert "検索" in response.text
    assert response.headers["content-language"] == "ja"
    assert "tourlink_lang=ja" in response.headers["set-cookie"]
    again = client.get("/places/ha-long-bay")  # the cookie remembers Japanese
    assert '<html lang="ja">' in again.text
    assert "ハロン湾" in again.text


def test_accept_language_is_the_default_language(client: TestClient) -> None:
    html = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9"}).text
    assert '<html lang="ko">' in html
    assert "검색" in html


def test_switcher_offers_six_languages_and_keeps_the_query(client: TestClient) -> None:
    html = client.get("/", params={"q": "cave", "lang": "vi"}).text
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang', html)
    assert [lang for _, lang in links] == ["vi", "en", "ja", "ko", "zh", "hi"]
    assert all("q=cave" in href for href, _ in links)


def test_content_falls_back_to_english_with_a_lang_attribute(
    client: TestClient,
) -> None:
    html = client.get("/places/cat-ba-island", params={"lang": "hi"}).text
    assert '<html lang="hi">' in html
    assert '<h1 lang="en">Cat Ba Island</h1>' in html
