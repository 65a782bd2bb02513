"""The main menu on a 390 px phone: one line closed, a keyboard-usable disclosure open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.clinic.factories import RunnerFactory
from tests.e2e.layout import overflow_px
from tests.e2e.navigation import main_menu
from tests.e2e.test_training_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ONE_LINE_PX = 64  # the bar with the brand and the menu button, no wrapping


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
    context = browser.new_context(viewport={"width": 1280, "height": 800})
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
