"""The home page in a real browser: clean console, nothing fetched from elsewhere, reachable by
keyboard, readable on a 320 px wide phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e


def test_home_page_loads_cleanly(page: Page, live_server: LiveServer, browser_log: BrowserLog) -> None:
    response = page.goto(live_server.url + "/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_count(1)
    page.wait_for_load_state("networkidle")  # htmx and the stylesheet have loaded (or failed)
    problems = browser_log.problems()
    assert not problems, "\n".join(problems)


def test_first_tab_reaches_the_skip_link(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_visible()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_no_horizontal_scroll_at_320_px(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"
