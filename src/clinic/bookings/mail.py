"""Appointment e-mails with the .ics attached, rendered by the worker at send time.

The task carries only the appointment's id and the kind of message (the shape
`clinic.lib.mail` is moving to); the worker loads the row and renders
`bookings/KIND_subject.txt` and `bookings/KIND_email.txt`, so a message never
shows a time that has since changed. A reminder also carries the start time it
was scheduled for: if the visit moved or was cancelled, it sends nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from clinic.bookings.calendars import appointment_calendar
from clinic.bookings.models import Appointment
from clinic.bookings.selectors import booking_settings_for, display_zone
from clinic.lib.mail import render_message, set_password_url


class Message(StrEnum):
    CONFIRMATION = "confirmation"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    OFFER = "offer"
    REMINDER = "reminder"


def queue_appointment_mail(appointment: Appointment, message: Message) -> None:
    """Send `message` about `appointment` once the transaction commits."""
    appointment_id = appointment.pk
    transaction.on_commit(
        lambda: send_appointment_mail.enqueue(
            message=message.value, appointment_id=appointment_id
        )
    )


def schedule_reminder(appointment: Appointment, *, now: datetime) -> None:
    """Queue the reminder for its time before the visit (none if that has passed)."""
    hours = booking_settings_for(appointment.clinic).reminder_hours_before
    send_at = appointment.starts_at - timedelta(hours=hours)
    if send_at <= now:
        return
    appointment_id, starts_at = appointment.pk, appointment.starts_at.isoformat()
    transaction.on_commit(
        lambda: send_appointment_mail.using(run_after=send_at).enqueue(
            message=Message.REMINDER.value,
            appointment_id=appointment_id,
            scheduled_for=starts_at,
        )
    )


@task()
def send_appointment_mail(
    *, message: str, appointment_id: int, scheduled_for: str = ""
) -> int:
    """Render and send one message; returns how many were sent (0 or 1)."""
    appointment = (
        Appointment.objects.select_related(
            "clinic", "clinician", "runner__user", "appointment_type", "location"
        )
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or not appointment.runner.user.is_active:
        return 0
    if scheduled_for and not _still_due(appointment, scheduled_for):
        return 0
    email = _render(Message(message), appointment)
    email.attach(
        "appointment.ics",
        appointment_calendar(appointment, now=timezone.now()),
        "text/calendar",
    )
    return email.send()


def _still_due(appointment: Appointment, scheduled_for: str) -> bool:
    return appointment.is_live and appointment.starts_at == datetime.fromisoformat(
        scheduled_for
    )


def _render(message: Message, appointment: Appointment) -> EmailMessage:
    user = appointment.runner.user
    site = settings.SITE_URL.rstrip("/")
    context = {
        "user": user,
        "object": appointment,
        "zone": display_zone(appointment.runner, "", appointment.clinic),
        "site_url": site,
        "page_url": site
        + reverse("bookings:appointment", args=[appointment.public_id]),
        # A runner who booked without an account chooses a password from the e-mail.
        "set_password_url": ""
        if user.has_usable_password()
        else set_password_url(user),
        "cutoff_hours": booking_settings_for(appointment.clinic).cancel_cutoff_hours,
    }
    return render_message(f"bookings/{message.value}", context, to=user.email)
