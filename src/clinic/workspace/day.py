"""The clinician's day: their appointments on one date, in each location's time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic.accounts.models import User
from clinic.bookings.models import Appointment
from clinic.runners.access import clinics_writing_for

# Local dates in any time zone fall within this much of the UTC day.
_ZONE_SPREAD = timedelta(hours=14)


@dataclass(frozen=True)
class Visit:
    appointment: Appointment
    starts_local: datetime
    ends_local: datetime
    # Whether the runner shares their record with the clinic: the row opens it.
    record_open: bool


def day_of(clinician: User, on: date) -> list[Visit]:
    """The clinician's appointments whose local date (at their location) is `on`."""
    start = datetime.combine(on, time(), tzinfo=UTC) - _ZONE_SPREAD
    end = start + timedelta(days=1) + 2 * _ZONE_SPREAD
    appointments = (
        Appointment.objects.filter(
            clinician=clinician, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("runner__user", "appointment_type", "location", "clinic")
        .order_by("starts_at")
    )
    visits = []
    for a in appointments:
        zone = ZoneInfo(a.location.time_zone)
        local = a.starts_at.astimezone(zone)
        if local.date() != on:
            continue
        shared = bool(clinics_writing_for(clinician, a.runner))
        visits.append(Visit(a, local, a.ends_at.astimezone(zone), shared))
    return visits
