"""The demo runner on a 390x844 phone: names stay whole, controls look like what they do.

Found walking the demo: the load page's "more" sections lost their disclosure
triangle, and every booking slot cut the physiotherapist's name to "Demo physiothe...".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clinic.clinics.management.demo import load_demo
from tests.e2e.test_phone_load_page import log_in_as_demo_runner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_load_pages_more_sections_show_they_open(
    live_server: Any, phone: Page
) -> None:
    load_demo(now=timezone.now())
    log_in_as_demo_runner(phone, live_server.url)
    phone.goto(f"{live_server.url}/training/")
    summaries = phone.locator("details.more > summary")
    expect(summaries.first).to_be_visible()
    displays = summaries.evaluate_all(
        "els => els.map(e => getComputedStyle(e).display)"
    )
    assert set(displays) == {"list-item"}  # the ::marker triangle needs a list item
    heights = summaries.evaluate_all("els => els.map(e => e.offsetHeight)")
    assert min(heights) >= 44  # still a full-size touch target


def test_each_slot_names_its_physiotherapist_in_full(
    live_server: Any, phone: Page
) -> None:
    load_demo(now=timezone.now())
    log_in_as_demo_runner(phone, live_server.url)
    phone.goto(f"{live_server.url}/book/")
    phone.get_by_role("link", name="Total body diagnostic").click()
    names = phone.locator(".slot .small")
    expect(names.first).to_contain_text("Demo physiotherapist")
    cut = names.evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent)"
    )
    assert cut == []


def test_the_results_next_steps_do_not_touch(live_server: Any, phone: Page) -> None:
    runner = load_demo(now=timezone.now())
    check = runner.triage_assessments.latest("created_at")
    log_in_as_demo_runner(phone, live_server.url)
    phone.goto(f"{live_server.url}/check/result/{check.public_id}/")
    start = phone.get_by_role("link", name="Start the self-care programme")
    book = phone.get_by_role("link", name="Book a total body diagnostic")
    above, below = start.bounding_box(), book.bounding_box()
    assert above is not None and below is not None
    assert below["y"] - (above["y"] + above["height"]) >= 8  # stacked, with a gap
