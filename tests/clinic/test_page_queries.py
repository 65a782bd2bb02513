"""The slow pages read the database a fixed number of times, however long the record.

Each test counts the queries of one page for a runner with a short record, adds
nine times as much of everything the page shows, and counts again: a query per
row (N+1) makes the second count larger. Query counts, not timings, so they hold
on any machine; `bench/` has the timings.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.motionlab.models import Analysis
from clinic.programmes.models import Programme
from clinic.programmes.services import DoneExercise, log_session
from tests.clinic.conftest import Cast
from tests.clinic.factories import (
    ActivityFactory,
    AssessmentFactory,
    ClinicalNoteFactory,
)
from tests.clinic.rehab_helpers import make_programme
from tests.clinic.triage_helpers import make_assessment


def _queries(client: Client, url: str) -> int:
    """Queries of a second view: the first writes the audit entries and the kept
    load results, which later views within minutes do not."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_record(cast: Cast, programme: Programme, *, first_day: int, n: int) -> None:
    """`n` more of each part of runner A's record, one a day from `first_day` ago."""
    runner, today = cast.runner_a, timezone.localdate()
    for k in range(first_day, first_day + n):
        day = today - timedelta(days=k)
        make_assessment(runner=runner)
        AssessmentFactory(
            runner=runner, clinic=cast.clinic_a, clinician=cast.clinician_a
        )
        ClinicalNoteFactory(
            runner=runner, clinic=cast.clinic_a, author=cast.clinician_a
        )
        ActivityFactory(runner=runner, local_date=day, distance_m=5000 + 100 * k)
        Analysis.objects.create(
            runner=runner,
            kind="gait",
            video_name=f"run-{k}.mp4",
            created_at=timezone.now(),
            status="done",
            finished_at=timezone.now(),
            report={"warnings": [], "metrics": {}, "foot_contacts": []},
            key_frames=[{"file": "key_0.png", "frame": 1, "label": "contact"}],
        )
        done = [DoneExercise("clamshell", 2, 15), DoneExercise("hip_bridge", 3, 10)]
        log_session(
            programme=programme,
            day=day,
            pain_during=2,
            done=done,
            now=timezone.now(),
        )


def _growth(cast: Cast, role: str, url: str) -> tuple[int, int]:
    """Queries of the page with 2 of everything, then with 20."""
    started = timezone.localdate() - timedelta(days=30)
    programme = make_programme(cast.runner_a, started_on=started)
    client = cast.client_for(role)
    _add_record(cast, programme, first_day=0, n=2)
    short = _queries(client, url)
    _add_record(cast, programme, first_day=2, n=18)
    return short, _queries(client, url)


def test_the_timeline_reads_the_same_queries_for_a_long_record(cast: Cast) -> None:
    url = reverse("workspace:timeline", args=[cast.runner_a.pk])
    for role in ("clinician_with_access", "runner_a"):
        short, long = _growth(cast, role, url)
        assert long == short, role


def test_the_record_download_reads_the_same_queries_for_a_long_record(
    cast: Cast,
) -> None:
    url = reverse("workspace:record-fhir", args=[cast.runner_a.pk])
    for role in ("clinician_with_access", "runner_a"):
        short, long = _growth(cast, role, url)
        assert long == short, role


def test_the_assessment_form_reads_the_same_queries_for_a_long_record(
    cast: Cast,
) -> None:
    url = reverse("workspace:assessment-new", args=[cast.runner_a.pk])
    short, long = _growth(cast, "clinician_with_access", url)
    assert long == short


def test_rehab_today_reads_the_same_queries_for_a_long_record(cast: Cast) -> None:
    url = reverse("programmes:today", args=[cast.runner_a.pk])
    for role in ("clinician_with_access", "runner_a"):
        short, long = _growth(cast, role, url)
        assert long == short, role


def test_the_load_page_reads_the_same_queries_for_a_long_record(cast: Cast) -> None:
    url = reverse("training:load", args=[cast.runner_a.pk])
    for role in ("clinician_with_access", "runner_a"):
        short, long = _growth(cast, role, url)
        assert long == short, role
