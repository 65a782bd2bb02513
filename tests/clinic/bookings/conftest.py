"""A clinic diary for the booking tests: one location, two types, one clinician."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from clinic.accounts.models import User
from clinic.bookings.models import AppointmentKind, AppointmentType, Location
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from tests.clinic.bookings.factories import (
    AppointmentTypeFactory,
    LocationFactory,
    schedule_clinician,
)
from tests.clinic.factories import ClinicFactory, RunnerFactory

# A Monday morning in London (GMT); the default notice is 12 hours.
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TUESDAY_10 = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@dataclass
class Diary:
    clinic: Clinic
    location: Location
    diagnostic: AppointmentType
    follow_up: AppointmentType
    clinician: User
    runner: Runner


@pytest.fixture
def diary(db: None) -> Diary:
    clinic = ClinicFactory()
    location = LocationFactory(clinic=clinic)
    clinician = schedule_clinician(clinic, location)
    diagnostic = AppointmentTypeFactory(clinic=clinic, clinicians=[clinician])
    follow_up = AppointmentTypeFactory(
        clinic=clinic,
        kind=AppointmentKind.FOLLOW_UP,
        name="Follow-up",
        duration_min=30,
        buffer_after_min=5,
        open_to_new_patients=False,
        clinicians=[clinician],
    )
    return Diary(clinic, location, diagnostic, follow_up, clinician, RunnerFactory())
