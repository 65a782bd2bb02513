"""Background work runs through Django's Tasks API on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from clinic.lib.mail import send_mail
from tests.clinic.factories import UserFactory

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_database_worker_sends_a_queued_email() -> None:
    user = UserFactory(email="a@example.org")
    result = send_mail.enqueue(template="accounts/password_reset", user_ids=[user.pk])
    assert mail.outbox == []  # nothing is sent inside the request

    call_command("worker", burst=True)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert [m.subject for m in mail.outbox] == ["Reset your Tractus password"]
    assert mail.outbox[0].to == ["a@example.org"]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.redis
def test_rq_worker_on_redis_runs_a_real_task(redis_url: str, tmp_path: Path) -> None:
    import redis
    from rq.job import Job

    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
        "TRACTUS_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    _manage("migrate", "--noinput", env=env)
    enqueue = (
        "from clinic.accounts.models import User;"
        "from clinic.lib.mail import send_mail;"
        "u = User.objects.create_user('b@example.org');"
        "r = send_mail.enqueue(template='accounts/password_reset', user_ids=[u.pk]);"
        "print(r.id)"
    )
    job_id = _manage("shell", "-c", enqueue, env=env).stdout.strip().splitlines()[-1]

    _manage("worker", "--burst", env=env)

    job = Job.fetch(job_id, connection=redis.Redis.from_url(redis_url))
    assert job.get_status() == "finished"
    assert job.return_value() == 1
    sent = "".join(p.read_text() for p in tmp_path.glob("*.log"))
    assert "Subject: Reset your Tractus password" in sent
    assert "/accounts/reset/" in sent
