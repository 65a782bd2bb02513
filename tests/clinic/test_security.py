"""Safe by default: settings, headers, error pages and sessions (issue 8, item 8)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.debug import technical_500_response

from clinic.lib.reporting import mask_url_passwords
from tests.clinic.conftest import Cast
from tests.clinic.factories import MembershipFactory, UserFactory
from tests.clinic.test_access import MATRIX

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "clinic" / "templates"
PASSWORD = "hunter2-redis-password"


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _base_env() -> dict[str, str]:
    """This process's environment without the settings the tests are about."""
    keep = {"PATH", "HOME", "LANG", "VIRTUAL_ENV", "PYTHONPATH"}
    return {k: v for k, v in os.environ.items() if k in keep}


def _production_env() -> dict[str, str]:
    """The documented production settings, read from production.env.example."""
    env = _base_env()
    for line in (ROOT / "production.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the file leaves it to the clinic
    return env


def test_debug_is_off_unless_switched_on() -> None:
    env = {**_base_env(), "SECRET_KEY": secrets.token_urlsafe(50)}
    shown = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env=env,
    )
    assert shown.stdout.strip().splitlines()[-1] == "False", shown.stderr


def test_production_settings_refuse_a_missing_secret_key() -> None:
    checked = _manage("check", env=_base_env())
    assert checked.returncode != 0
    assert "SECRET_KEY must be set" in checked.stderr


def test_check_deploy_is_clean_with_the_documented_production_settings() -> None:
    checked = _manage(
        "check", "--deploy", "--fail-level", "DEBUG", env=_production_env()
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def test_the_readme_documents_each_production_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    documented = {
        line.partition("=")[0]
        for line in (ROOT / "production.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert "production.env.example" in readme
    missing = {name for name in documented if f"`{name}`" not in readme}
    assert missing == set()


def test_url_passwords_are_masked() -> None:
    masked = mask_url_passwords(
        f"redis://:{PASSWORD}@cache:6379/0 and postgresql://u:{PASSWORD}@db/t"
    )
    assert PASSWORD not in masked
    assert "redis://:********************@cache:6379/0" in masked
    assert "postgresql://u:" in masked


def _debug_page() -> str:
    """The debug page for an error (from a frame holding no secret of its own)."""
    request = RequestFactory().get("/", HTTP_X_QUEUE=settings.REDIS_URL)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        return technical_500_response(request, *sys.exc_info()).content.decode()


def test_the_debug_page_does_not_show_the_redis_password(settings) -> None:
    settings.DEBUG = True
    settings.REDIS_URL = f"redis://:{PASSWORD}@cache:6379/0"
    settings.RQ_QUEUES = {"default": {"URL": settings.REDIS_URL}}
    page = _debug_page()
    assert "boom" in page  # it is the debug page
    assert "redis://:****" in page
    assert PASSWORD not in page


def test_a_foreign_host_gets_a_plain_400(db: None) -> None:
    response = Client().get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("role", ["runner_a", "clinician_with_access"])
def test_every_page_and_download_is_no_store(cast: Cast, role: str) -> None:
    client = cast.client_for(role)
    seen = 0
    for url_name, (method, args_for, _expected) in MATRIX.items():
        if method != "get":
            continue  # log-out and withdrawals would change who is asking
        with transaction.atomic():  # each URL's fixtures alone, as in test_access
            response = client.get(reverse(url_name, args=args_for(cast)))
            transaction.set_rollback(True)
        if response.status_code == 200:
            seen += 1
            assert "no-store" in response["Cache-Control"], url_name
    assert seen > 10


def test_key_frames_are_not_cached(cast: Cast) -> None:
    url = reverse("motionlab:key-frame", args=MATRIX["motionlab:key-frame"][1](cast))
    response = cast.client_for("runner_a").get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "max-age=3600" not in response["Cache-Control"]


def test_static_files_keep_their_cache(client: Client, db: None) -> None:
    response = client.get("/static/css/tractus.css")
    response.close()  # whitenoise streams the file
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_pages_carry_csp_without_inline_script_and_a_permissions_policy(
    client, db
) -> None:
    response = client.get(reverse("accounts:signup"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_holds_inline_script_or_style() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in TEMPLATES.rglob("*.html")
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert found == []


def _log_in(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "pw-long-enough-1"},
    )
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_staff_sessions_end_within_a_working_day() -> None:
    clinician = MembershipFactory().user
    clinician.set_password("pw-long-enough-1")
    clinician.save()
    age = _log_in(clinician).session.get_expiry_age()
    assert age == settings.STAFF_SESSION_AGE_S
    assert age < 14 * 24 * 3600


@pytest.mark.django_db
def test_runner_sessions_keep_the_default_length() -> None:
    runner = UserFactory()
    runner.set_password("pw-long-enough-1")
    runner.save()
    assert _log_in(runner).session.get_expiry_age() == settings.SESSION_COOKIE_AGE
