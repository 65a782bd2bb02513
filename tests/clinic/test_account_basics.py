"""Consent to the privacy notice, changing the e-mail address and the password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.accounts.email_change import EMAIL_CHANGE_LINK_AGE_S, make_token
from clinic.accounts.models import EmailChange, PrivacyConsent, User
from tests.clinic.factories import PASSWORD, MembershipFactory, RunnerFactory

SIGN_UP = {
    "full_name": "A new runner",
    "email": "new.runner@example.org",
    "password1": "long-enough-passphrase",
    "password2": "long-enough-passphrase",
}


def _log_in(client: Client, email: str, password: str = PASSWORD) -> str:
    """Logs in through the form; returns where it sends the person."""
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )
    assert response.status_code == 302, response.text
    return str(response["Location"])


def _mail_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def _path_in(message: mail.EmailMessage, prefix: str) -> str:
    found = re.search(rf"https?://[^/\s]+({prefix}\S+/)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


# -- consent ------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_records_the_consent_with_the_notice_version(
    client: Client, settings
) -> None:
    settings.PRIVACY_NOTICE_VERSION = "2026-12-07"
    before = timezone.now()
    client.post(reverse("accounts:signup"), {**SIGN_UP, "consent": "on"})
    user = User.objects.get(email=SIGN_UP["email"])
    (consent,) = PrivacyConsent.objects.filter(user=user)
    assert consent.notice_version == "2026-12-07"
    assert before <= consent.given_at <= timezone.now()


@pytest.mark.django_db
def test_sign_up_without_the_ticked_box_is_refused_and_saves_nothing(
    client: Client,
) -> None:
    page = client.get(reverse("accounts:signup")).text
    box = re.search(r'<input type="checkbox" name="consent"[^>]*>', page)
    assert box is not None
    assert "checked" not in box.group(0)  # nobody agrees by default
    assert 'href="/accounts/privacy/"' in page

    response = client.post(reverse("accounts:signup"), SIGN_UP)
    assert response.status_code == 200
    assert "Tick the box to agree" in response.text
    assert not User.objects.filter(email=SIGN_UP["email"]).exists()
    assert not PrivacyConsent.objects.exists()


@pytest.mark.django_db
def test_privacy_notice_shows_its_version(client: Client, settings) -> None:
    settings.PRIVACY_NOTICE_VERSION = "v-test-3"
    response = client.get(reverse("accounts:privacy"))
    assert response.status_code == 200
    assert "Version v-test-3" in response.text
    assert "explicit consent" in response.text


@pytest.mark.django_db
def test_a_new_notice_is_agreed_to_at_the_next_log_in(client: Client, settings) -> None:
    settings.PRIVACY_NOTICE_VERSION = "1"
    runner = RunnerFactory()  # agreed to version 1
    settings.PRIVACY_NOTICE_VERSION = "2"
    email = runner.user.email

    _log_in(client, email)
    records = reverse("runners:record", args=[runner.pk])
    # The next page is the consent page; every other page leads there too,
    response = client.get(records)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:consent"))
    consent_page = client.get(response["Location"])
    assert "has changed since you agreed" in consent_page.text
    # but the runner's rights do not wait: details (download, erase) stay open.
    assert client.get(reverse("runners:details")).status_code == 200
    assert client.get(reverse("runners:data-download")).status_code == 200

    refused = client.post(reverse("accounts:consent"), {"next": records})
    assert refused.status_code == 200
    assert "Tick the box to agree" in refused.text
    agreed = client.post(
        reverse("accounts:consent"), {"consent": "on", "next": records}
    )
    assert agreed["Location"] == records
    assert client.get(records).status_code == 200
    versions = set(
        runner.user.privacy_consents.values_list("notice_version", flat=True)
    )
    assert versions == {"1", "2"}  # the earlier consent stays in the trail

    # Agreed once: the next log-in goes straight through.
    client.logout()
    _log_in(client, email)
    assert client.get(records).status_code == 200


@pytest.mark.django_db
def test_consent_page_does_not_redirect_off_site(client: Client, settings) -> None:
    settings.PRIVACY_NOTICE_VERSION = "1"
    runner = RunnerFactory(consented=False)
    _log_in(client, runner.user.email)
    response = client.post(
        reverse("accounts:consent"),
        {"consent": "on", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_staff_without_a_record_are_not_asked(client: Client) -> None:
    clinician = MembershipFactory().user
    _log_in(client, clinician.email)
    assert client.get(reverse("workspace:day")).status_code == 200


# -- e-mail change --------------------------------------------------------------


@pytest.fixture
def runner_client(db: None) -> tuple[Client, User]:
    runner = RunnerFactory(user__email="old@example.org")
    client = Client()
    _log_in(client, runner.user.email)
    return client, runner.user


def _ask_for(client: Client, new_email: str, password: str = PASSWORD) -> None:
    response = client.post(
        reverse("accounts:email-change"),
        {"new_email": new_email, "password": password},
    )
    assert response.status_code == 302, response.text


@pytest.mark.django_db(transaction=True)
def test_email_change_waits_for_the_link_from_the_new_mailbox(
    runner_client: tuple[Client, User],
) -> None:
    client, user = runner_client
    _ask_for(client, "New@Example.org")
    call_command("worker", burst=True)

    user.refresh_from_db()
    assert user.email == "old@example.org"  # nothing changes until confirmed
    (told,) = _mail_to("old@example.org")
    assert "new@example.org" in told.body and "Nothing changes" in told.body
    (to_new,) = _mail_to("new@example.org")
    link = _path_in(to_new, "/accounts/email-change/")

    # Opening the link shows what will change; a link scanner's GET changes nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert "Use new@example.org" in page.text
    user.refresh_from_db()
    assert user.email == "old@example.org"

    confirmed = client.post(link)
    assert confirmed["Location"] == reverse("runners:details")
    user.refresh_from_db()
    assert user.email == "new@example.org"
    change = EmailChange.objects.get()
    assert change.confirmed_at is not None and change.old_email == "old@example.org"

    call_command("worker", burst=True)
    assert "is now new@example.org" in _mail_to("old@example.org")[-1].body
    # The new address logs in; the link is spent.
    fresh = Client()
    _log_in(fresh, "new@example.org")
    assert client.post(link).status_code == 400


@pytest.mark.django_db
def test_email_change_needs_the_password(runner_client: tuple[Client, User]) -> None:
    client, user = runner_client
    response = client.post(
        reverse("accounts:email-change"),
        {"new_email": "thief@example.org", "password": "wrong"},
    )
    assert response.status_code == 200
    assert "That is not your password." in response.text
    assert not EmailChange.objects.exists()


@pytest.mark.django_db
def test_an_expired_link_changes_nothing(runner_client: tuple[Client, User]) -> None:
    client, user = runner_client
    _ask_for(client, "new@example.org")
    token = make_token(EmailChange.objects.get())
    later = timezone.now() + timedelta(seconds=EMAIL_CHANGE_LINK_AGE_S + 60)
    with time_machine.travel(later, tick=False):
        response = client.post(reverse("accounts:email-confirm", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.text
    user.refresh_from_db()
    assert user.email == "old@example.org"


@pytest.mark.django_db
def test_a_forged_or_altered_link_changes_nothing(
    runner_client: tuple[Client, User],
) -> None:
    client, user = runner_client
    _ask_for(client, "new@example.org")
    token = make_token(EmailChange.objects.get())
    value, _, signature = token.rpartition(":")
    forged = f"{value}:{signature[::-1]}"
    # Another address in a token signed with some other key.
    from django.core import signing

    foreign = signing.dumps(
        {
            "change": EmailChange.objects.get().pk,
            "from": user.email,
            "to": "x@evil.test",
        },
        key="not-the-secret",
        salt="clinic.accounts.email-change",
    )
    for bad in (forged, foreign, "garbage"):
        response = client.post(reverse("accounts:email-confirm", args=[bad]))
        assert response.status_code == 400
        assert "not valid" in response.text
    user.refresh_from_db()
    assert user.email == "old@example.org"


@pytest.mark.django_db
def test_a_newer_request_or_cancelling_kills_the_link(
    runner_client: tuple[Client, User],
) -> None:
    client, user = runner_client
    _ask_for(client, "first@example.org")
    first = make_token(EmailChange.objects.get(new_email="first@example.org"))
    _ask_for(client, "second@example.org")
    assert (
        client.post(reverse("accounts:email-confirm", args=[first])).status_code == 400
    )
    second = make_token(EmailChange.objects.get(new_email="second@example.org"))
    client.post(reverse("accounts:email-change-cancel"))
    assert (
        client.post(reverse("accounts:email-confirm", args=[second])).status_code == 400
    )
    user.refresh_from_db()
    assert user.email == "old@example.org"


@pytest.mark.django_db(transaction=True)
def test_a_taken_address_is_told_by_mail_not_on_the_page(
    runner_client: tuple[Client, User],
) -> None:
    client, user = runner_client
    RunnerFactory(user__email="taken@example.org")
    _ask_for(client, "taken@example.org")  # the page says the same as for a free one
    call_command("worker", burst=True)
    (to_taken,) = _mail_to("taken@example.org")
    assert "already has a Tractus account" in to_taken.body
    assert "/accounts/email-change/" not in to_taken.body  # no link to confirm
    # Even a valid token cannot take an address that another account holds.
    token = make_token(EmailChange.objects.get())
    response = client.post(reverse("accounts:email-confirm", args=[token]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email == "old@example.org"


# -- password change ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_password_change_keeps_the_session_and_tells_the_owner(
    runner_client: tuple[Client, User],
) -> None:
    client, user = runner_client
    url = reverse("accounts:password-change")
    wrong = client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly" in wrong.text

    done = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert done["Location"] == reverse("runners:details")
    assert client.get(reverse("runners:details")).status_code == 200  # still in
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    call_command("worker", burst=True)
    assert "password of your Tractus account" in _mail_to(user.email)[-1].body
    fresh = Client()
    refused = fresh.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert refused.status_code == 200  # the old password no longer logs in
