"""Moving around the app the way a person does: through the main menu."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


def main_menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def go_to(page: Page, label: str) -> None:
    """Follow a main-menu link, opening the phone's menu first when it is closed."""
    summary = page.locator("details.menu > summary")
    if summary.is_visible() and page.locator("details.menu[open]").count() == 0:
        summary.click()
    main_menu(page).get_by_role("link", name=label, exact=True).click()
