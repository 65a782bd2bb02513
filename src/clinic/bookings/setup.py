"""A clinic's booking set-up: the default appointment types and the demo diary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from clinic.accounts.models import User
from clinic.bookings.models import (
    AppointmentKind,
    AppointmentType,
    BookingSettings,
    Location,
    WorkingHours,
)
from clinic.clinics.models import Clinic


@dataclass(frozen=True, slots=True)
class TypeDefault:
    kind: AppointmentKind
    description: str
    duration_min: int
    buffer_before_min: int
    buffer_after_min: int
    open_to_new_patients: bool


# What the clinic asked for (issue 11); each clinic can change them on its set-up page.
DEFAULT_TYPES = (
    TypeDefault(
        AppointmentKind.DIAGNOSTIC,
        "Back to feet: hips, strength, flexibility and how you run.",
        60,
        0,
        15,
        True,
    ),
    TypeDefault(
        AppointmentKind.FOLLOW_UP,
        "Progress check and the next step of your programme.",
        30,
        0,
        5,
        False,
    ),
    TypeDefault(
        AppointmentKind.GAIT,
        "Treadmill and phone video of your running, with cues to change it.",
        45,
        10,
        5,
        False,
    ),
)


@transaction.atomic
def set_up_booking(*, clinic: Clinic, time_zone: str) -> Location:
    """Give a clinic its booking rules, a first location and the default types.

    Safe to run again: what exists is left as it is.
    """
    BookingSettings.objects.get_or_create(clinic=clinic)
    location, _ = Location.objects.get_or_create(
        clinic=clinic,
        name="Main clinic",
        defaults={"address": clinic.address, "time_zone": time_zone},
    )
    for default in DEFAULT_TYPES:
        AppointmentType.objects.get_or_create(
            clinic=clinic,
            name=default.kind.label,
            defaults={
                "kind": default.kind,
                "description": default.description,
                "duration_min": default.duration_min,
                "buffer_before_min": default.buffer_before_min,
                "buffer_after_min": default.buffer_after_min,
                "open_to_new_patients": default.open_to_new_patients,
            },
        )
    return location


def add_weekly_hours(
    *,
    clinic: Clinic,
    clinician: User,
    location: Location,
    weekdays: list[int],
    opens: time,
    closes: time,
) -> None:
    for weekday in weekdays:
        WorkingHours.objects.get_or_create(
            clinic=clinic,
            clinician=clinician,
            location=location,
            weekday=weekday,
            opens=opens,
            closes=closes,
        )


def next_weekday(after: datetime, weekday: int, at: time) -> datetime:
    """The first `weekday` strictly after `after`'s date, at `at` UTC."""
    day: date = after.date() + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime.combine(day, at, UTC)
