"""Booking an appointment: the checks, the insert the database guards, the answer.

The search and the checks here are there to give runners a clear answer; the
guarantee against double booking is the database's (constraints.py). When two
runners race for one slot, both pass the checks, the database lets one insert
through and refuses the other, and the loser gets `SlotTakenError` with the
nearest free slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from clinic.accounts.models import User
from clinic.accounts.privacy import record_consent
from clinic.bookings.constraints import is_overlap_error
from clinic.bookings.mail import Message, queue_appointment_mail, schedule_reminder
from clinic.bookings.models import (
    Appointment,
    AppointmentKind,
    AppointmentType,
    CalendarFeed,
    Status,
    new_feed_token,
)
from clinic.bookings.selectors import (
    OpenSlot,
    bookable_types,
    clinicians_for,
    nearest_open_slots,
    open_slots,
    upcoming_diagnostic,
)
from clinic.clinics.models import Clinic
from clinic.runners.models import AccessGrant, Area, Runner
from clinic.runners.services import ensure_runner, grant_access
from clinic.triage.models import TriageAssessment

# What the intake carries to the clinician before the visit (with consent).
INTAKE_AREAS = (Area.TRIAGE, Area.TRAINING, Area.MOTION)
# How far either side of a lost slot the alternatives are looked for.
ALTERNATIVES_WINDOW_DAYS = 7


class BookingError(Exception):
    """A booking that cannot be made; the message is shown to the runner."""


class SlotTakenError(BookingError):
    def __init__(self, alternatives: list[OpenSlot]) -> None:
        self.alternatives = alternatives
        super().__init__("Sorry, that slot was just taken.")


def book_appointment(
    *,
    runner: Runner,
    appointment_type: AppointmentType,
    clinician: User,
    starts_at: datetime,
    now: datetime,
) -> Appointment:
    """Book the slot at `starts_at`, or raise `BookingError` / `SlotTakenError`.

    A runner with a diagnostic still to come at the clinic is refused a second one
    (see `_refuse_second_diagnostic`).
    """
    _refuse_second_diagnostic(runner, appointment_type, now)
    return _book_slot(
        runner=runner,
        appointment_type=appointment_type,
        clinician=clinician,
        starts_at=starts_at,
        now=now,
    )


def _refuse_second_diagnostic(
    runner: Runner, appointment_type: AppointmentType, now: datetime
) -> None:
    """One diagnostic covers the whole assessment: a second one booked while the
    first is still to come is a double booking (seen on a phone: two on the same
    day), and it holds a long slot the waitlist could use. Moving the first one is
    the way to another time."""
    if appointment_type.kind != AppointmentKind.DIAGNOSTIC:
        return
    if upcoming_diagnostic(runner, appointment_type.clinic, now) is not None:
        raise BookingError(
            f"You already have a {appointment_type.name.lower()} booked at "
            f"{appointment_type.clinic}: move that one to another time instead "
            "of booking a second."
        )


def _book_slot(
    *,
    runner: Runner,
    appointment_type: AppointmentType,
    clinician: User,
    starts_at: datetime,
    now: datetime,
) -> Appointment:
    _check_may_book(runner, appointment_type)
    slot = find_slot(appointment_type, clinician, starts_at, now)
    if slot is None:
        raise SlotTakenError(alternatives_to(appointment_type, starts_at, now=now))
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                clinic=appointment_type.clinic,
                clinician=clinician,
                runner=runner,
                appointment_type=appointment_type,
                location=slot.location,
                status=Status.BOOKED,
                created_at=now,
                **visit_times(appointment_type, slot.starts_at),
            )
    except IntegrityError as exc:
        if not is_overlap_error(exc):
            raise
        raise SlotTakenError(
            alternatives_to(appointment_type, starts_at, now=now)
        ) from exc
    queue_appointment_mail(appointment, Message.CONFIRMATION)
    schedule_reminder(appointment, now=now)
    return appointment


@dataclass(frozen=True, slots=True)
class Guest:
    """Who books without an account, and what this browser already holds."""

    email: str
    full_name: str
    timezone: str
    session_check_ids: list[str]


@transaction.atomic
def book_as_guest(
    *,
    guest: Guest,
    share: bool,
    appointment_type: AppointmentType,
    clinician: User,
    starts_at: datetime,
    now: datetime,
) -> tuple[Appointment, bool]:
    """Book for someone without a session: match their record by e-mail or create it.

    A new record takes this browser's anonymous symptom checks and, if asked,
    shares the intake with the clinic; its consent to the privacy notice is
    recorded. A matched record is someone's existing
    account: nothing is added to it or shared from it until they log in.
    Returns the appointment and whether the record is new. If the slot is lost,
    nothing (not even the new account) is kept.
    """
    runner, created = _guest_runner(guest)
    if created:
        # The consent ticked on the booking form (a matched account keeps its own).
        record_consent(user=runner.user, now=now)
        TriageAssessment.objects.filter(
            public_id__in=guest.session_check_ids, runner__isnull=True
        ).update(runner=runner)
    # Not `book_appointment`: refusing a second diagnostic here would tell whoever
    # types an e-mail address that its owner has a visit booked. The owner gets the
    # confirmation e-mail and can cancel from it.
    appointment = _book_slot(
        runner=runner,
        appointment_type=appointment_type,
        clinician=clinician,
        starts_at=starts_at,
        now=now,
    )
    if created and share:
        share_intake(runner=runner, clinic=appointment_type.clinic, now=now)
    return appointment, created


def share_intake(*, runner: Runner, clinic: Clinic, now: datetime) -> AccessGrant:
    """Let the clinic see the symptom checks, training and videos (keeps what else is shared)."""
    current = AccessGrant.objects.active().filter(runner=runner, clinic=clinic).first()
    have = set(current.areas) if current else set()
    if current is not None and have >= set(INTAKE_AREAS):
        return current
    return grant_access(
        runner=runner, clinic=clinic, areas=have | set(INTAKE_AREAS), now=now
    )


def shares_intake(runner: Runner | None, clinic: Clinic) -> bool:
    if runner is None:
        return False
    grants = AccessGrant.objects.active().filter(runner=runner, clinic=clinic)
    return any(set(g.areas) >= set(INTAKE_AREAS) for g in grants)


def _guest_runner(guest: Guest) -> tuple[Runner, bool]:
    email = User.objects.normalize_email(guest.email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return ensure_runner(user), False
    user = User.objects.create_user(email, full_name=guest.full_name)
    runner = ensure_runner(user)
    if guest.timezone:
        runner.timezone = guest.timezone
        runner.save(update_fields=["timezone"])
    return runner, True


def alternatives_to(
    appointment_type: AppointmentType, wanted: datetime, *, now: datetime
) -> list[OpenSlot]:
    """The free slots nearest to `wanted`, with any clinician offering the type."""
    day = wanted.date()
    slots = open_slots(
        appointment_type=appointment_type,
        clinicians=clinicians_for(appointment_type),
        first_day=day - timedelta(days=ALTERNATIVES_WINDOW_DAYS),
        last_day=day + timedelta(days=ALTERNATIVES_WINDOW_DAYS),
        now=now,
    )
    return nearest_open_slots(
        [s for s in slots if s.starts_at != wanted], wanted, count=3
    )


def has_red_flag(runner: Runner | None) -> bool:
    """True when the runner's latest symptom check found an urgent or emergency flag."""
    latest = runner.triage_assessments.first() if runner else None
    return latest is not None and latest.has_red_flag


def _check_may_book(runner: Runner, appointment_type: AppointmentType) -> None:
    if has_red_flag(runner):
        raise BookingError(
            "Your latest symptom check found a warning sign: please see a doctor "
            "first, as its result page says, before booking a physiotherapy visit."
        )
    if not appointment_type.is_active:
        raise BookingError(f"{appointment_type.name} cannot be booked online.")
    if not bookable_types(appointment_type.clinic, runner).filter(
        pk=appointment_type.pk
    ):
        raise BookingError(
            f"New patients start with a {_first_visit_name(appointment_type)}; "
            f"{appointment_type.name} comes after it."
        )


def _first_visit_name(appointment_type: AppointmentType) -> str:
    first = appointment_type.clinic.appointment_types.filter(
        open_to_new_patients=True, is_active=True
    ).first()
    return first.name.lower() if first else "first visit"


def find_slot(
    appointment_type: AppointmentType,
    clinician: User,
    starts_at: datetime,
    now: datetime,
    *,
    ignoring: int | None = None,
) -> OpenSlot | None:
    """The open slot starting at `starts_at`, if the clinician has one then.

    `ignoring` is an appointment whose own time counts as free (the one being moved).
    """
    if not clinicians_for(appointment_type).filter(pk=clinician.pk).exists():
        return None
    zone_days = {
        starts_at.astimezone(ZoneInfo(h.location.time_zone)).date()
        for h in clinician.working_hours.filter(
            clinic=appointment_type.clinic
        ).select_related("location")
    }
    if not zone_days:
        return None
    slots = open_slots(
        appointment_type=appointment_type,
        clinicians=[clinician],
        first_day=min(zone_days),
        last_day=max(zone_days),
        now=now,
        ignoring=ignoring,
    )
    return next((s for s in slots if s.starts_at == starts_at), None)


def visit_times(
    appointment_type: AppointmentType, starts_at: datetime
) -> dict[str, datetime]:
    length = appointment_type.length()
    visit, blocked = length.visit(starts_at), length.blocked(starts_at)
    return {
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "blocked_from": blocked.starts_at,
        "blocked_until": blocked.ends_at,
    }


def feed_of(clinician: User) -> CalendarFeed:
    """The clinician's private feed, made the first time they ask for it."""
    found, _ = CalendarFeed.objects.get_or_create(clinician=clinician)
    return found


def renew_feed(*, clinician: User) -> CalendarFeed:
    """A new secret address (the old one stops working), e.g. after it leaked."""
    found = feed_of(clinician)
    found.token = new_feed_token()
    found.save(update_fields=["token"])
    return found
