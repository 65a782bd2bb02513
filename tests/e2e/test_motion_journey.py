"""A runner films a side view, points at themselves, and gets gait numbers with pictures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.clinic.factories import RunnerFactory
from tests.e2e.test_training_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WALK = Path(__file__).resolve().parents[1] / "data/video/sports2d_demo_walk_side.mp4"


def test_analyse_a_running_video(
    live_server: Any, browser: Any, output_dir: Path
) -> None:
    runner = RunnerFactory()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, runner.user.email)

    page.get_by_role("link", name="Videos").click()
    page.get_by_role("link", name="Analyse a video").click()
    page.wait_for_load_state("load")
    page.set_input_files("input[type=file]", str(WALK))
    page.get_by_label("Where the camera was (running)").select_option("side")
    page.get_by_label("Analysis").select_option("lite")
    page.get_by_role("button", name="Analyse").click()

    expect(page.locator("#job-status")).to_have_text("Waiting to start")
    call_command("worker", burst=True)  # the task worker runs pose estimation
    # The polled partial of an ended analysis loads the page again, with the result.
    expect(page.get_by_role("heading", name="Running gait (side view)")).to_be_visible()
    cadence = page.get_by_role("row", name=re.compile(r"^Cadence"))
    expect(cadence).to_contain_text("steps/min")
    expect(cadence).to_contain_text("±")
    first_frame = page.get_by_role("img").first
    expect(first_frame).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", first_frame.element_handle()) > 0
    page.screenshot(path=str(output_dir / "motion-gait.png"), full_page=True)
    context.close()


def test_a_tap_on_a_phone_chooses_the_runner(
    live_server: Any, browser: Any, output_dir: Path
) -> None:
    runner = RunnerFactory()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, runner.user.email)
    page.goto(f"{live_server.url}/motion/new/")
    page.set_input_files("input[type=file]", str(WALK))
    page.get_by_role("button", name="Point at the runner").click()
    layer = page.locator("#tap-layer")
    box = layer.bounding_box()
    assert box is not None
    layer.tap(position={"x": box["width"] * 0.65, "y": box["height"] * 0.8})
    expect(page.locator("#hint-text")).to_contain_text("Person chosen")
    assert float(page.locator("[name=hint_x]").input_value()) == pytest.approx(
        0.65, abs=0.02
    )
    assert float(page.locator("[name=hint_y]").input_value()) == pytest.approx(
        0.8, abs=0.02
    )
    expect(layer).to_be_hidden()  # the video's controls work again
    page.screenshot(path=str(output_dir / "motion-tap-phone.png"), full_page=True)
    context.close()
