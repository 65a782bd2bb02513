"""Least privilege for clinic admins (issue 8, item 7).

Clinical access is approved by another admin and recorded; existing accounts
join only by accepting an invitation; the staff page never discloses a name.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.clinics.models import Invitation, Membership, StaffEvent
from clinic.clinics.services import start_access_when_due
from tests.clinic.conftest import Cast
from tests.clinic.factories import PASSWORD, MembershipFactory, UserFactory


def _invite(client: Client, cast: Cast, email: str, **roles: str) -> str:
    response = client.post(
        reverse("clinics:staff", args=[cast.clinic_a.slug]),
        {"email": email, **roles},
        follow=True,
    )
    assert response.status_code == 200
    return response.text


def _accept(user, email: str) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    token = Invitation.objects.get(email=email, accepted_at__isnull=True).token
    response = client.post(reverse("clinics:invitation", args=[token]))
    assert response.status_code == 302
    return client


def _record_status(client: Client, cast: Cast) -> int:
    url = reverse("runners:record", args=[cast.runner_a.pk])
    return client.get(url).status_code


@pytest.mark.django_db
def test_an_admin_cannot_give_themselves_clinical_access(cast: Cast) -> None:
    admin = cast.client_for("clinic_admin")
    _invite(admin, cast, cast.admin_a.email, is_clinician="on")
    own = _accept(cast.admin_a, cast.admin_a.email)

    membership = cast.admin_a.memberships.get()
    assert membership.awaits_approval
    assert _record_status(own, cast) == 404
    approve = reverse("clinics:approve", args=[cast.clinic_a.slug, membership.pk])
    refused = admin.post(approve, follow=True)
    assert "other than the person" in refused.text
    assert _record_status(own, cast) == 404

    second = MembershipFactory(clinic=cast.clinic_a, is_clinician=False, is_admin=True)
    other = Client()
    other.force_login(second.user, backend="django.contrib.auth.backends.ModelBackend")
    other.post(approve)

    assert _record_status(own, cast) == 200
    trail = list(
        StaffEvent.objects.order_by("pk").values_list("kind", "actor", "subject")
    )
    assert trail == [
        ("invited", cast.admin_a.pk, cast.admin_a.email),
        ("joined", cast.admin_a.pk, cast.admin_a.email),
        ("requested", cast.admin_a.pk, cast.admin_a.email),
        ("approved", second.user.pk, cast.admin_a.email),
    ]


@pytest.mark.django_db
def test_an_existing_account_joins_only_by_accepting(cast: Cast) -> None:
    existing = UserFactory(email="physio@example.org", full_name="Priya Secret")
    admin = cast.client_for("clinic_admin")
    page = _invite(admin, cast, "physio@example.org", is_clinician="on")

    assert "Priya" not in page
    assert not Membership.objects.filter(user=existing).exists()
    stranger = Client()
    stranger.force_login(cast.runner_b.user)
    token = Invitation.objects.get().token
    url = reverse("clinics:invitation", args=[token])
    assert stranger.get(url).status_code == 404  # only the invited address

    _accept(existing, "physio@example.org")
    assert Membership.objects.get(user=existing).awaits_approval


@pytest.mark.django_db
def test_the_admin_learns_nothing_about_an_address(cast: Cast) -> None:
    UserFactory(email="known@example.org", full_name="Known Person")
    admin = cast.client_for("clinic_admin")
    known = _invite(admin, cast, "known@example.org", is_clinician="on")
    unknown = _invite(admin, cast, "unknown@example.org", is_clinician="on")

    def message(page: str, email: str) -> str:
        found = re.search(r'<li class="message[^"]*">(.*?)</li>', page)
        assert found is not None
        return found.group(1).replace(email, "EMAIL")

    assert message(known, "known@example.org") == message(
        unknown, "unknown@example.org"
    )
    assert "Known Person" not in known


@pytest.mark.django_db(transaction=True)
def test_a_new_address_chooses_a_password_then_accepts(cast: Cast) -> None:
    _invite(cast.client_for("clinic_admin"), cast, "new@example.org", is_admin="on")
    call_command("worker", burst=True)
    body = str(mail.outbox[0].body)
    assert "/accounts/reset/" in body
    accept = re.search(r"http://\S+/invitations/\S+/", body)
    assert accept is not None


def _ask_for_own_clinical_access(cast: Cast) -> tuple[Client, Membership]:
    """The clinic's only admin (not a clinician) asks for clinical access."""
    admin = cast.client_for("clinic_admin")
    _invite(admin, cast, cast.admin_a.email, is_clinician="on")
    _accept(cast.admin_a, cast.admin_a.email)
    return admin, cast.admin_a.memberships.get()


def _confirm_alone(admin: Client, cast: Cast, membership: Membership, password: str):
    url = reverse("clinics:confirm-alone", args=[cast.clinic_a.slug, membership.pk])
    return admin.post(url, {"password": password}, follow=True)


@pytest.mark.django_db(transaction=True)
def test_a_sole_admin_confirms_with_a_password_and_runners_are_told_first(
    cast: Cast,
) -> None:
    admin, membership = _ask_for_own_clinical_access(cast)
    page = admin.get(reverse("clinics:staff", args=[cast.clinic_a.slug])).text
    assert "Confirm clinical access alone" in page

    refused = _confirm_alone(admin, cast, membership, "not my password")
    assert "That is not your password" in refused.text
    membership.refresh_from_db()
    assert membership.clinician_effective_at is None

    before = timezone.now()
    done = _confirm_alone(admin, cast, membership, PASSWORD)
    assert "The runners who share with" in done.text
    membership.refresh_from_db()
    wait = timedelta(hours=settings.SOLE_ADMIN_WAIT_H)
    assert membership.clinician_effective_at is not None
    assert before + wait <= membership.clinician_effective_at <= timezone.now() + wait
    assert not membership.is_clinician
    assert _record_status(admin, cast) == 404  # nothing opens before the wait

    mail.outbox.clear()
    call_command("worker", burst=True)  # sends the notices; the start waits
    to = {m.to[0]: m for m in mail.outbox}
    runner_notice = to[cast.runner_a.user.email]  # shares with clinic A
    assert "withdraw" in runner_notice.body
    assert reverse("runners:sharing") in runner_notice.body
    assert cast.clinician_a.email in to  # the staff hear of it too
    assert cast.runner_b.user.email not in to  # shares nothing with clinic A
    membership.refresh_from_db()
    assert not membership.is_clinician
    start = DBTaskResult.objects.get(
        task_path="clinic.clinics.services.start_clinical_access"
    )
    assert start.run_after == membership.clinician_effective_at

    effective_at = membership.clinician_effective_at
    assert not start_access_when_due(
        membership_id=membership.pk, now=effective_at - timedelta(minutes=1)
    )
    assert start_access_when_due(membership_id=membership.pk, now=effective_at)
    assert _record_status(admin, cast) == 200
    trail = list(StaffEvent.objects.order_by("pk").values_list("kind", "actor"))
    assert trail[-2:] == [("alone", cast.admin_a.pk), ("effective", cast.admin_a.pk)]


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_confirmation_never_takes_effect(cast: Cast) -> None:
    admin, membership = _ask_for_own_clinical_access(cast)
    _confirm_alone(admin, cast, membership, PASSWORD)
    membership.refresh_from_db()
    effective_at = membership.clinician_effective_at
    assert effective_at is not None
    admin.post(
        reverse("clinics:cancel-confirmation", args=[cast.clinic_a.slug, membership.pk])
    )
    assert not start_access_when_due(
        membership_id=membership.pk, now=effective_at + timedelta(days=1)
    )
    membership.refresh_from_db()
    assert membership.awaits_approval and membership.clinician_effective_at is None
    assert StaffEvent.objects.filter(kind="cancelled").count() == 1


@pytest.mark.django_db
def test_with_a_second_admin_nobody_confirms_alone(cast: Cast) -> None:
    admin, membership = _ask_for_own_clinical_access(cast)
    MembershipFactory(clinic=cast.clinic_a, is_clinician=False, is_admin=True)
    page = admin.get(reverse("clinics:staff", args=[cast.clinic_a.slug])).text
    assert "Confirm clinical access alone" not in page
    refused = _confirm_alone(admin, cast, membership, PASSWORD)
    assert "another admin, who approves" in refused.text
    membership.refresh_from_db()
    assert membership.clinician_effective_at is None
    assert _record_status(admin, cast) == 404
