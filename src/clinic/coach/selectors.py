"""Sets logged from the coach page, read from the rehab log."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from clinic.programmes.models import Programme, SetLog
from clinic.runners.models import Runner

SET_LOG_LIMIT = 200


def sets_today(programme: Programme, day: date) -> QuerySet[SetLog]:
    """The sets of the programme's session on `day`, oldest first."""
    return SetLog.objects.filter(
        exercise_log__session__programme=programme, exercise_log__session__day=day
    ).select_related("exercise_log")


def sets_of(runner: Runner) -> QuerySet[SetLog]:
    """The runner's latest sets logged from the coach page, newest first.

    The caller checks that the viewer may see the runner's rehab record.
    """
    return (
        SetLog.objects.filter(exercise_log__session__programme__runner=runner)
        .select_related("exercise_log__session")
        .order_by("-logged_at")[:SET_LOG_LIMIT]
    )
