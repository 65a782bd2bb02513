"""On a phone: the runner follows a session with the timer and logs the pain; the
clinician edits the plan and the runner sees the change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from clinic.programmes.models import SessionLog
from tests.clinic.factories import (
    AccessGrantFactory,
    MembershipFactory,
    RunnerFactory,
)
from tests.clinic.rehab_helpers import make_programme
from tests.e2e.navigation import go_to
from tests.e2e.test_training_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _phone(browser: Browser) -> Page:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_runner_follows_a_session_and_logs_the_pain(
    live_server: Any, browser: Browser, output_dir: Path
) -> None:
    runner = RunnerFactory()
    programme = make_programme(runner)
    page = _phone(browser)
    log_in(page, live_server.url, runner.user.email)

    go_to(page, "Rehab")
    expect(page.get_by_role("heading", name="Today's session")).to_be_visible()
    page.get_by_role("link", name="Start the session").click()
    page.wait_for_load_state("load")

    bridge = page.locator(".exercise-card").first
    expect(bridge.get_by_role("heading")).to_contain_text("Hip bridge")
    bridge.get_by_role("button", name="Start").click()
    expect(bridge.locator(".timer-phase")).to_have_text("Lift")
    expect(bridge.locator("[data-role=detail]")).to_have_text("Set 1 of 3, rep 1 of 10")
    expect(bridge.locator(".timer-phase")).to_have_text("Squeeze", timeout=4_000)
    expect(bridge.locator(".timer-phase")).to_have_text("Lower", timeout=4_000)
    page.screenshot(path=str(output_dir / "rehab-session-timer.png"))
    bridge.get_by_role("button", name="Stop").click()
    expect(bridge.locator(".timer-phase")).to_have_text("Stopped")

    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_text("No exercise is marked as done")).to_be_visible()
    assert not SessionLog.objects.exists()

    bridge = page.locator(".exercise-card").first
    bridge.get_by_role("button", name="Done as planned").click()
    expect(bridge.get_by_label("Hip bridge: sets done")).to_have_value("3")
    expect(bridge.get_by_label("Hip bridge: repetitions per set")).to_have_value("10")
    page.locator("input[name=pain_during][value='2']").check()
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_text("Session logged. Tell us")).to_be_visible()
    count = programme.exercises.count()
    expect(
        page.get_by_text(f"Logged today: 1 of {count} exercises done, pain 2/10")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Start the session")).to_have_count(0)
    page.screenshot(path=str(output_dir / "rehab-session-logged.png"), full_page=True)
    session = SessionLog.objects.get(programme=programme)
    assert session.pain_during == 2
    assert [(e.exercise_id, e.sets_done) for e in session.exercises.all()] == [
        ("hip_bridge", 3)
    ]

    page.get_by_role("link", name="Change today's log").click()
    expect(page.get_by_role("heading", name="Change today's log")).to_be_visible()
    expect(page.locator("input[name=pain_during][value='2']")).to_be_checked()
    page.get_by_role("button", name="All done as planned").click()
    page.get_by_role("button", name="Log the session").click()
    expect(
        page.get_by_text(f"Logged today: {count} of {count} exercises done")
    ).to_be_visible()
    assert session.exercises.count() == count
    page.context.close()


def test_the_pain_scale_is_large_targets_that_fit_a_phone(
    live_server: Any, browser: Browser, output_dir: Path
) -> None:
    runner = RunnerFactory()
    make_programme(runner)
    page = _phone(browser)
    log_in(page, live_server.url, runner.user.email)
    page.goto(f"{live_server.url}/runners/{runner.pk}/rehab/session/")
    scale = page.get_by_role("group", name="Worst knee pain during the session")
    labels = scale.locator("label")
    expect(labels).to_have_count(11)
    boxes = [labels.nth(i).bounding_box() for i in range(11)]
    assert all(b is not None for b in boxes)
    for number, box in enumerate(boxes):
        assert box is not None
        assert box["width"] >= 44 and box["height"] >= 44, (number, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (number, box)
    rows = sorted({round(b["y"]) for b in boxes if b is not None})
    assert len(rows) == 2  # 0-5 and 6-10, not 7 + 4
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    labels.nth(7).click()
    expect(scale.get_by_role("radio", name="7")).to_be_checked()
    scale.screenshot(path=str(output_dir / "rehab-pain-scale.png"))
    page.context.close()


def test_the_clinician_edits_the_plan_and_the_runner_sees_it(
    live_server: Any, browser: Browser, output_dir: Path
) -> None:
    runner = RunnerFactory()
    make_programme(runner)
    membership = MembershipFactory()
    AccessGrantFactory(runner=runner, clinic=membership.clinic)

    clinician = _phone(browser)
    log_in(clinician, live_server.url, membership.user.email)
    clinician.goto(f"{live_server.url}/runners/{runner.pk}/rehab/")
    clinician.get_by_role("link", name="Edit the plan").click()
    first = clinician.locator("fieldset.edit-row").first
    first.get_by_label("Sets").fill("4")
    first.get_by_label("Note").fill("Pause two seconds at the top")
    clinician.screenshot(
        path=str(output_dir / "rehab-clinician-edit.png"), full_page=True
    )
    clinician.get_by_role("button", name="Save the plan").click()
    expect(clinician.get_by_text("Plan saved; the runner sees it now.")).to_be_visible()
    clinician.context.close()

    page = _phone(browser)
    log_in(page, live_server.url, runner.user.email)
    go_to(page, "Rehab")
    expect(
        page.get_by_text("Note from your physio: Pause two seconds at the top")
    ).to_be_visible()
    expect(page.locator(".session-list li").first).to_contain_text("4 x 10")
    page.screenshot(path=str(output_dir / "rehab-runner-sees-edit.png"), full_page=True)
    page.context.close()
