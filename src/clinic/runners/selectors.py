"""The clinician's patient list: who shares what, and the latest of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max

from clinic.runners.access import Viewer, clinics_treating
from clinic.runners.models import AccessGrant, Area, Runner


@dataclass(frozen=True)
class PatientRow:
    runner: Runner
    areas: frozenset[Area]
    latest_check: Any | None  # TriageAssessment, when symptom checks are shared
    runs: int | None  # None when training is not shared
    last_run: date | None
    videos: int | None


def _shared_areas(user: Viewer) -> dict[int, set[Area]]:
    grants = AccessGrant.objects.active().filter(clinic_id__in=clinics_treating(user))
    areas: dict[int, set[Area]] = {}
    for grant in grants:
        areas.setdefault(grant.runner_id, set()).update(grant.areas)
    return areas


def patients_of(user: Viewer) -> list[PatientRow]:
    """Every runner sharing any part of their record with the user's clinics."""
    shared = _shared_areas(user)
    runners = (
        Runner.objects.filter(pk__in=shared)
        .select_related("user")
        .annotate(
            run_count=Count("activities", distinct=True),
            last_run=Max("activities__local_date"),
            video_count=Count("analyses", distinct=True),
        )
        .order_by("user__full_name", "user__email")
    )
    return [_row(runner, frozenset(shared[runner.pk])) for runner in runners]


def _row(runner: Any, areas: frozenset[Area]) -> PatientRow:
    training = Area.TRAINING in areas
    return PatientRow(
        runner=runner,
        areas=areas,
        latest_check=runner.triage_assessments.first()
        if Area.TRIAGE in areas
        else None,
        runs=runner.run_count if training else None,
        last_run=runner.last_run if training else None,
        videos=runner.video_count if Area.MOTION in areas else None,
    )
