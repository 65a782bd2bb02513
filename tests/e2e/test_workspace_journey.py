"""On a desktop: the clinician opens the day, the runner's timeline, records the
head-to-toe assessment and a note; the runner sees the plan it changed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from clinic.bookings.models import Appointment
from clinic.programmes.services import findings_from_latest_check, start_programme
from tests.clinic.bookings.factories import AppointmentTypeFactory, LocationFactory
from tests.clinic.factories import AccessGrantFactory, MembershipFactory, RunnerFactory
from tests.clinic.triage_helpers import make_assessment
from tests.e2e.test_training_journey import log_in
from tractus.rehab import Preferences

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _desktop(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _set_up() -> tuple[Any, Any]:
    membership = MembershipFactory(user__full_name="Pat Physio")
    clinic, clinician = membership.clinic, membership.user
    runner = RunnerFactory(user__full_name="Rita Runner")
    AccessGrantFactory(runner=runner, clinic=clinic)
    make_assessment(runner=runner)
    findings = findings_from_latest_check(runner, preferences=Preferences())
    assert findings is not None
    start_programme(
        runner=runner,
        findings=findings,
        started_on=timezone.localdate(),
        now=timezone.now(),
    )
    location = LocationFactory(clinic=clinic, time_zone="UTC")
    starts = datetime.combine(timezone.localdate(), time(10), tzinfo=ZoneInfo("UTC"))
    Appointment.objects.create(
        clinic=clinic,
        clinician=clinician,
        runner=runner,
        appointment_type=AppointmentTypeFactory(clinic=clinic),
        location=location,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        blocked_from=starts,
        blocked_until=starts + timedelta(hours=1),
        created_at=timezone.now() - timedelta(days=3),
    )
    return clinician, runner


def _fill_assessment(page: Page) -> None:
    page.locator("input[name=affected_side][value=right]").check()
    values = {
        "body_mass_kg": "61",
        "height_cm": "168",
        "hip_lever_arm_cm": "41",
        "left_hip_abduction_n": "152",
        "right_hip_abduction_n": "116",
        "right_ober_angle_deg": "4",
        "right_thomas_knee_flexion_deg": "64",
        "right_dorsiflexion_knee_straight_deg": "21",
    }
    for name, value in values.items():
        page.locator(f"input[name={name}]").fill(value)
    for test in ("right_ober", "right_noble", "right_epicondyle_tenderness"):
        page.locator(f"input[name={test}][value=positive]").check()
    page.locator("input[name=right_joint_line_tenderness][value=negative]").check()
    page.locator("select[name=right_single_leg_squat]").select_option("fair")
    page.get_by_label("S: subjective").fill("Right lateral knee pain from 6 km.")
    page.get_by_label("P: plan").fill("Hip strengthening; review in 10 days.")
    expect(
        page.get_by_label("Plan the runner's programme from these findings")
    ).to_be_checked()


def test_the_clinician_assesses_and_the_runner_sees_the_new_plan(
    live_server: Any, browser: Browser, output_dir: Path
) -> None:
    clinician, runner = _set_up()
    page = _desktop(browser)
    log_in(page, live_server.url, clinician.email)

    page.get_by_role("link", name="My day", exact=True).click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.get_by_role("cell", name="10:00–11:00")).to_be_visible()
    page.screenshot(path=str(output_dir / "workspace-day.png"), full_page=True)

    page.get_by_role("link", name="Rita Runner").click()
    expect(page.get_by_role("heading", name="Rita Runner")).to_be_visible()
    expect(page.get_by_text("Symptom check (questionnaire)")).to_be_visible()
    expect(page.get_by_text("Rehab programme started")).to_be_visible()
    page.screenshot(path=str(output_dir / "workspace-timeline.png"), full_page=True)

    page.get_by_role("link", name="Head-to-toe assessment").click()
    _fill_assessment(page)
    page.screenshot(
        path=str(output_dir / "workspace-assessment-form.png"), full_page=True
    )
    page.get_by_role("button", name="Save the assessment").click()
    expect(
        page.get_by_text("The runner's programme now follows this assessment")
    ).to_be_visible()
    expect(page.get_by_text("Weak hip abductors on the painful side")).to_be_visible()
    expect(page.get_by_text("Ober positive (4°)")).to_be_visible()
    page.screenshot(
        path=str(output_dir / "workspace-assessment-summary.png"), full_page=True
    )

    page.get_by_role("link", name="Rita Runner").click()
    page.get_by_role("link", name="Write a note").click()
    page.get_by_label("A: assessment").fill("Fits right ITBS with hip weakness.")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Note saved")).to_be_visible()
    expect(page.get_by_text("Fits right ITBS with hip weakness.")).to_be_visible()
    expect(page.get_by_text("Head-to-toe assessment by Pat Physio")).to_be_visible()
    page.screenshot(
        path=str(output_dir / "workspace-timeline-after.png"), full_page=True
    )

    runner_page = _desktop(browser)
    log_in(runner_page, live_server.url, runner.user.email)
    runner_page.goto(f"{live_server.url}/runners/{runner.pk}/rehab/plan/")
    expect(runner_page.get_by_text("Weak hip abductors").first).to_be_visible()
    runner_page.screenshot(
        path=str(output_dir / "workspace-runner-plan.png"), full_page=True
    )
    runner_page.get_by_role("link", name="Sharing").click()
    runner_page.get_by_role("link", name="Who looked at my record").click()
    expect(runner_page.get_by_role("cell", name="Pat Physio").first).to_be_visible()
    runner_page.screenshot(
        path=str(output_dir / "workspace-who-looked.png"), full_page=True
    )
