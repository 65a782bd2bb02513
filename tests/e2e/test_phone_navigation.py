"""The main menu: on a 390 px phone one line closed, a keyboard-usable disclosure open;
on a wide screen a bar of links, also in browsers without ::details-content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from tests.clinic.factories import RunnerFactory
from tests.e2e.layout import overflow_px
from tests.e2e.navigation import main_menu
from tests.e2e.test_training_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ONE_LINE_PX = 64  # the bar with the brand and the menu button, no wrapping
WIDE = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=390, height=844)
DETAILS_CONTENT_RULES = "@supports selector(::details-content) {"


def without_details_content_rules(css: str) -> str:
    """The style sheet as a browser without ::details-content applies it.

    Such a browser (Chrome < 131, Safari < 18.4, Firefox < 143) skips the
    @supports block and never renders a closed <details>' content. Our Chromium
    has the feature and no switch to turn it off, so the test removes the block.
    """
    start = css.index(DETAILS_CONTENT_RULES)
    depth, end = 0, start
    for end in range(start, len(css)):
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        if css[end] == "}" and depth == 0:
            break
    return css[:start] + css[end + 1 :]


def serve_as_older_browser(page: Page) -> None:
    def rewrite(route: Route) -> None:
        response = route.fetch()
        css = without_details_content_rules(response.text())
        route.fulfill(response=response, body=css)

    page.route("**/tractus.css", rewrite)


@pytest.fixture
def older_wide_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    serve_as_older_browser(page)
    yield page
    context.close()


def test_a_runner_opens_the_menu_with_the_keyboard(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    runner = RunnerFactory()
    log_in(phone, live_server.url, runner.user.email)
    header = phone.locator("header.topbar")
    assert header.bounding_box()["height"] <= ONE_LINE_PX  # type: ignore[index]
    menu_button = phone.locator("details.menu > summary")
    training = main_menu(phone).get_by_role("link", name="Training", exact=True)
    expect(training).to_be_hidden()

    menu_button.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("details.menu")).to_have_attribute("open", "")
    expect(training).to_be_visible()
    phone.keyboard.press("Tab")
    expect(main_menu(phone).get_by_role("link", name="Rehab")).to_be_focused()
    assert overflow_px(phone) == 0
    phone.screenshot(path=str(output_dir / "nav-menu-open-phone.png"))

    training.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="My training load")).to_be_visible()
    menu_button.click()
    expect(training).to_have_attribute("aria-current", "page")
    assert overflow_px(phone) == 0
    menu_button.press("Enter")  # closes again
    expect(training).to_be_hidden()


def test_a_wide_screen_shows_the_links_without_a_menu_button(
    live_server: Any, browser: Browser, output_dir: Path
) -> None:
    runner = RunnerFactory()
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    log_in(page, live_server.url, runner.user.email)
    expect(page.locator("details.menu > summary")).to_be_hidden()
    for label in ("Rehab", "Training", "Videos", "Appointments", "Details"):
        expect(
            main_menu(page).get_by_role("link", name=label, exact=True)
        ).to_be_visible()
    expect(main_menu(page).get_by_role("button", name="Log out")).to_be_visible()
    assert page.locator("header.topbar").bounding_box()["height"] <= ONE_LINE_PX  # type: ignore[index]
    page.screenshot(path=str(output_dir / "nav-desktop.png"))
    context.close()


def test_a_visitor_sees_log_in_and_sign_up_on_one_line(
    live_server: Any, phone: Page
) -> None:
    phone.goto(live_server.url)
    expect(main_menu(phone).get_by_role("link", name="Log in")).to_be_visible()
    expect(main_menu(phone).get_by_role("link", name="Sign up")).to_be_visible()
    assert phone.locator("header.topbar").bounding_box()["height"] <= ONE_LINE_PX  # type: ignore[index]
    assert overflow_px(phone) == 0


def test_escape_closes_the_phone_menu_and_returns_to_its_button(
    live_server: Any, phone: Page
) -> None:
    runner = RunnerFactory()
    log_in(phone, live_server.url, runner.user.email)
    menu_button = phone.locator("details.menu > summary")
    training = main_menu(phone).get_by_role("link", name="Training", exact=True)
    menu_button.click()
    training.focus()
    phone.keyboard.press("Escape")
    expect(training).to_be_hidden()
    expect(menu_button).to_be_focused()
    phone.keyboard.press("Enter")  # the button still opens it again
    expect(training).to_be_visible()


def test_escape_leaves_the_wide_screen_bar_in_place(
    live_server: Any, older_wide_page: Page
) -> None:
    runner = RunnerFactory()
    log_in(older_wide_page, live_server.url, runner.user.email)
    training = main_menu(older_wide_page).get_by_role("link", name="Training")
    training.focus()
    older_wide_page.keyboard.press("Escape")
    expect(training).to_be_visible()


def test_a_browser_without_details_content_shows_the_bar_on_a_wide_screen(
    live_server: Any, older_wide_page: Page
) -> None:
    page = older_wide_page
    runner = RunnerFactory()
    log_in(page, live_server.url, runner.user.email)
    expect(page.locator("details.menu > summary")).to_be_hidden()
    for label in ("Rehab", "Training", "Videos", "Appointments", "Details"):
        expect(
            main_menu(page).get_by_role("link", name=label, exact=True)
        ).to_be_visible()
    assert page.locator("header.topbar").bounding_box()["height"] <= ONE_LINE_PX  # type: ignore[index]

    page.set_viewport_size(PHONE)  # a window narrowed to phone width: a closed menu
    expect(page.locator("details.menu > summary")).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Training")).to_be_hidden()


def test_without_script_an_older_browser_keeps_the_menu_button(
    live_server: Any, browser: Browser
) -> None:
    runner = RunnerFactory()
    context = browser.new_context(viewport=WIDE, java_script_enabled=False)
    page = context.new_page()
    serve_as_older_browser(page)
    log_in(page, live_server.url, runner.user.email)
    training = main_menu(page).get_by_role("link", name="Training", exact=True)
    expect(training).to_be_hidden()
    page.locator("details.menu > summary").click()
    expect(training).to_be_visible()
    training.click()
    expect(page.get_by_role("heading", name="My training load")).to_be_visible()
    context.close()
