"""The demo runner's training load on a 390x844 phone: short, readable, no sideways scroll."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clinic.clinics.management.demo import DEMO_PASSWORD, DEMO_RUNNER, load_demo
from tests.e2e.layout import overflow_px, screens_long
from tests.e2e.navigation import go_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_SCREENS = 5  # issue 15: the page is at most five phone screens long
BODY_PX = 16  # labels of the charts at body size, not 5 px


def log_in_as_demo_runner(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail").fill(DEMO_RUNNER[0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_load_page_fits_a_phone(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    load_demo(now=timezone.now())
    log_in_as_demo_runner(phone, live_server.url)
    go_to(phone, "Training")

    expect(phone.get_by_role("heading", name="This week")).to_be_visible()
    expect(phone.get_by_role("heading", name="Your next run (today)")).to_be_visible()
    expect(phone.get_by_role("region", name="Flags")).to_contain_text("Latest: week of")
    chart = phone.get_by_role("img", name="Weekly running distance")
    expect(chart).to_be_visible()
    tick_px = phone.locator(".bar-chart-y span").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert tick_px >= BODY_PX
    assert overflow_px(phone) == 0
    assert screens_long(phone) <= MAX_SCREENS, screens_long(phone)
    phone.screenshot(path=str(output_dir / "load-phone.png"), full_page=True)

    # The weekly table behind the charts opens from the keyboard.
    table_toggle = phone.get_by_text("The weeks as a table")
    table_toggle.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("table").filter(has_text="Week of")).to_be_visible()

    # Everything opened, over the whole history, still fits the screen's width.
    phone.get_by_role("link", name="all", exact=True).click()
    phone.evaluate(
        "document.querySelectorAll('main details').forEach(d => d.open = true)"
    )
    assert overflow_px(phone) == 0
    phone.screenshot(path=str(output_dir / "load-phone-all-open.png"), full_page=True)


def test_the_import_table_fits_a_phone(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    runner = load_demo(now=timezone.now())
    batch = runner.imports.get()  # the demo's year of runs, 68 files
    log_in_as_demo_runner(phone, live_server.url)
    phone.goto(f"{live_server.url}/training/imports/{batch.public_id}/")
    expect(phone.get_by_role("table")).to_contain_text(".gpx")
    assert overflow_px(phone) == 0
    phone.screenshot(path=str(output_dir / "import-phone.png"))
