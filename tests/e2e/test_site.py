"""What a visitor sees in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import LiveServer, Visit


def test_home_map_shows_a_marker_for_every_located_entry(
    visit: Visit, live_server: LiveServer
) -> None:
    located = sum(1 for e in live_server.entries if e.location is not None)
    visit.goto("/")
    markers = visit.page.locator("#map .leaflet-marker-icon")
    expect(markers).to_have_count(located)
    expect(visit.page.locator(".legend li").first).to_be_visible()
    expect(visit.page.locator("#map .leaflet-overlay-pane path").first).to_be_attached()
    assert visit.external == []


def test_switching_language_changes_the_texts(visit: Visit) -> None:
    visit.goto("/")
    expect(visit.page.locator("label[for=q]")).to_have_text("Search")
    visit.page.locator("a[data-lang=ja]").click()
    expect(visit.page.locator("html")).to_have_attribute("lang", "ja")
    expect(visit.page.locator("label[for=q]")).to_have_text("検索")
    expect(visit.page.locator("h1")).to_have_text("ハロン湾とハイフォンの遺産")
    # The choice is remembered on the next page.
    visit.goto("/places/ha-long-bay")
    expect(visit.page.locator("h1")).to_have_text("ハロン湾")


def test_search_without_diacritics_finds_the_place(visit: Visit) -> None:
    visit.goto("/")
    visit.page.locator("#q").fill("vinh ha long")
    first = visit.page.locator("#results .card-link").first
    expect(first).to_have_text("Ha Long Bay")
    expect(visit.page).to_have_url(re.compile(r"q=vinh(\+|%20)ha(\+|%20)long"))
    expect(visit.page.locator("#map .leaflet-marker-icon").first).to_be_attached()
    first.click()
    expect(visit.page).to_have_url(re.compile(r"/places/ha-long-bay"))


def test_place_page_renders_its_story_and_sources(
    visit: Visit, live_server: LiveServer
) -> None:
    entry = next(e for e in live_server.entries if e.story and e.type.value == "place")
    visit.goto(f"/places/{entry.id}")
    expect(visit.page.locator("h1")).to_have_text(entry.name.localize("en"))
    story = visit.page.locator(".story")
    expect(story).to_be_visible()
    expect(story).to_contain_text(entry.story.localize("en").split("\n")[0][:40])
    expect(visit.page.locator("#sources-title")).to_have_text("Sources")
    assert visit.external == []


def test_phone_layout_keeps_the_map_and_search(visit: Visit) -> None:
    visit.page.set_viewport_size({"width": 390, "height": 844})
    visit.goto("/")
    expect(visit.page.locator("#q")).to_be_visible()
    box = visit.page.locator("#map").bounding_box()
    assert box is not None
    assert box["width"] <= 390


def test_api_docs_render_from_vendored_files(visit: Visit) -> None:
    visit.goto("/docs")
    expect(visit.page.locator(".swagger-ui .info .title")).to_contain_text("tourlink")
    assert visit.external == []
