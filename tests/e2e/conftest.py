"""Browser tests: a real uvicorn server on a free port and Debian's chromium via Playwright.

No browser is ever downloaded: the tests drive ``/usr/bin/chromium``. Without it they are
skipped on a workstation but fail in CI (``CI`` set), where a missing browser is a broken
set-up, not a reason to pass.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import serve_in_thread
from tourlink.catalog import AnyEntryT, CatalogInvalidError, load_catalog
from tourlink.services.container import memory_services
from tourlink.settings import Settings
from tourlink.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


def catalogue_entries() -> list[AnyEntryT]:
    """The bundled catalogue; the web fixtures while the bundled data does not validate."""
    try:
        return list(load_catalog())
    except CatalogInvalidError:
        from tests.web.fixtures import fixture_entries

        return fixture_entries()


@dataclass
class LiveServer:
    url: str
    entries: list[AnyEntryT]


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    entries = catalogue_entries()
    settings = Settings(
        environment="test", secret_key="e2e-secret", default_language="en"
    )
    app = create_app(settings, memory_services(entries))
    with serve_in_thread(app) as url:
        yield LiveServer(url, entries)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@dataclass
class Visit:
    page: Any
    base: str
    external: list[str]

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)


@pytest.fixture
def visit(browser: Any, live_server: LiveServer) -> Iterator[Visit]:
    """A fresh browser context (no cookies) that refuses any request to another origin."""
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}
    )
    external: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield Visit(page, live_server.url, external)
    finally:
        context.close()
