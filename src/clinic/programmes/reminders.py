"""E-mail reminders of planned sessions, sent by the task worker, repeated once.

`send_reminders` is run twice a day (`manage.py send_rehab_reminders`, from cron or a
scheduler): the first run reminds every runner whose planned strength session of the
day (in their own time zone) is not logged yet, the second repeats the reminder only to
those who still have not logged it. Never more than two a day; the e-mail holds a link,
not health data.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from clinic.lib.mail import queue_mail
from clinic.programmes.models import Programme, ReminderSent
from clinic.programmes.services import core_programme

REMINDERS_PER_DAY = 2
"""The reminder and one repeat when the session is still not logged."""


def _local_date(programme: Programme, now: datetime) -> date:
    return now.astimezone(ZoneInfo(programme.runner.timezone)).date()


def _is_due(programme: Programme, day: date) -> bool:
    plan = core_programme(programme)
    planned = any(d.weekday == day.weekday() and d.strength for d in plan.schedule)
    return planned and not programme.sessions.filter(day=day).exists()


def send_reminders(*, now: datetime) -> int:
    """Queue today's reminders; returns how many were queued."""
    sent = 0
    programmes = Programme.objects.filter(is_active=True).select_related("runner__user")
    for programme in programmes:
        day = _local_date(programme, now)
        if _is_due(programme, day) and _note_reminder(programme, day):
            _queue_mail(programme)
            sent += 1
    return sent


@transaction.atomic
def _note_reminder(programme: Programme, day: date) -> bool:
    """Count the reminder; False once the day's two have gone."""
    row, _ = ReminderSent.objects.select_for_update().get_or_create(
        programme=programme, day=day
    )
    if row.count >= REMINDERS_PER_DAY:
        return False
    row.count += 1
    row.save(update_fields=["count"])
    return True


def _queue_mail(programme: Programme) -> None:
    # Only ids go to the task queue; the worker renders the message at send time.
    queue_mail(
        template="programmes/reminder", to=[programme.runner.user], about=programme
    )
