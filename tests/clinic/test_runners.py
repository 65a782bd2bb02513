"""Granting and withdrawing a clinic's access."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from clinic.runners.access import can_view, runners_visible_to
from clinic.runners.models import AccessGrant, Area
from clinic.runners.services import grant_access, withdraw_access
from tests.clinic.conftest import Cast
from tests.clinic.factories import AccessGrantFactory

pytestmark = pytest.mark.django_db


def test_changing_scope_keeps_the_old_grant_as_history(cast: Cast) -> None:
    now = timezone.now()
    grant_access(
        runner=cast.runner_a, clinic=cast.clinic_a, areas=[Area.TRAINING], now=now
    )
    grants = list(
        AccessGrant.objects.filter(runner=cast.runner_a).order_by("granted_at")
    )
    assert [g.is_active for g in grants] == [False, True]
    assert grants[-1].areas == [Area.TRAINING]
    assert not can_view(cast.clinician_a, cast.runner_a, Area.TRIAGE)
    assert can_view(cast.clinician_a, cast.runner_a, Area.TRAINING)


def test_a_grant_must_cover_something(cast: Cast) -> None:
    with pytest.raises(ValueError, match="at least one"):
        grant_access(
            runner=cast.runner_b, clinic=cast.clinic_a, areas=[], now=timezone.now()
        )


def test_database_allows_one_active_grant_per_clinic(cast: Cast) -> None:
    with pytest.raises(IntegrityError):
        AccessGrantFactory(runner=cast.runner_a, clinic=cast.clinic_a)


def test_withdrawing_twice_keeps_the_first_date(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    first = withdraw_access(grant=grant, now=timezone.now()).withdrawn_at
    assert withdraw_access(grant=grant, now=timezone.now()).withdrawn_at == first
    assert list(runners_visible_to(cast.clinician_a, Area.TRIAGE)) == []


def test_sharing_page_grants_access_to_the_chosen_parts(cast: Cast) -> None:
    client = cast.client_for("runner_b")
    response = client.post(
        reverse("runners:sharing"),
        {"clinic": cast.clinic_b.pk, "areas": ["triage", "motion"]},
    )
    assert response.status_code == 302
    grant = cast.runner_b.grants.get()
    assert grant.areas == [Area.TRIAGE, Area.MOTION]
    assert can_view(cast.clinician_b, cast.runner_b, Area.TRIAGE)
    assert not can_view(cast.clinician_b, cast.runner_b, Area.TRAINING)


def test_sharing_page_needs_at_least_one_part(cast: Cast) -> None:
    response = cast.client_for("runner_b").post(
        reverse("runners:sharing"), {"clinic": cast.clinic_b.pk}
    )
    assert response.status_code == 200
    assert "Choose at least one part" in response.text
    assert not cast.runner_b.grants.exists()


def test_patient_list_shows_only_what_each_runner_shares(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    grant.share_motion = False
    grant.save()
    response = cast.client_for("clinician_with_access").get(
        reverse("workspace:patients")
    )
    assert reverse("training:load", args=[cast.runner_a.pk]) in response.text
    assert reverse("motionlab:list", args=[cast.runner_a.pk]) not in response.text
    assert "not shared" in response.text


def test_details_page_saves_name_and_time_zone(cast: Cast) -> None:
    client = cast.client_for("runner_a")
    response = client.post(
        reverse("runners:details"),
        {"full_name": "A new name", "timezone": "Europe/London"},
    )
    assert response.status_code == 302
    cast.runner_a.refresh_from_db()
    assert cast.runner_a.timezone == "Europe/London"
    assert cast.runner_a.user.full_name == "A new name"
    bad = client.post(
        reverse("runners:details"), {"full_name": "X", "timezone": "Mars/Base"}
    )
    assert "Select a valid choice" in bad.text


def test_a_runner_erases_their_account_and_record(cast: Cast) -> None:
    from clinic.accounts.models import User
    from clinic.runners.models import Runner
    from tests.clinic.triage_helpers import make_assessment

    make_assessment(runner=cast.runner_a)
    client = cast.client_for("runner_a")
    wrong = client.post(
        reverse("runners:delete"), {"confirm_email": "someone@else.org"}
    )
    assert wrong.status_code == 400
    response = client.post(
        reverse("runners:delete"), {"confirm_email": cast.runner_a.user.email}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=cast.runner_a.user_id).exists()
    assert not Runner.objects.filter(pk=cast.runner_a.pk).exists()
    assert not AccessGrant.objects.filter(runner_id=cast.runner_a.pk).exists()


def test_the_only_admin_of_a_clinic_cannot_erase_their_account(cast: Cast) -> None:
    from clinic.accounts.models import User

    client = cast.client_for("clinic_admin")
    response = client.post(
        reverse("runners:delete"), {"confirm_email": cast.admin_a.email}, follow=True
    )
    assert "only admin" in response.text
    assert User.objects.filter(pk=cast.admin_a.pk).exists()
