"""Playwright driving the system Chromium against pytest-django's live server.

Chromium comes from the distribution (Debian package ``chromium``), never from Playwright's own
download, which this project's machines cannot reach. Without it the browser tests skip and say
how to install it; in CI (CI set) a missing Chromium fails the run instead.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses database access from a
# thread with a running loop unless told that this is deliberate (the tests are synchronous).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# CHROMIUM names another binary (e.g. /usr/bin/chromium-browser on some distributions).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_itemcollected(item):
    # At collection, before `-m` selects: `-m browser` and `-m "not browser"` both work.
    if item.path.parent == Path(__file__).parent:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install it with `apt-get install chromium` (Debian/Ubuntu)."
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI. {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh context (no cookies): ``new_page(width=360, javascript=False)``."""
    contexts = []

    def open_page(*, width: int = 1280, height: int = 900, javascript: bool = True, locale: str = "id-ID"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript, locale=locale
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
