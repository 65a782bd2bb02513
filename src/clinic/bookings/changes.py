"""Changes to a booking: cancel, move, and the waitlist that fills freed time.

The cut-off policy: a runner changes or cancels online up to the clinic's
cut-off (24 hours by default) before the visit; inside it, they call the clinic
(the "late-cancellation period" clinics ask for, products.md §2). A waitlist
offer can be declined at any time.

When time comes free (a cancellation, a move, an offer not taken), it is held
for the first runner on the waitlist for that type, clinician and dates, who
has the clinic's claim window to take it; then it goes to the next one.
Claiming and lapsing are single conditional UPDATEs, so the two cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from clinic.accounts.models import User
from clinic.bookings.constraints import is_overlap_error
from clinic.bookings.mail import Message, queue_appointment_mail, schedule_reminder
from clinic.bookings.models import (
    Appointment,
    AppointmentType,
    Location,
    Status,
    WaitlistEntry,
    WaitlistStatus,
)
from clinic.bookings.selectors import bookable_types, booking_settings_for
from clinic.bookings.services import (
    BookingError,
    SlotTakenError,
    alternatives_to,
    find_slot,
    visit_times,
)
from clinic.runners.models import Runner
from tractus.booking import is_inside_cutoff


@dataclass(frozen=True, slots=True)
class FreedTime:
    """Time a live appointment gave up, as it was."""

    appointment_type: AppointmentType
    clinician: User
    location: Location
    starts_at: datetime
    runner: Runner

    @classmethod
    def of(cls, appointment: Appointment) -> FreedTime:
        return cls(
            appointment.appointment_type,
            appointment.clinician,
            appointment.location,
            appointment.starts_at,
            appointment.runner,
        )


def check_cutoff(appointment: Appointment, *, now: datetime) -> None:
    """Refuse a runner's change inside the clinic's cut-off (offers excepted)."""
    if appointment.status == Status.HELD:
        return
    hours = booking_settings_for(appointment.clinic).cancel_cutoff_hours
    if is_inside_cutoff(appointment.starts_at, now=now, cutoff_min=hours * 60):
        phone = appointment.clinic.phone
        raise BookingError(
            f"This visit is less than {hours} hours away, so it can no longer be "
            "changed online: please call the clinic"
            + (f" on {phone}." if phone else ".")
        )


@transaction.atomic
def cancel_appointment(
    *, appointment: Appointment, now: datetime, by_runner: bool = True
) -> Appointment:
    if not appointment.is_live:
        raise BookingError("This visit is already cancelled.")
    if by_runner:
        check_cutoff(appointment, now=now)
    declined = appointment.status == Status.HELD
    freed = FreedTime.of(appointment)
    appointment.status = Status.LAPSED if declined else Status.CANCELLED
    appointment.cancelled_at = now
    appointment.sequence += 1
    appointment.save(update_fields=["status", "cancelled_at", "sequence"])
    if declined:
        _back_to_waiting(appointment)
    else:
        queue_appointment_mail(appointment, Message.CANCELLED)
    offer_freed_time(freed, now=now)
    return appointment


def reschedule_appointment(
    *, appointment: Appointment, clinician: User, starts_at: datetime, now: datetime
) -> Appointment:
    """Move a booking to another free slot (same type), or raise `SlotTakenError`."""
    check_cutoff(appointment, now=now)
    slot = find_slot(
        appointment.appointment_type,
        clinician,
        starts_at,
        now,
        ignoring=appointment.pk,
    )
    if slot is None:
        raise SlotTakenError(
            alternatives_to(appointment.appointment_type, starts_at, now=now)
        )
    freed = FreedTime.of(appointment)
    try:
        with transaction.atomic():
            _move(appointment, slot.clinician, slot.location, slot.starts_at)
            queue_appointment_mail(appointment, Message.RESCHEDULED)
            schedule_reminder(appointment, now=now)
            offer_freed_time(freed, now=now)
    except IntegrityError as exc:
        if not is_overlap_error(exc):
            raise
        appointment.refresh_from_db()
        raise SlotTakenError(
            alternatives_to(appointment.appointment_type, starts_at, now=now)
        ) from exc
    return appointment


def _move(
    appointment: Appointment, clinician: User, location: Location, starts_at: datetime
) -> None:
    for name, value in visit_times(appointment.appointment_type, starts_at).items():
        setattr(appointment, name, value)
    appointment.clinician = clinician
    appointment.location = location
    appointment.sequence += 1
    appointment.save()


def join_waitlist(
    *,
    runner: Runner,
    appointment_type: AppointmentType,
    clinician: User | None,
    earliest_on: date,
    latest_on: date,
    now: datetime,
) -> WaitlistEntry:
    """Wait for an earlier time of a type the runner may book (one entry per type)."""
    if latest_on < earliest_on:
        raise BookingError("The last day must not be before the first day.")
    if not bookable_types(appointment_type.clinic, runner).filter(
        pk=appointment_type.pk
    ):
        raise BookingError(f"You cannot book {appointment_type.name} online yet.")
    entry, _ = WaitlistEntry.objects.update_or_create(
        runner=runner,
        appointment_type=appointment_type,
        clinic=appointment_type.clinic,
        status=WaitlistStatus.WAITING,
        defaults={
            "clinician": clinician,
            "earliest_on": earliest_on,
            "latest_on": latest_on,
            "created_at": now,
        },
    )
    return entry


def offer_freed_time(freed: FreedTime, *, now: datetime) -> Appointment | None:
    """Hold the freed time for the first runner waiting for it; None if nobody."""
    for entry in _waiting_for(freed):
        try:
            with transaction.atomic():
                held = _hold(freed, entry, now=now)
        except IntegrityError as exc:
            if is_overlap_error(exc):
                return None  # someone booked the time meanwhile
            raise
        entry.status = WaitlistStatus.OFFERED
        entry.save(update_fields=["status"])
        queue_appointment_mail(held, Message.OFFER)
        _schedule_lapse(held)
        return held
    return None


def _waiting_for(freed: FreedTime) -> list[WaitlistEntry]:
    zone = ZoneInfo(freed.location.time_zone)
    day = freed.starts_at.astimezone(zone).date()
    return list(
        WaitlistEntry.objects.filter(
            appointment_type=freed.appointment_type,
            status=WaitlistStatus.WAITING,
            earliest_on__lte=day,
            latest_on__gte=day,
        )
        .filter(Q(clinician__isnull=True) | Q(clinician=freed.clinician))
        .exclude(runner=freed.runner)
        # Someone who let this very time lapse is not offered it again.
        .exclude(offers__starts_at=freed.starts_at, offers__clinician=freed.clinician)
        .select_related("runner")
        .order_by("created_at", "pk")
    )


def _hold(freed: FreedTime, entry: WaitlistEntry, *, now: datetime) -> Appointment:
    window = booking_settings_for(entry.clinic).claim_window_min
    return Appointment.objects.create(
        clinic=entry.clinic,
        clinician=freed.clinician,
        runner=entry.runner,
        appointment_type=freed.appointment_type,
        location=freed.location,
        status=Status.HELD,
        hold_expires_at=now + timedelta(minutes=window),
        waitlist_entry=entry,
        created_at=now,
        **visit_times(freed.appointment_type, freed.starts_at),
    )


def _schedule_lapse(held: Appointment) -> None:
    assert held.hold_expires_at is not None
    appointment_id, run_after = held.pk, held.hold_expires_at
    transaction.on_commit(
        lambda: lapse_offer.using(run_after=run_after).enqueue(
            appointment_id=appointment_id
        )
    )


@transaction.atomic
def claim_offer(*, appointment: Appointment, now: datetime) -> Appointment:
    """Take a held waitlist offer while its window is open."""
    taken = Appointment.objects.filter(
        pk=appointment.pk, status=Status.HELD, hold_expires_at__gt=now
    ).update(
        status=Status.BOOKED, hold_expires_at=None, sequence=appointment.sequence + 1
    )
    if not taken:
        raise BookingError("This offer is no longer open: it has lapsed or was taken.")
    appointment.refresh_from_db()
    if appointment.waitlist_entry is not None:
        appointment.waitlist_entry.status = WaitlistStatus.BOOKED
        appointment.waitlist_entry.save(update_fields=["status"])
    queue_appointment_mail(appointment, Message.CONFIRMATION)
    schedule_reminder(appointment, now=now)
    return appointment


@task()
def lapse_offer(*, appointment_id: int) -> bool:
    """At the end of a claim window: release an untaken offer to the next runner."""
    now = timezone.now()
    with transaction.atomic():
        lapsed = Appointment.objects.filter(
            pk=appointment_id, status=Status.HELD, hold_expires_at__lte=now
        ).update(status=Status.LAPSED, cancelled_at=now)
        if not lapsed:
            return False
        appointment = Appointment.objects.select_related(
            "appointment_type", "clinician", "location", "runner"
        ).get(pk=appointment_id)
        _back_to_waiting(appointment)
        offer_freed_time(FreedTime.of(appointment), now=now)
    return True


def _back_to_waiting(appointment: Appointment) -> None:
    entry = appointment.waitlist_entry
    if entry is not None and entry.status == WaitlistStatus.OFFERED:
        entry.status = WaitlistStatus.WAITING
        entry.save(update_fields=["status"])
