"""Reads: booking settings, bookable types and open slots (rows → core → rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import QuerySet

from clinic.accounts.models import User
from clinic.bookings.models import (
    Appointment,
    AppointmentKind,
    AppointmentType,
    BookingSettings,
    Location,
    Status,
    TimeOff,
    WaitlistEntry,
    WaitlistStatus,
    WorkingHours,
)
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from clinic.triage.models import TriageAssessment
from tractus.booking import Slot, TimeRange, WeeklyHours, free_slots, nearest_slots

# Statuses that make a runner a returning patient of a clinic.
SEEN_STATUSES = (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)


@dataclass(frozen=True, slots=True)
class OpenSlot:
    """A free slot with the clinician and location it belongs to."""

    clinician: User
    location: Location
    starts_at: datetime
    ends_at: datetime


def booking_settings_for(clinic: Clinic) -> BookingSettings:
    """The clinic's rules, or the defaults (unsaved) when it never changed them."""
    found = BookingSettings.objects.filter(clinic=clinic).first()
    return found or BookingSettings(clinic=clinic)


def is_new_patient(runner: Runner | None, clinic: Clinic) -> bool:
    if runner is None:
        return True
    return not runner.appointments.filter(
        clinic=clinic, status__in=SEEN_STATUSES
    ).exists()


def bookable_types(clinic: Clinic, runner: Runner | None) -> QuerySet[AppointmentType]:
    """Types this runner may book online: new patients only those open to them."""
    types = clinic.appointment_types.filter(is_active=True, clinicians__isnull=False)
    if is_new_patient(runner, clinic):
        types = types.filter(open_to_new_patients=True)
    return types.distinct()


def clinicians_for(appointment_type: AppointmentType) -> QuerySet[User]:
    """Clinicians of the clinic who offer this type."""
    return appointment_type.clinicians.filter(
        memberships__clinic_id=appointment_type.clinic_id,
        memberships__is_clinician=True,
    ).order_by("full_name", "email")


def open_slots(
    *,
    appointment_type: AppointmentType,
    clinicians: Iterable[User],
    first_day: date,
    last_day: date,
    now: datetime,
    ignoring: int | None = None,
) -> list[OpenSlot]:
    """Free slots of `appointment_type` with any of `clinicians`, in start order.

    `ignoring` is an appointment whose time counts as free (one being moved).
    """
    clinic = appointment_type.clinic
    rules = booking_settings_for(clinic).rules()
    # Local dates in any zone fall inside this UTC window.
    window = TimeRange(
        datetime.combine(first_day - timedelta(days=1), time(), UTC),
        datetime.combine(last_day + timedelta(days=2), time(), UTC),
    )
    people = list(clinicians)
    hours = list(
        WorkingHours.objects.filter(clinic=clinic, clinician__in=people).select_related(
            "location"
        )
    )
    busy = _busy(people, window, ignoring)
    found: list[OpenSlot] = []
    for clinician in people:
        own = [h for h in hours if h.clinician_id == clinician.pk]
        locations = {str(h.location_id): h.location for h in own}
        slots = free_slots(
            [_weekly(h) for h in own],
            appointment_type.length(),
            busy=busy.get(clinician.pk, []),
            rules=rules,
            now=now,
            first_day=first_day,
            last_day=last_day,
        )
        found += [_open(s, clinician, locations[s.location]) for s in slots]
    return sorted(found, key=lambda s: (s.starts_at, s.clinician.full_name))


def nearest_open_slots(
    slots: list[OpenSlot], wanted: datetime, *, count: int = 3
) -> list[OpenSlot]:
    by_start = {(s.starts_at, s.clinician.pk): s for s in slots}
    core = [Slot(s.starts_at, s.ends_at, str(s.clinician.pk)) for s in slots]
    return [
        by_start[(s.starts_at, int(s.location))]
        for s in nearest_slots(core, wanted, count=count)
    ]


def _weekly(hours: WorkingHours) -> WeeklyHours:
    return WeeklyHours(
        hours.weekday,
        hours.opens,
        hours.closes,
        hours.location.time_zone,
        str(hours.location_id),
    )


def _busy(
    clinicians: list[User], window: TimeRange, ignoring: int | None
) -> dict[int, list[TimeRange]]:
    """Each clinician's taken time in the window: bookings with buffers, time off."""
    booked = Appointment.objects.live().filter(
        clinician__in=clinicians,
        blocked_until__gt=window.starts_at,
        blocked_from__lt=window.ends_at,
    )
    if ignoring is not None:
        booked = booked.exclude(pk=ignoring)
    away = TimeOff.objects.filter(
        clinician__in=clinicians,
        ends_at__gt=window.starts_at,
        starts_at__lt=window.ends_at,
    )
    taken: dict[int, list[TimeRange]] = {}
    rows = [
        *booked.values_list("clinician_id", "blocked_from", "blocked_until"),
        *away.values_list("clinician_id", "starts_at", "ends_at"),
    ]
    for clinician_id, starts_at, ends_at in rows:
        taken.setdefault(clinician_id, []).append(TimeRange(starts_at, ends_at))
    return taken


def _open(slot: Slot, clinician: User, location: Location) -> OpenSlot:
    return OpenSlot(clinician, location, slot.starts_at, slot.ends_at)


def slots_by_day(
    slots: Iterable[OpenSlot], zone: ZoneInfo
) -> list[tuple[date, list[OpenSlot]]]:
    """Slots grouped by their local date in `zone` (the runner's), in order."""
    days: dict[date, list[OpenSlot]] = {}
    for slot in slots:
        days.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)
    return sorted(days.items())


def latest_check(
    runner: Runner | None, session_check_ids: list[str]
) -> TriageAssessment | None:
    """The newest symptom check of this runner, or of this browser when anonymous."""
    if runner is not None:
        return runner.triage_assessments.first()
    return TriageAssessment.objects.filter(
        public_id__in=session_check_ids, runner__isnull=True
    ).first()


def display_zone(runner: Runner | None, asked: str, clinic: Clinic) -> ZoneInfo:
    """The runner's zone; else the browser's (`asked`); else the clinic's."""
    for name in (runner.timezone if runner else "", asked):
        if zone := zone_named(name):
            return zone
    location = clinic.locations.first()
    return ZoneInfo(location.time_zone if location else settings.TIME_ZONE)


def upcoming_for(runner: Runner, now: datetime) -> QuerySet[Appointment]:
    return (
        runner.appointments.live()
        .filter(ends_at__gte=now)
        .select_related("clinic", "clinician", "appointment_type", "location")
    )


def upcoming_diagnostic(
    runner: Runner | None, clinic: Clinic, now: datetime
) -> Appointment | None:
    """The runner's booked diagnostic still to come at the clinic, if any."""
    if runner is None:
        return None
    return (
        runner.appointments.filter(
            clinic=clinic,
            appointment_type__kind=AppointmentKind.DIAGNOSTIC,
            status=Status.BOOKED,
            starts_at__gt=now,
        )
        .select_related("clinician", "appointment_type", "location")
        .order_by("starts_at")
        .first()
    )


def waiting_for(runner: Runner) -> QuerySet[WaitlistEntry]:
    return runner.waitlist_entries.filter(
        status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    ).select_related("appointment_type", "clinic", "clinician")


def open_clinics() -> QuerySet[Clinic]:
    """Clinics that take online bookings and have a type someone can book."""
    return (
        Clinic.objects.filter(appointment_types__is_active=True)
        .exclude(booking_settings__is_open=False)
        .distinct()
    )


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone called `name`, or None for an empty or unknown name."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
