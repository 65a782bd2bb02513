"""A visitor on a 390x844 phone: the first action in the first screen, the pictures load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.layout import overflow_px

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_sees_what_tractus_does_and_where_to_start(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    phone.goto(live_server.url)
    start = phone.get_by_role("link", name="Start the symptom check")
    expect(start).to_be_in_viewport()  # no scrolling to the first action
    for name in ("Symptom check", "Training load", "Motion lab", "Rehab", "Booking"):
        expect(phone.get_by_role("heading", name=name, exact=True)).to_be_visible()
    pictures = phone.get_by_role("img", name="Screenshot of", exact=False)
    expect(pictures).to_have_count(5)
    for picture in pictures.all():
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("i => i.decode().then(() => i.naturalWidth)") == 640
        box = picture.bounding_box()
        assert box is not None and box["width"] <= 390
    assert overflow_px(phone) == 0
    phone.screenshot(path=str(output_dir / "home-visitor-phone.png"), full_page=True)
