"""The clinician's day: their appointments on one date, in each location's time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count

from clinic.accounts.models import User
from clinic.bookings.models import Appointment, Location
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


def clinician_zone(clinician: User) -> ZoneInfo:
    """Where the clinician's day is: the location they work most hours-rows at,
    else the first location of a clinic they belong to, else the server's zone.

    The day page's "today" must be the clinic's date, not the server's (UTC): at
    22:00 in Recife it is already tomorrow in UTC.
    """
    worked = (
        Location.objects.filter(working_hours__clinician=clinician)
        .annotate(rows=Count("working_hours"))
        .order_by("-rows", "name")
        .first()
    )
    location = worked or (
        Location.objects.filter(clinic__memberships__user=clinician)
        .order_by("clinic_id", "name")
        .first()
    )
    return ZoneInfo(location.time_zone if location else settings.TIME_ZONE)


def clinician_today(clinician: User, now: datetime) -> date:
    """The date at the clinician's location at the moment `now`."""
    return now.astimezone(clinician_zone(clinician)).date()


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
