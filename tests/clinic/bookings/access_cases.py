"""What the access matrix needs from bookings: a bookable type and a visit of A."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from clinic.bookings.models import Appointment, Status
from clinic.bookings.services import visit_times
from tests.clinic.bookings.factories import AppointmentTypeFactory, LocationFactory
from tests.clinic.conftest import ROLES, Cast

# An appointment is seen by its runner and by the staff of its clinic.
APPOINTMENT_OF_A = {
    **dict.fromkeys(ROLES, 404),
    "runner_a": 200,
    "clinician_with_access": 200,
    "clinic_admin": 200,
}


def type_of_a(cast: Cast) -> list[Any]:
    """Clinic A's diagnostic, offered by clinic A's clinician."""
    diagnostic = AppointmentTypeFactory(
        clinic=cast.clinic_a, clinicians=[cast.clinician_a]
    )
    return [cast.clinic_a.slug, diagnostic.pk]


def appointment_of_a(cast: Cast) -> list[Any]:
    _, type_id = type_of_a(cast)
    diagnostic = cast.clinic_a.appointment_types.get(pk=type_id)
    starts_at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    appointment = Appointment.objects.create(
        clinic=cast.clinic_a,
        clinician=cast.clinician_a,
        runner=cast.runner_a,
        appointment_type=diagnostic,
        location=LocationFactory(clinic=cast.clinic_a),
        status=Status.BOOKED,
        created_at=starts_at - timedelta(days=3),
        **visit_times(diagnostic, starts_at),
    )
    return [appointment.public_id]


# Only the runner changes their own booking; anyone else learns nothing (404).
CHANGE_OF_A = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": "login",
    "runner_a": 302,
}
CHANGE_PAGE_OF_A = {**CHANGE_OF_A, "runner_a": 200}


def feed_of_clinician_a(cast: Cast) -> list[Any]:
    from clinic.bookings.services import feed_of

    return [feed_of(cast.clinician_a).token]


def clinician_a_of_clinic_a(cast: Cast) -> list[Any]:
    return [cast.clinic_a.slug, cast.clinician_a.pk]


def hours_of_clinician_a(cast: Cast) -> list[Any]:
    from datetime import time

    from clinic.bookings.models import WorkingHours

    hours = WorkingHours.objects.create(
        clinic=cast.clinic_a,
        clinician=cast.clinician_a,
        location=LocationFactory(clinic=cast.clinic_a),
        weekday=0,
        opens=time(9),
        closes=time(12),
    )
    return [cast.clinic_a.slug, cast.clinician_a.pk, hours.pk]
