"""Browser fixtures (a pytest plugin of tests/conftest.py, shared by every folder):
Playwright driving Debian's chromium against the live server."""

from __future__ import annotations

import os

import pytest

from tests.conftest import chromium_path

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# refuse to run there without this. Test-only: never set in deployment.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every demo site is a *.localhost name; pin them to the live server's address.
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    path = chromium_path()
    if path is None:
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(int(os.environ.get("BROWSER_TIMEOUT_MS", "15000")))
    yield page
    context.close()


@pytest.fixture
def site_url(live_server):  # type: ignore[no-untyped-def]
    """Build a URL on one of the demo's *.localhost sites served by the live server."""
    port = live_server.url.rsplit(":", 1)[1]

    def build(hostname: str, path: str = "/") -> str:
        return f"http://{hostname}:{port}{path}"

    return build
