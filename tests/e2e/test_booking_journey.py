"""A new runner on a phone: symptom check, book the diagnostic, get the confirmation."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import Page, expect

from clinic.accounts.models import User
from clinic.bookings.models import Appointment, AppointmentKind
from clinic.bookings.setup import add_weekly_hours, set_up_booking
from clinic.runners.models import AccessGrant
from tests.clinic.factories import ClinicFactory, MembershipFactory
from tests.clinic.triage_helpers import CLASSIC_ITBS
from tests.e2e.triage_steps import take_the_check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_clinic() -> None:
    """A clinic whose physiotherapist works every day, so the journey always has slots."""
    clinic = ClinicFactory(name="Riverside Physio", phone="+44 20 7946 0000")
    location = set_up_booking(clinic=clinic, time_zone="Europe/London")
    physio = MembershipFactory(clinic=clinic, user__full_name="Sam Physio").user
    add_weekly_hours(
        clinic=clinic,
        clinician=physio,
        location=location,
        weekdays=list(range(7)),
        opens=time(8),
        closes=time(20),
    )
    for appointment_type in clinic.appointment_types.all():
        appointment_type.clinicians.add(physio)


def test_triage_then_book_the_diagnostic_on_a_phone(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    _open_clinic()
    phone.goto(f"{live_server.url}/check/")
    phone.get_by_role("link", name="Start", exact=True).click()
    take_the_check(phone, CLASSIC_ITBS)
    phone.get_by_role("link", name="Book a total body diagnostic").click()

    expect(phone.get_by_role("heading", name="Riverside Physio")).to_be_visible()
    expect(phone.get_by_role("link", name="Follow-up")).to_have_count(0)
    phone.get_by_role("link", name="Total body diagnostic").click()
    expect(phone.locator("#zone-note")).to_contain_text("Times are in")
    phone.screenshot(path=str(output_dir / "booking-slots-phone.png"), full_page=True)
    phone.locator("a.slot").first.click()

    expect(phone.get_by_role("heading", name="Confirm your visit")).to_be_visible()
    phone.get_by_label("Your name").fill("Rita Runner")
    phone.get_by_label("E-mail").fill("rita@example.org")
    phone.get_by_label("Share my symptom checks").check()
    phone.get_by_label("I agree that Tractus keeps").check()
    phone.screenshot(path=str(output_dir / "booking-confirm-phone.png"), full_page=True)
    phone.get_by_role("button", name="Book this time").click()

    expect(phone.get_by_role("heading", name="You are booked")).to_be_visible()
    expect(phone.get_by_role("link", name="Add to my calendar (.ics)")).to_be_visible()
    phone.screenshot(path=str(output_dir / "booking-booked-phone.png"), full_page=True)

    appointment = Appointment.objects.get()
    runner = User.objects.get(email="rita@example.org").runner
    assert appointment.runner == runner
    assert appointment.appointment_type.kind == AppointmentKind.DIAGNOSTIC
    assert runner.triage_assessments.count() == 1  # the check came with her
    assert AccessGrant.objects.active().filter(runner=runner).exists()

    call_command("worker", burst=True)
    (message,) = mail.outbox
    assert message.to == ["rita@example.org"]
    assert message.subject.startswith("Booked: Total body diagnostic")
    assert "Choose a password here" in message.body
    calendar = Calendar.from_ical(message.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == appointment.starts_at
