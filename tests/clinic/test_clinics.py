"""The clinic admin manages the staff."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from clinic.accounts.models import User
from clinic.clinics.models import Membership
from tests.clinic.conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_admin_invites_a_new_clinician_who_sets_a_password_and_accepts(
    cast: Cast,
) -> None:
    response = cast.client_for("clinic_admin").post(
        reverse("clinics:staff", args=[cast.clinic_a.slug]),
        {"email": "New.Physio@Example.org", "is_clinician": "on"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.physio@example.org")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()  # not before accepting

    call_command("worker", burst=True)
    body = str(mail.outbox[0].body)
    link = re.search(r"http://\S+/accounts/reset/\S+/", body)
    accept = re.search(r"http://\S+(/invitations/\S+/)", body)
    assert link is not None and accept is not None
    client = Client()
    form_page = client.get(link.group(0), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(accept.group(1)).status_code == 302
    assert Membership.objects.get(user=user).awaits_approval


def test_a_member_needs_a_role(cast: Cast) -> None:
    response = cast.client_for("clinic_admin").post(
        reverse("clinics:staff", args=[cast.clinic_a.slug]),
        {"email": "x@example.org", "full_name": "X"},
    )
    assert "at least one role" in response.text
    assert not User.objects.filter(email="x@example.org").exists()


def test_the_last_admin_cannot_be_removed(cast: Cast) -> None:
    own = cast.admin_a.memberships.get()
    response = cast.client_for("clinic_admin").post(
        reverse("clinics:remove", args=[cast.clinic_a.slug, own.pk]), follow=True
    )
    assert "at least one admin" in response.text
    assert Membership.objects.filter(pk=own.pk).exists()


def test_removing_a_clinician_ends_their_access(cast: Cast) -> None:
    membership = cast.clinician_a.memberships.get()
    cast.client_for("clinic_admin").post(
        reverse("clinics:remove", args=[cast.clinic_a.slug, membership.pk])
    )
    response = cast.client_for("clinician_with_access").get(
        reverse("runners:record", args=[cast.runner_a.pk])
    )
    assert response.status_code == 404
