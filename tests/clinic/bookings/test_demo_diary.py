"""The demo clinic takes bookings from the first minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clinic.bookings.models import Appointment, AppointmentType, WorkingHours
from clinic.bookings.selectors import bookable_types, clinicians_for, open_slots
from clinic.clinics.management.demo import load_demo
from clinic.clinics.models import Clinic

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.mark.django_db
def test_a_new_runner_can_book_the_demo_diagnostic_straight_away() -> None:
    load_demo(now=NOW)
    clinic = Clinic.objects.get(slug="demo-clinic")
    assert WorkingHours.objects.values("clinician").distinct().count() == 2
    booked = Appointment.objects.live().count()
    # The diary's own three diagnostics, and the workspace's day of visits.
    assert booked >= 3
    (diagnostic,) = bookable_types(clinic, None)
    assert diagnostic.duration_min == 60
    slots = open_slots(
        appointment_type=diagnostic,
        clinicians=clinicians_for(diagnostic),
        first_day=NOW.date(),
        last_day=NOW.date() + timedelta(days=7),
        now=NOW,
    )
    assert len({s.clinician for s in slots}) == 2
    assert AppointmentType.objects.filter(clinic=clinic).count() == 3
    load_demo(now=NOW + timedelta(days=1))
    assert Appointment.objects.live().count() == booked
