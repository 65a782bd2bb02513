"""Programmes for web tests, made through the service like the app does."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from clinic.programmes.models import Programme
from clinic.programmes.services import start_programme
from clinic.runners.models import Runner
from tractus.rehab import (
    AssessmentFindings,
    Equipment,
    Findings,
    Preferences,
    TriageSummary,
)


def make_programme(
    runner: Runner,
    *,
    findings: Findings | None = None,
    started_on: date | None = None,
) -> Programme:
    return start_programme(
        runner=runner,
        findings=findings
        or Findings(
            TriageSummary(),
            assessment=AssessmentFindings(weak_hip_abductors=True),
            preferences=Preferences(3, frozenset(Equipment)),
        ),
        started_on=started_on or timezone.localdate(),
        now=timezone.now(),
    )
