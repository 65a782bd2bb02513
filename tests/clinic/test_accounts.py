"""Sign-up, log-in, lock-out and password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from clinic import settings as project_settings
from clinic.accounts.models import User
from clinic.runners.models import Runner
from tests.clinic.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, email: str, password: str) -> int:
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )
    return response.status_code


SIGN_UP = {
    "full_name": "A new user",
    "email": "New.User@Example.org",
    "password1": "long-enough-passphrase",
    "password2": "long-enough-passphrase",
    "timezone": "America/Recife",  # as the browser reports it
    "consent": "on",  # the privacy notice's box, ticked
}


def _link(path: str) -> str:
    found = re.search(rf"http://\S+({path}\S+/)", str(mail.outbox[-1].body))
    assert found is not None
    return found.group(1)


@pytest.mark.django_db(transaction=True)
def test_sign_up_confirms_the_address_then_logs_in(client: Client, settings) -> None:
    settings.PASSWORD_HASHERS = (
        project_settings.PASSWORD_HASHERS
    )  # undo the fast test hasher
    response = client.post(reverse("accounts:signup"), SIGN_UP)
    assert "Check your e-mail" in response.text
    user = User.objects.get(email="new.user@example.org")
    assert not user.is_active  # not before the owner of the address says so
    assert _login(client, "new.user@example.org", SIGN_UP["password1"]) == 200

    call_command("worker", burst=True)
    response = client.get(_link("/accounts/confirm/"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert Runner.objects.get(user=user).timezone == "America/Recife"
    assert user.password.startswith("argon2$")  # strong hashing, not the default PBKDF2
    assert client.get(reverse("home")).context["user"] == user
    # The link works once.
    assert Client().get(_link("/accounts/confirm/")).status_code == 400


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "too short"),
        ("password123456", "too common"),
        ("1234567890123", "entirely numeric"),
    ],
)
def test_sign_up_refuses_weak_passwords(
    client: Client, password: str, problem: str
) -> None:
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "X",
            "email": "x@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert problem in response.text
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_sign_up_does_not_reveal_a_taken_email(client: Client) -> None:
    owner = UserFactory(email="taken@example.org", full_name="Tess Taken")
    owner.last_login = owner.date_joined
    owner.save()
    taken = client.post(
        reverse("accounts:signup"), {**SIGN_UP, "email": "TAKEN@example.org"}
    )
    new = client.post(
        reverse("accounts:signup"), {**SIGN_UP, "email": "free@example.org"}
    )

    assert taken.status_code == new.status_code == 200
    assert taken.text.replace("taken@example.org", "X") == new.text.replace(
        "free@example.org", "X"
    )
    assert User.objects.get(email="taken@example.org").check_password(PASSWORD)
    call_command("worker", burst=True)
    told = next(m for m in mail.outbox if m.to == ["taken@example.org"])
    assert "already has one" in str(told.body)


def test_sign_up_is_throttled_per_address(client: Client, settings) -> None:
    settings.SIGNUP_LIMIT_PER_HOUR = 3
    codes = [
        client.post(
            reverse("accounts:signup"), {**SIGN_UP, "email": f"n{n}@example.org"}
        ).status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert User.objects.count() == 3


def test_log_in_and_out(client: Client) -> None:
    user = UserFactory(email="runner@example.org")
    assert _login(client, "Runner@Example.org", PASSWORD) == 302
    assert client.get(reverse("home")).context["user"] == user
    client.post(reverse("accounts:logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_repeated_failed_log_ins_lock_the_account(client: Client, settings) -> None:
    UserFactory(email="target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "target@example.org", "wrong-password") == 200
    locked = client.post(
        reverse("accounts:login"),
        {"username": "target@example.org", "password": "wrong-password"},
    )
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.text
    # Even the right password is refused while locked.
    assert _login(client, "target@example.org", PASSWORD) == 429


@pytest.mark.django_db(transaction=True)
def test_password_reset_by_email_through_the_worker(client: Client) -> None:
    user = UserFactory(email="forgot@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "forgot@example.org"})
    assert mail.outbox == []  # queued, not sent in the request
    call_command("worker", burst=True)
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/reset/\S+/", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(0), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_password_reset_for_unknown_email_reveals_nothing(client: Client) -> None:
    response = client.post(
        reverse("accounts:password-reset"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
