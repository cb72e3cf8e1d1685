"""Browser tests (@pytest.mark.browser): one headless Debian chromium per session, a new context per test.

Registered from the root conftest. Screenshots land in var/screenshots/. Without /usr/bin/chromium or a CJK
font the browser tests are skipped with one line, and every other test runs as usual. No browser is ever
downloaded: Playwright drives the system chromium.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from core.testing.personas import PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SKIP_REASON = ("browser tests skipped: Debian chromium (/usr/bin/chromium) or a CJK font (fonts-noto-cjk) "
               "is not installed")
TIMEOUT_MS = 5000
SCREENSHOT_TIMEOUT_MS = 30_000
_SKIPPED = pytest.StashKey[bool]()


def _browser_missing() -> bool:
    if not os.access(CHROMIUM, os.X_OK):
        return True
    if shutil.which("fc-list") is None:
        return True
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    return not fonts.strip()


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if browser_items and _browser_missing():
        config.stash[_SKIPPED] = True
        skip = pytest.mark.skip(reason=SKIP_REASON)
        for item in browser_items:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say why, once, even when skip reasons are not reported (-rs already prints it, folded to one line)."""
    reported = set(config.option.reportchars or "") & {"s", "a", "A"}
    if config.stash.get(_SKIPPED, False) and not reported:
        terminalreporter.write_line(SKIP_REASON, yellow=True)


@pytest.fixture(scope="session")
def browser():
    """The session's one headless chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser) -> Callable:
    """Factory: a page in a fresh context (own cookies), Chinese browser, Asia/Shanghai clock.

    JavaScript errors on any page fail the test at teardown.
    """
    contexts, errors = [], []

    def make(viewport: dict | None = None, locale: str = "zh-CN"):
        context = browser.new_context(viewport=viewport or DESKTOP, locale=locale, timezone_id="Asia/Shanghai")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(new_page):
    """A desktop (1280×800) page."""
    return new_page()


def screenshot(page, name: str) -> Path:
    """A full-page screenshot at var/screenshots/<name>.png.

    The window is stretched to the page's height first, so a fixed sidebar reaches the bottom as it would on a
    screen that tall (a plain full-page capture stops it at the first screenful).
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
    # A tall page on a busy machine can take longer than an assertion's wait; a screenshot asserts nothing.
    page.screenshot(path=str(path), full_page=True, animations="disabled", timeout=SCREENSHOT_TIMEOUT_MS)
    page.set_viewport_size(viewport)
    return path


def log_in(page, base_url: str, username: str, password: str = PASSWORD, *, next_path: str = "/") -> None:
    """Log in through the login form and wait for the page it sends us to (`next_path`, the dashboard by default)."""
    page.goto(f"{base_url}/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#login-submit")
    assert not re.search(r"/login/", page.url), f"{username} could not log in"


def wait_for_htmx(page) -> None:
    """Wait until htmx has no request in flight and has settled what it swapped in.

    htmx wires up swapped-in elements (their hx-get, hx-trigger) only when they settle, a moment after they appear;
    a test that picks an option in a freshly swapped select before then changes it without any request.
    """
    page.wait_for_function(
        "() => window.htmx && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def open_folded(page, toggle: str) -> None:
    """Click a Bootstrap collapse toggle and wait until its panel has finished opening.

    While the panel slides open its lower part is clipped: a click aimed at a button there can land on nothing.
    """
    page.click(toggle)
    target = page.get_attribute(toggle, "data-bs-target")
    page.wait_for_function(
        "(sel) => { const el = document.querySelector(sel); return el && el.classList.contains('show')"
        " && !el.classList.contains('collapsing'); }", arg=target)
