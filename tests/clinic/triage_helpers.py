"""Saved symptom checks for web tests, made through the real service."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clinic.clinics.management.demo import DEMO_ANSWERS
from clinic.runners.models import Runner
from clinic.triage.models import TriageAssessment
from clinic.triage.services import complete_check

CLASSIC_ITBS = dict(DEMO_ANSWERS)
# The classic history with a hot, red knee and fever on top: infection must win.
FEVER_ON_TOP = {
    **DEMO_ANSWERS,
    "fever_or_unwell": True,
    "hot_red_knee": True,
    "knee_swelling": True,
    "swelling_sudden": True,
}


def make_assessment(
    *, runner: Runner | None, answers: dict[str, Any] | None = None
) -> TriageAssessment:
    return complete_check(
        raw_answers=answers or CLASSIC_ITBS, runner=runner, now=timezone.now()
    )
