"""E-mail reminders of planned sessions, sent by the task worker, repeated once.

`send_reminders` is run every hour on the hour (`manage.py send_rehab_reminders`, from
cron or a scheduler). Runners live in many time zones, so each run reminds only the
runners whose own clock reads a reminder hour (`REMINDER_LOCAL_HOURS`): at 08:00 their
time, everyone whose planned strength session of the day is not logged yet; at 18:00,
once more, those who still have not logged it. Any offset (Kathmandu's +05:45 too)
passes each local hour once an hour-long run apart. Never more than two a day, and a
run repeated within the hour sends nothing more; the e-mail holds a link, not health
data.

The task carries the programme's id and the runner's day it was queued for, and the
worker checks again at send time (as `clinic.bookings.mail` does for visit reminders):
nothing is sent when the programme has ended, the session was logged or is no longer
planned that day (the plan was edited), the account is closed, or the runner's day has
passed while the message waited in the queue.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from clinic.lib.mail import render_message
from clinic.programmes.models import Programme, ReminderSent
from clinic.programmes.services import core_programme

REMINDER_LOCAL_HOURS = (8, 18)
"""The runner's own hours for the reminder and its one repeat (when still not logged):
the morning, to plan the day, and the early evening, while there is time left."""


def _local_time(programme: Programme, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(programme.runner.timezone))


def _local_date(programme: Programme, now: datetime) -> date:
    return _local_time(programme, now).date()


def _is_due(programme: Programme, day: date) -> bool:
    plan = core_programme(programme)
    planned = any(d.weekday == day.weekday() and d.strength for d in plan.schedule)
    return planned and not programme.sessions.filter(day=day).exists()


def send_reminders(*, now: datetime) -> int:
    """Queue the reminders due at `now` in each runner's own time; returns how many."""
    sent = 0
    programmes = Programme.objects.filter(is_active=True).select_related("runner__user")
    for programme in programmes:
        local = _local_time(programme, now)
        if local.hour not in REMINDER_LOCAL_HOURS:
            continue
        slot, day = REMINDER_LOCAL_HOURS.index(local.hour), local.date()
        if _is_due(programme, day) and _note_reminder(programme, day, slot=slot):
            _queue_mail(programme, day)
            sent += 1
    return sent


@transaction.atomic
def _note_reminder(programme: Programme, day: date, *, slot: int) -> bool:
    """Count the day's reminder number `slot` (0: the first, 1: the repeat).

    False when it has gone already: a run repeated within the hour sends nothing
    more. A missed morning run leaves the evening's as the only one.
    """
    row, _ = ReminderSent.objects.select_for_update().get_or_create(
        programme=programme, day=day
    )
    if row.count > slot:
        return False
    row.count = slot + 1
    row.save(update_fields=["count"])
    return True


def _queue_mail(programme: Programme, day: date) -> None:
    # Only the id and the day go to the task queue; the worker checks and renders.
    programme_id, day_text = programme.pk, day.isoformat()
    transaction.on_commit(
        lambda: send_reminder.enqueue(programme_id=programme_id, day=day_text)
    )


@task()
def send_reminder(*, programme_id: int, day: str) -> int:
    """Send the reminder queued for the runner's `day` if it is still due; 0 or 1."""
    programme = (
        Programme.objects.select_related("runner__user").filter(pk=programme_id).first()
    )
    if programme is None or not _still_due(programme, date.fromisoformat(day)):
        return 0
    user = programme.runner.user
    context = {
        "user": user,
        "object": programme,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return render_message("programmes/reminder", context, to=user.email).send()


def _still_due(programme: Programme, day: date) -> bool:
    """Whether, now, the reminder queued for `day` still has something to remind of."""
    return (
        programme.is_active
        and programme.runner.user.is_active
        and _local_date(programme, timezone.now()) == day
        and _is_due(programme, day)
    )
