"""The clinic admin sets online booking up in the app."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from clinic.bookings.models import (
    AppointmentType,
    BookingSettings,
    Location,
    TimeOff,
    WorkingHours,
)
from tests.clinic.factories import ClinicFactory, MembershipFactory

START = {"start": "1", "time_zone": "Europe/London"}


@pytest.fixture
def admin_client(db):
    clinic = ClinicFactory()
    admin = MembershipFactory(clinic=clinic, is_clinician=False, is_admin=True).user
    physio = MembershipFactory(clinic=clinic).user
    client = Client()
    client.force_login(admin)
    return client, clinic, physio


def test_the_admin_starts_online_booking_with_the_usual_types(admin_client) -> None:
    client, clinic, _ = admin_client
    url = reverse("bookings:setup", args=[clinic.slug])
    client.post(url, {"start": "1", "time_zone": "Europe/Lisbon"})
    types = {t.name: t for t in AppointmentType.objects.filter(clinic=clinic)}
    assert types["Total body diagnostic"].duration_min == 60
    assert types["Follow-up"].duration_min == 30
    assert types["Running-gait session"].duration_min == 45
    assert [t.open_to_new_patients for t in types.values()].count(True) == 1
    assert Location.objects.get(clinic=clinic).time_zone == "Europe/Lisbon"
    assert "Total body diagnostic" in client.get(url).text


def test_the_admin_changes_the_rules(admin_client) -> None:
    client, clinic, _ = admin_client
    form = {
        "save_settings": "1",
        "is_open": "on",
        "min_notice_min": "60",
        "horizon_days": "30",
        "step_min": "30",
        "cancel_cutoff_hours": "48",
        "claim_window_min": "60",
        "reminder_hours_before": "24",
    }
    client.post(reverse("bookings:setup", args=[clinic.slug]), form)
    saved = BookingSettings.objects.get(clinic=clinic)
    assert (saved.cancel_cutoff_hours, saved.step_min) == (48, 30)


def test_the_admin_edits_a_type_and_who_offers_it(admin_client) -> None:
    client, clinic, physio = admin_client
    client.post(reverse("bookings:setup", args=[clinic.slug]), START)
    follow_up = AppointmentType.objects.get(clinic=clinic, name="Follow-up")
    form = {
        "name": "Follow-up",
        "kind": "follow_up",
        "duration_min": "40",
        "buffer_before_min": "0",
        "buffer_after_min": "10",
        "is_active": "on",
        "clinicians": [physio.pk],
    }
    url = reverse("bookings:type-edit", args=[clinic.slug, follow_up.pk])
    assert client.post(url, form).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.duration_min == 40
    assert list(follow_up.clinicians.all()) == [physio]


def test_hours_and_time_off_are_read_in_the_clinic_zone(admin_client) -> None:
    client, clinic, physio = admin_client
    start = {"start": "1", "time_zone": "Europe/London"}
    client.post(reverse("bookings:setup", args=[clinic.slug]), start)
    location = Location.objects.get(clinic=clinic)
    url = reverse("bookings:clinician-hours", args=[clinic.slug, physio.pk])
    hours = {"add_hours": "1", "weekday": "0", "opens": "09:00", "closes": "13:00"}
    client.post(url, {**hours, "location": location.pk})
    assert WorkingHours.objects.get(clinician=physio).location == location
    off = {
        "add_time_off": "1",
        "starts_at": "2030-07-01T09:00",
        "ends_at": "2030-07-01T17:00",
        "reason": "Course",
    }
    client.post(url, off)
    # 09:00 in London in July (BST) is 08:00 UTC.
    assert TimeOff.objects.get().starts_at == datetime(2030, 7, 1, 8, tzinfo=UTC)


def test_hours_closing_before_they_open_are_refused(admin_client) -> None:
    client, clinic, physio = admin_client
    client.post(reverse("bookings:setup", args=[clinic.slug]), START)
    location = Location.objects.get(clinic=clinic)
    url = reverse("bookings:clinician-hours", args=[clinic.slug, physio.pk])
    form = {
        "add_hours": "1",
        "weekday": "0",
        "opens": "13:00",
        "closes": "09:00",
        "location": location.pk,
    }
    page = client.post(url, form).text
    assert "Closing time must come after opening time." in page
    assert not WorkingHours.objects.exists()


def test_a_location_needs_a_real_time_zone(admin_client) -> None:
    client, clinic, _ = admin_client
    form = {"add_location": "1", "name": "Annex", "time_zone": "Mars/Olympus"}
    page = client.post(reverse("bookings:setup", args=[clinic.slug]), form).text
    assert "is not a time zone" in page
    assert not Location.objects.exists()
