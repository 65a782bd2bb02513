"""What is left of a person outside their record, and erasing it.

Deleting the `User` row cascades through the record; these keep the e-mail
address or the id in places no foreign key reaches: django-axes' log-in logs
(keyed by the typed e-mail), sessions (the id inside encoded data) and mail
tasks in the task table (recipient ids).
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django_tasks_db.models import DBTaskResult

from clinic.accounts.models import User
from clinic.clinics.models import Invitation, StaffEvent
from clinic.lib.mail import send_mail

ERASED = "(an erased account)"


def erase_traces(user: User) -> None:
    """Remove the log-in logs, sessions and mail tasks of `user` (before deleting it)."""
    # Log-in logs under every address the account has had or asked for.
    addresses = {user.email}
    for change in user.email_changes.all():
        addresses |= {change.old_email, change.new_email}
    for log in (AccessAttempt, AccessFailureLog, AccessLog):
        for address in addresses:
            log.objects.filter(username__iexact=address).delete()
    _delete_sessions(user)
    _delete_mail_tasks(user)
    # The clinic's staff trail keeps the events, no longer the person's address.
    Invitation.objects.filter(email__iexact=user.email).delete()
    StaffEvent.objects.filter(subject__iexact=user.email).update(subject=ERASED)
    StaffEvent.objects.filter(actor=user).update(actor_name=ERASED)


def _delete_sessions(user: User) -> None:
    """Every session of `user` on any device (Django keeps no index by user)."""
    own = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == own
    ]
    Session.objects.filter(pk__in=stale).delete()


def _delete_mail_tasks(user: User) -> None:
    """Mail tasks addressed to `user`, sent or waiting (database task backend)."""
    tasks = DBTaskResult.objects.filter(task_path=send_mail.module_path).only(
        "id", "args_kwargs"
    )
    addressed = [
        task.pk
        for task in tasks.iterator()
        if user.pk in task.args_kwargs.get("kwargs", {}).get("user_ids", [])
    ]
    DBTaskResult.objects.filter(pk__in=addressed).delete()
