"""A runner on a phone takes the symptom check from the start page to the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from clinic.triage import flow
from tests.clinic.triage_helpers import CLASSIC_ITBS, FEVER_ON_TOP
from tests.e2e.triage_steps import answer_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_take_the_check_on_a_phone(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    phone.goto(live_server.url)
    phone.get_by_role("link", name="Start the symptom check").click()
    phone.get_by_role("link", name="Start", exact=True).click()

    page_id: str | None = flow.first_page_id({})
    steps = 0
    while page_id is not None:
        expect(phone.locator("h1")).to_have_text(flow.page(page_id).title)
        answer_page(phone, page_id, CLASSIC_ITBS)
        next_id = flow.next_page_id(page_id, CLASSIC_ITBS)
        button = "See my result" if next_id is None else "Next"
        phone.get_by_role("button", name=button).click()
        page_id, steps = next_id, steps + 1
        if steps == 2:  # a reload keeps the answers, and Back returns to them
            # Reload only once the next page has arrived, not mid-navigation.
            assert page_id is not None
            expect(phone.locator("h1")).to_have_text(flow.page(page_id).title)
            phone.reload()
            phone.get_by_role("button", name="Back").click()
            expect(
                phone.locator('input[name="pain_side"][value="right"]')
            ).to_be_checked()
            phone.get_by_role("button", name="Next").click()

    expect(phone.get_by_role("heading", name="Is it the IT band?")).to_contain_text(
        "Likely"
    )
    expect(
        phone.get_by_role("link", name="Book a total body diagnostic")
    ).to_be_visible()
    phone.screenshot(path=str(output_dir / "triage-result-phone.png"), full_page=True)


def test_an_emergency_answer_stops_the_check_on_its_page(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    """Fever with a hot, red knee: the check stops on that page with what to do."""
    answers = FEVER_ON_TOP
    stop_page = flow.page_of_question("hot_red_knee")
    phone.goto(f"{live_server.url}/check/")
    phone.get_by_role("link", name="Start", exact=True).click()
    page_id: str | None = flow.first_page_id({})
    while page_id != stop_page:
        assert page_id is not None
        answer_page(phone, page_id, answers)
        phone.get_by_role("button", name="Next").click()
        page_id = flow.next_page_id(page_id, answers)
    expect(phone.locator("h1")).to_have_text(flow.page(stop_page).title)
    answer_page(phone, stop_page, answers)
    phone.get_by_role("button", name="Next").click()

    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text("Stop here: get medical help today")
    expect(alert).to_contain_text("emergency department")
    expect(phone.locator("h1")).to_have_text(flow.page(stop_page).title)
    expect(phone.get_by_role("button", name="Next")).to_have_count(0)
    phone.screenshot(path=str(output_dir / "triage-emergency-stop.png"), full_page=True)


def test_the_runner_taps_where_it_hurts_on_the_knee_pictures(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    """The knee pictures are real checkboxes: tapping a spot ticks the location."""
    answers = CLASSIC_ITBS
    phone.goto(f"{live_server.url}/check/")
    phone.get_by_role("link", name="Start", exact=True).click()
    answer_page(phone, "about_you", answers)
    phone.get_by_role("button", name="Next").click()
    expect(
        phone.get_by_role(
            "img", name="Drawing of the outside of the knee, front to the left"
        )
    ).to_be_visible()
    spot = phone.locator("label.spot-lateral_epicondyle")
    spot.click()
    box = phone.get_by_role(
        "checkbox", name="Outside of the knee, on the bony bump just above the joint"
    )
    expect(box).to_be_checked()
    phone.keyboard.press("Space")  # the focused checkbox answers the keyboard too
    expect(box).not_to_be_checked()
    spot.click()
    phone.screenshot(path=str(output_dir / "triage-knee-map.png"), full_page=True)
    phone.check('input[name="pain_side"][value="right"]')
    phone.check('input[name="pain_duration"][value="2_to_6_weeks"]')
    phone.get_by_role("button", name="Next").click()
    expect(phone.locator("h1")).to_have_text(flow.page("onset").title)
