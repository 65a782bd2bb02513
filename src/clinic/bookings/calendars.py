"""iCalendar (RFC 5545) files of appointments, made with the `icalendar` library.

One event per appointment, with a stable UID (its public id) and a SEQUENCE
raised on each change, so a calendar that imported the confirmation replaces
it on a reschedule and removes it on a cancellation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from clinic.bookings.models import Appointment, Status

PRODID = "-//Tractus//Bookings//EN"


def appointment_calendar(appointment: Appointment, *, now: datetime) -> bytes:
    """The file attached to a runner's e-mail (REQUEST, or CANCEL once cancelled)."""
    cancelled = not appointment.is_live
    calendar = _calendar(method="CANCEL" if cancelled else "REQUEST")
    calendar.add_component(
        _event(appointment, now=now, summary=_runner_summary(appointment))
    )
    return bytes(calendar.to_ical())


def clinician_feed(appointments: Iterable[Appointment], *, now: datetime) -> bytes:
    """A clinician's private feed: their live appointments, runners by initials."""
    calendar = _calendar(method="PUBLISH")
    calendar.add("x-wr-calname", "Tractus appointments")
    for appointment in appointments:
        calendar.add_component(
            _event(appointment, now=now, summary=_clinician_summary(appointment))
        )
    return bytes(calendar.to_ical())


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(appointment: Appointment, *, now: datetime, summary: str) -> Event:
    event = Event()
    event.add("uid", f"{appointment.public_id}@tractus")
    event.add("dtstamp", now)
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("sequence", appointment.sequence)
    event.add("summary", summary)
    event.add("location", _place(appointment))
    event.add("status", _status(appointment))
    page = reverse("bookings:appointment", args=[appointment.public_id])
    event.add("url", settings.SITE_URL.rstrip("/") + page)
    return event


def _status(appointment: Appointment) -> str:
    if not appointment.is_live:
        return "CANCELLED"
    return "TENTATIVE" if appointment.status == Status.HELD else "CONFIRMED"


def _place(appointment: Appointment) -> str:
    address = " ".join(appointment.location.address.split())
    return f"{appointment.clinic}, {appointment.location}" + (
        f", {address}" if address else ""
    )


def _runner_summary(appointment: Appointment) -> str:
    return f"{appointment.appointment_type.name} with {appointment.clinician}"


def _clinician_summary(appointment: Appointment) -> str:
    """Initials only: a feed is copied into other calendars, so it names no one."""
    name = appointment.runner.user.full_name or appointment.runner.user.email
    initials = "".join(part[0].upper() for part in name.split()[:3] if part)
    return f"{appointment.appointment_type.name} · {initials}"
