"""Nothing lingers (issue 8, item 9): mail tasks hold ids, and erasing an account
leaves no trace of the person in any table."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.clinic.factories import AccessGrantFactory, ClinicFactory, RunnerFactory
from tests.clinic.triage_helpers import make_assessment

EMAIL = "erase.me@example.org"
PASSWORD = "a-long-enough-passphrase"


def _tables_holding(text: str) -> dict[str, int]:
    """Every table of the database, every column: rows whose text holds `text`."""
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            hits = sum(
                any(text in _as_text(cell).lower() for cell in row)
                for row in cursor.fetchall()
            )
            if hits:
                found[table] = hits
    return found


def _as_text(cell: object) -> str:
    if isinstance(cell, bytes | memoryview):
        return bytes(cell).decode("utf-8", "replace")
    return str(cell)


def _log_in(password: str = PASSWORD) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": password})
    return client


@pytest.mark.django_db(transaction=True)
def test_the_task_table_holds_no_e_mail_and_no_reset_link() -> None:
    runner = RunnerFactory(user__email=EMAIL)
    Client().post(reverse("accounts:password-reset"), {"email": EMAIL})
    assert _tables_holding(EMAIL) == {"accounts_user": 1}
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"]["user_ids"] == [runner.user.pk]
    call_command("worker", burst=True)
    assert "/accounts/reset/" in mail.outbox[0].body  # rendered at send time
    assert _tables_holding("/accounts/reset/") == {}
    assert _tables_holding(EMAIL) == {"accounts_user": 1}


@pytest.mark.django_db(transaction=True)
def test_erasing_an_account_leaves_no_trace_in_any_table() -> None:
    runner = RunnerFactory(user__email=EMAIL, user__full_name="Erin Erased")
    runner.user.set_password(PASSWORD)
    runner.user.save()
    AccessGrantFactory(runner=runner, clinic=ClinicFactory())
    make_assessment(runner=runner)
    phone = _log_in()  # a second device, still logged in afterwards
    _log_in(password="a-wrong-password")  # axes: attempt and failure log
    Client().post(reverse("accounts:password-reset"), {"email": EMAIL})
    call_command("worker", burst=True)
    before = set(_tables_holding(EMAIL))
    assert {"axes_accessattempt", "axes_accesslog"} <= before
    user_id = str(runner.user.pk)

    laptop = _log_in()
    response = laptop.post(reverse("runners:delete"), {"confirm_email": EMAIL})

    assert response.status_code == 302
    assert _tables_holding(EMAIL) == {}
    assert _tables_holding("erin erased") == {}
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert user_id not in sessions
    assert phone.get(reverse("runners:details")).status_code == 302  # logged out
    addressed = [
        t.args_kwargs["kwargs"]["user_ids"] for t in DBTaskResult.objects.all()
    ]
    assert all(int(user_id) not in ids for ids in addressed)
