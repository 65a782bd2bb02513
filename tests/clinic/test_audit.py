"""The audit log: every staff view and change of a record, and who can read it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from clinic.audit.models import Action, AuditEntry
from clinic.audit.recorder import REPEAT_VIEW_WINDOW
from tests.clinic import test_access
from tests.clinic.conftest import Cast

pytestmark = pytest.mark.django_db

# Every existing page of a runner's record, with the part of the record it shows.
RECORD_PAGES: dict[str, tuple[Callable[[Cast], list[Any]], str]] = {
    "runners:record": (test_access._record_of_a, "triage"),
    "triage:result": (test_access._result_of_a, "triage"),
    "triage:result-fhir": (test_access._result_of_a, "triage"),
    "training:load": (test_access._record_of_a, "training"),
    "training:import": (test_access._import_of_a, "training"),
    "training:import-status": (test_access._import_of_a, "training"),
    "motionlab:list": (test_access._record_of_a, "motion"),
    "motionlab:analysis": (test_access._analysis_of_a, "motion"),
    "motionlab:status": (test_access._analysis_of_a, "motion"),
    "motionlab:report": (test_access._analysis_of_a, "motion"),
    "motionlab:key-frame": (test_access._key_frame_of_a, "motion"),
}


@pytest.mark.parametrize("url_name", sorted(RECORD_PAGES))
def test_a_clinicians_view_is_logged(cast: Cast, url_name: str) -> None:
    args_for, area = RECORD_PAGES[url_name]
    url = reverse(url_name, args=args_for(cast))
    assert cast.client_for("clinician_with_access").get(url).status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.actor == cast.clinician_a
    assert entry.actor_name == str(cast.clinician_a)
    assert entry.runner == cast.runner_a
    assert entry.clinic == cast.clinic_a
    assert (entry.action, entry.area, entry.page) == (Action.VIEW, area, url_name)
    assert entry.path == url


@pytest.mark.parametrize("role", ["runner_a", "clinician_without_access", "runner_b"])
@pytest.mark.parametrize("url_name", sorted(RECORD_PAGES))
def test_own_and_refused_views_are_not_logged(
    cast: Cast, url_name: str, role: str
) -> None:
    args_for, _ = RECORD_PAGES[url_name]
    cast.client_for(role).get(reverse(url_name, args=args_for(cast)))
    assert not AuditEntry.objects.exists()


def test_a_repeated_view_of_one_page_is_one_entry(cast: Cast) -> None:
    client = cast.client_for("clinician_with_access")
    url = reverse("training:load", args=[cast.runner_a.pk])
    client.get(url)
    client.get(url)
    assert AuditEntry.objects.count() == 1
    AuditEntry.objects.update(at=AuditEntry.objects.get().at - REPEAT_VIEW_WINDOW)
    client.get(url)
    assert AuditEntry.objects.count() == 2


def test_the_entry_outlives_the_staff_account(cast: Cast) -> None:
    cast.client_for("clinician_with_access").get(
        reverse("runners:record", args=[cast.runner_a.pk])
    )
    name = str(cast.clinician_a)
    cast.clinician_a.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_name == name


def test_the_runner_sees_who_looked(cast: Cast) -> None:
    cast.client_for("clinician_with_access").get(
        reverse("training:load", args=[cast.runner_a.pk])
    )
    page = cast.client_for("runner_a").get(reverse("audit:mine"))
    assert str(cast.clinician_a) in page.text
    assert "training history" in page.text
    assert page["Cache-Control"].count("no-store") == 1
    other = cast.client_for("runner_b").get(reverse("audit:mine"))
    assert str(cast.clinician_a) not in other.text


def test_the_clinic_admin_sees_the_clinics_log_and_can_filter_it(cast: Cast) -> None:
    cast.client_for("clinician_with_access").get(
        reverse("training:load", args=[cast.runner_a.pk])
    )
    url = reverse("audit:clinic-log", args=[cast.clinic_a.slug])
    admin = cast.client_for("clinic_admin")
    assert str(cast.runner_a) in admin.get(url).text
    assert str(cast.runner_a) not in admin.get(url, {"q": "nobody-by-this-name"}).text
    assert str(cast.runner_a) in admin.get(url, {"q": str(cast.clinician_a)}).text


def test_the_log_is_kept_newest_first(cast: Cast) -> None:
    client = cast.client_for("clinician_with_access")
    client.get(reverse("training:load", args=[cast.runner_a.pk]))
    first = AuditEntry.objects.get()
    AuditEntry.objects.update(at=first.at - timedelta(hours=1))
    client.get(reverse("motionlab:list", args=[cast.runner_a.pk]))
    pages = [e.page for e in AuditEntry.objects.all()]
    assert pages == ["motionlab:list", "training:load"]


def test_the_patient_list_logs_a_view_of_each_runner_listed(cast: Cast) -> None:
    url = reverse("workspace:patients")
    assert cast.client_for("clinician_with_access").get(url).status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.runner, entry.actor, entry.clinic) == (
        cast.runner_a,
        cast.clinician_a,
        cast.clinic_a,
    )
    assert (entry.action, entry.area, entry.page) == (
        Action.VIEW,
        "patient_list",
        "workspace:patients",
    )
    assert entry.area_label == "summary in the clinic's patient list"


def test_a_search_logs_only_the_runners_it_shows(cast: Cast) -> None:
    client = cast.client_for("clinician_with_access")
    client.get(reverse("workspace:patients"), {"q": "no-runner-by-this-name"})
    assert not AuditEntry.objects.exists()
    client.get(reverse("workspace:patients"), {"q": cast.runner_a.user.email})
    assert AuditEntry.objects.count() == 1


def test_an_empty_patient_list_logs_nothing(cast: Cast) -> None:
    cast.client_for("clinician_without_access").get(reverse("workspace:patients"))
    assert not AuditEntry.objects.exists()


def test_the_runner_sees_their_row_in_the_patient_list_was_looked_at(
    cast: Cast,
) -> None:
    cast.client_for("clinician_with_access").get(reverse("workspace:patients"))
    page = cast.client_for("runner_a").get(reverse("audit:mine"))
    assert "summary in the clinic&#x27;s patient list" in page.text


# Every URL of the access matrix that opens runner A's record (by the record, a
# check, an import, a video, an assessment, a note, the programme) for the clinician.
_RECORD_ARGS = {
    test_access._record_of_a,
    test_access._result_of_a,
    test_access._import_of_a,
    test_access._analysis_of_a,
    test_access._key_frame_of_a,
    test_access._assessment_of_a,
    test_access._note_of_a,
    test_access._programme_of_a,
}
STAFF_RECORD_URLS = sorted(
    name
    for name, (_, args_for, expected) in test_access.MATRIX.items()
    if args_for in _RECORD_ARGS
    and expected["clinician_with_access"] in (test_access.OK, test_access.REDIRECT)
)


def test_the_sweep_covers_the_record_pages() -> None:
    """The sweep below is not empty by accident: each part of the record is in it."""
    apps = {name.split(":")[0] for name in STAFF_RECORD_URLS}
    assert {"triage", "training", "motionlab", "programmes", "workspace"} <= apps
    assert len(STAFF_RECORD_URLS) >= 25


@pytest.mark.parametrize("url_name", STAFF_RECORD_URLS)
def test_every_staff_view_or_change_of_a_record_is_logged(
    cast: Cast, url_name: str
) -> None:
    method, args_for, expected = test_access.MATRIX[url_name]
    url = reverse(url_name, args=args_for(cast))
    response = getattr(cast.client_for("clinician_with_access"), method)(url)
    assert response.status_code == expected["clinician_with_access"]
    entries = AuditEntry.objects.filter(
        runner=cast.runner_a, actor=cast.clinician_a, page=url_name
    )
    assert entries.exists(), f"{url_name} left no audit entry"
    changed = method == "post" and response.status_code == test_access.REDIRECT
    assert {e.action for e in entries} == {Action.CHANGE if changed else Action.VIEW}
