"""The demo clinic's diary: hours for both physiotherapists and a few bookings."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from clinic.accounts.models import User
from clinic.bookings.models import AppointmentKind, AppointmentType
from clinic.bookings.selectors import open_slots
from clinic.bookings.services import book_appointment
from clinic.bookings.setup import add_weekly_hours, set_up_booking
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from clinic.runners.services import ensure_runner

DEMO_CLINIC_ZONE = (
    "America/Recife"  # where the demo runner runs (clinics.management.demo)
)
# (clinician e-mail, weekdays, opens, closes): weekdays 0 = Monday.
DEMO_HOURS = [
    ("physio1@demo.tractus.test", [0, 1, 2, 3, 4], time(9), time(17)),
    ("physio2@demo.tractus.test", [1, 3], time(12), time(20)),
    ("physio2@demo.tractus.test", [5], time(9), time(13)),
]
DEMO_PATIENTS = [
    ("patient1@demo.tractus.test", "Demo patient 1"),
    ("patient2@demo.tractus.test", "Demo patient 2"),
]


def load_booking_demo(
    *, clinic: Clinic, runner: Runner, password: str, now: datetime
) -> None:
    """Set the demo clinic's diary up once; later runs change nothing."""
    if clinic.appointment_types.exists():
        return
    location = set_up_booking(clinic=clinic, time_zone=DEMO_CLINIC_ZONE)
    clinicians = []
    for email, weekdays, opens, closes in DEMO_HOURS:
        clinician = User.objects.get(email=email)
        add_weekly_hours(
            clinic=clinic,
            clinician=clinician,
            location=location,
            weekdays=weekdays,
            opens=opens,
            closes=closes,
        )
        clinicians.append(clinician)
    for appointment_type in clinic.appointment_types.all():
        appointment_type.clinicians.set(clinicians)
    _book_some(clinic, [runner, *_patients(password)], now)


def _patients(password: str) -> list[Runner]:
    runners = []
    for email, name in DEMO_PATIENTS:
        user = User.objects.create_user(email, password, full_name=name)
        runners.append(ensure_runner(user))
    return runners


def _book_some(clinic: Clinic, runners: list[Runner], now: datetime) -> None:
    """A diagnostic for each runner, spread over the coming days, so the diary is real."""
    diagnostic = AppointmentType.objects.get(
        clinic=clinic, kind=AppointmentKind.DIAGNOSTIC
    )
    slots = open_slots(
        appointment_type=diagnostic,
        clinicians=diagnostic.clinicians.all(),
        first_day=now.date(),
        last_day=now.date() + timedelta(days=7),
        now=now,
    )
    for runner, slot in zip(runners, slots[1::9], strict=False):
        book_appointment(
            runner=runner,
            appointment_type=diagnostic,
            clinician=slot.clinician,
            starts_at=slot.starts_at,
            now=now,
        )
