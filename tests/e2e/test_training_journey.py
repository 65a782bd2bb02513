"""A runner uploads a year of runs, watches the import finish, and sees the flags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.clinic.factories import PASSWORD, RunnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HISTORY = (
    Path(__file__).resolve().parents[1]
    / "data/activities/history/runpandas_nrc_sessions_2020-07_2021-07.zip"
)


def log_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_upload_an_export_and_see_the_spike(
    live_server: Any, browser: Any, output_dir: Path
) -> None:
    runner = RunnerFactory(timezone="America/Recife")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, runner.user.email)

    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="Import runs").click()
    page.wait_for_load_state("load")  # the page's script is in place
    page.set_input_files("input[type=file]", str(HISTORY))
    # Named once: the browser's picker gives the count.
    expect(page.locator("#chosen")).to_have_text(HISTORY.name)
    page.get_by_role("button", name="Import").click()

    status = page.get_by_role("status").filter(has_text="Waiting to start")
    expect(status).to_have_count(1)  # a live region: announced as it changes
    expect(page.locator(".job-progress")).to_have_text("0 of 1 file")
    call_command("worker", burst=True)  # the task worker picks the import up
    # htmx polls the status partial and swaps it in; no reload.
    expect(page.locator("#job-status")).to_have_text("Finished")
    expect(page.locator(".job-progress")).to_have_text("68 of 68 files")
    expect(page.get_by_role("progressbar", name="Import progress")).to_have_attribute(
        "value", "100"
    )
    expect(page.locator(".job table")).to_contain_text("Skipped: not a run")

    page.get_by_role("link", name="See my training load").click()
    page.get_by_role("link", name="all").click()
    chart = page.get_by_role("img", name="Weekly running distance")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.flagged").first).to_be_attached()
    flags = page.get_by_role("region", name="Flags")
    expect(flags.get_by_text("Single run much longer than usual").first).to_be_visible()
    page.screenshot(path=str(output_dir / "training-load.png"), full_page=True)
    context.close()
