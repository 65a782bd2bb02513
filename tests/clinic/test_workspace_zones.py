"""Workspace times in the viewer's zone: a clinician reads their clinic's time (as
on their day page), a runner their own; never the server's UTC."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from clinic.motionlab.models import Analysis
from clinic.programmes.models import OutcomeEntry
from tests.clinic import test_access
from tests.clinic.bookings.factories import LocationFactory
from tests.clinic.conftest import Cast
from tests.clinic.factories import AssessmentFactory
from tractus.assessment import exam_from_dict, exam_to_dict
from tractus.outcomes import Measure

pytestmark = pytest.mark.django_db

# 01:30 UTC on Tuesday 10 March 2026: still Monday 9 March, 22:30, in Recife
# (UTC-3), already 15:30 on the 10th in Kiritimati (UTC+14).
FILMED = datetime(2026, 3, 10, 1, 30, tzinfo=UTC)


@pytest.fixture
def video(cast: Cast) -> Analysis:
    LocationFactory(clinic=cast.clinic_a, time_zone="America/Recife")
    cast.runner_a.timezone = "Pacific/Kiritimati"
    cast.runner_a.save()
    (public_id,) = test_access._analysis_of_a(cast)
    analysis = Analysis.objects.get(public_id=public_id)
    analysis.created_at = analysis.finished_at = FILMED
    analysis.save()
    return analysis


def _timeline(cast: Cast, role: str) -> str:
    url = reverse("workspace:timeline", args=[cast.runner_a.pk])
    return cast.client_for(role).get(url).text


def test_the_assessment_form_labels_gait_videos_in_the_clinics_zone(
    cast: Cast, video: Analysis
) -> None:
    url = reverse("workspace:assessment-new", args=[cast.runner_a.pk])
    page = cast.client_for("clinician_with_access").get(url).text
    assert (
        f'<option value="{video.public_id}">Running gait, 9 Mar 2026</option>' in page
    )


def test_the_assessment_names_its_video_in_the_clinics_zone(
    cast: Cast, video: Analysis
) -> None:
    assessment = AssessmentFactory(runner=cast.runner_a, clinic=cast.clinic_a)
    exam = replace(exam_from_dict(assessment.exam), running_video=str(video.public_id))
    assessment.exam = exam_to_dict(exam)
    assessment.save()
    url = reverse("workspace:assessment", args=[assessment.public_id])
    page = cast.client_for("clinician_with_access").get(url).text
    assert "Running gait, 9 Mar 2026</a>" in page
    own = cast.client_for("runner_a").get(url).text
    assert "Running gait, 10 Mar 2026</a>" in own


def test_the_timeline_reads_in_the_clinics_zone_for_staff_and_the_runners_own(
    cast: Cast, video: Analysis
) -> None:
    staff = _timeline(cast, "clinician_with_access")
    assert (
        '<time datetime="2026-03-09T22:30:00-03:00">9 Mar 2026, 22:30</time>' in staff
    )
    own = _timeline(cast, "runner_a")
    assert "10 Mar 2026, 15:30</time>" in own


def test_a_date_only_event_keeps_its_day_in_every_zone(
    cast: Cast, video: Analysis
) -> None:
    OutcomeEntry.objects.create(
        runner=cast.runner_a,
        measure=Measure.PAIN_RUN,
        value=4,
        recorded_on=date(2026, 3, 9),
    )
    for role in ("clinician_with_access", "runner_a"):
        outcome = re.search(
            r"<time[^>]*>([^<]*)</time>\s*<div>\s*<a[^>]*>Worst pain",
            _timeline(cast, role),
        )
        assert outcome and outcome.group(1) == "9 Mar 2026", role
