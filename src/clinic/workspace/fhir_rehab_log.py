"""The programme's logs in the record Bundle: sessions, runs and weekly reviews.

Rows to the core's types for the export (`rehab_log_entries`), and the core's
types back to rows for the import (`save_session`, `save_run`, `save_review`); the
mapping to FHIR is `tractus.fhir.rehab_log`'s and `tractus.fhir.run_log`'s. Every
kind points at its programme's CarePlan, so an import saves them once the CarePlans
are saved. An imported run passes the bounds of the runner's own run form.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from clinic.programmes.forms import RunLogForm
from clinic.programmes.models import (
    ExerciseLog,
    Programme,
    RunLog,
    SessionLog,
    SetLog,
    SetMethod,
    WeekReview,
)
from clinic.workspace.fhir_savers import Entry
from tractus.errors import FhirInputError
from tractus.fhir.questionnaire import DEFAULT_BASE_URL
from tractus.fhir.references import resource_url
from tractus.fhir.rehab_log import (
    LoggedExercise,
    LoggedSession,
    LoggedSet,
    WeekDecision,
    observation_to_review,
    observation_to_session,
    review_to_observation,
    session_to_observation,
)
from tractus.fhir.run_log import LoggedRun, observation_to_run, run_to_observation
from tractus.rehab import Action, get_exercise

__all__ = ["rehab_log_entries", "save_review", "save_run", "save_session"]


def _logged_set(row: SetLog) -> LoggedSet:
    return LoggedSet(
        logged_at=row.logged_at,
        method=row.method,
        reps=row.reps,
        hold_s=row.hold_s,
        pain=row.pain,
        numbers=row.numbers,
    )


def _logged_session(row: SessionLog) -> LoggedSession:
    exercises = tuple(
        LoggedExercise(
            exercise_id=log.exercise_id,
            sets_done=log.sets_done,
            reps_done=log.reps_done,
            sets=tuple(_logged_set(s) for s in log.sets.all()),
        )
        for log in row.exercises.all()  # in pk order: see `_sessions_of`
    )
    return LoggedSession(
        day=row.day,
        logged_at=row.logged_at,
        pain_during=row.pain_during,
        pain_next_morning=row.pain_next_morning,
        worse_next_morning=row.worse_next_morning,
        notes=row.notes,
        exercises=exercises,
    )


def _decision(row: WeekReview) -> WeekDecision:
    return WeekDecision(
        week_start=row.week_start,
        action=row.action,
        reasons=tuple(row.reasons),
        level_before=row.level_before,
        level_after=row.level_after,
        sessions_done=row.sessions_done,
        sessions_planned=row.sessions_planned,
        created_at=row.created_at,
    )


def _logged_run(row: RunLog) -> LoggedRun:
    return LoggedRun(
        day=row.day,
        logged_at=row.logged_at,
        distance_km=float(row.distance_km),
        duration_min=row.duration_min,
        pain_max=row.pain_max,
        pain_started_km=None
        if row.pain_started_km is None
        else float(row.pain_started_km),
        stopped_early=row.stopped_early,
    )


def _sessions_of(programme: Programme) -> QuerySet[SessionLog]:
    """The sessions, oldest first, with their exercises (in logged order) and sets
    read in three queries, not two more per session."""
    exercises = ExerciseLog.objects.order_by("pk").prefetch_related("sets")
    return programme.sessions.order_by("day").prefetch_related(
        Prefetch("exercises", queryset=exercises)
    )


def rehab_log_entries(
    programme: Programme, *, subject: str, care_plan_url: str
) -> list[dict[str, Any]]:
    """The programme's sessions and runs (oldest first), then its weekly reviews."""
    refs = {"subject_reference": subject, "care_plan_reference": care_plan_url}
    entries = []
    for session in _sessions_of(programme):
        day = session.day.isoformat()
        entries.append(
            {
                "fullUrl": resource_url(
                    DEFAULT_BASE_URL, "Session", care_plan_url, day
                ),
                "resource": session_to_observation(_logged_session(session), **refs),
            }
        )
    for run in programme.runs.order_by("day", "logged_at", "pk"):
        when = run.logged_at.isoformat()
        entries.append(
            {
                "fullUrl": resource_url(DEFAULT_BASE_URL, "Run", care_plan_url, when),
                "resource": run_to_observation(_logged_run(run), **refs),
            }
        )
    for review in programme.reviews.order_by("week_start"):
        week = review.week_start.isoformat()
        entries.append(
            {
                "fullUrl": resource_url(
                    DEFAULT_BASE_URL, "Review", care_plan_url, week
                ),
                "resource": review_to_observation(_decision(review), **refs),
            }
        )
    return entries


def _save_set(log: ExerciseLog, logged: LoggedSet, where: str) -> None:
    if logged.method not in SetMethod.values:
        raise FhirInputError(where, f"unknown set method {logged.method!r}")
    if logged.pain > 10:  # noqa: PLR2004 - the 0-10 pain scale
        raise FhirInputError(where, "pain must be 0 to 10")
    SetLog.objects.create(
        exercise_log=log,
        logged_at=logged.logged_at,
        method=logged.method,
        reps=logged.reps,
        hold_s=logged.hold_s,
        pain=logged.pain,
        numbers=None if logged.numbers is None else dict(logged.numbers),
    )


def save_session(entry: Entry, *, programme: Programme) -> None:
    """The session an Observation records, with its exercises and sets."""
    session = observation_to_session(entry.resource)
    for pain in (session.pain_during, session.pain_next_morning or 0):
        if pain > 10:  # noqa: PLR2004 - the 0-10 pain scale
            raise FhirInputError("Observation.component", "pain must be 0 to 10")
    row = SessionLog.objects.create(
        programme=programme,
        day=session.day,
        logged_at=session.logged_at,
        pain_during=session.pain_during,
        pain_next_morning=session.pain_next_morning,
        worse_next_morning=session.worse_next_morning,
        notes=session.notes,
    )
    for done in session.exercises:
        get_exercise(done.exercise_id)  # an unknown exercise is refused by name
        log = ExerciseLog.objects.create(
            session=row,
            exercise_id=done.exercise_id,
            sets_done=done.sets_done,
            reps_done=done.reps_done,
        )
        for m, logged in enumerate(done.sets):
            _save_set(log, logged, f"Observation {done.exercise_id} set[{m}]")


def save_review(entry: Entry, *, programme: Programme) -> None:
    """The weekly review an Observation records."""
    review = observation_to_review(entry.resource)
    if review.action not in {a.value for a in Action}:
        raise FhirInputError(
            "Observation.valueCodeableConcept", f"unknown action {review.action!r}"
        )
    WeekReview.objects.create(
        programme=programme,
        week_start=review.week_start,
        action=review.action,
        reasons=list(review.reasons),
        level_before=review.level_before,
        level_after=review.level_after,
        sessions_done=review.sessions_done,
        sessions_planned=review.sessions_planned,
        created_at=review.created_at,
    )


def save_run(entry: Entry, *, programme: Programme) -> None:
    """The run an Observation records, within the bounds of the runner's run form."""
    run = observation_to_run(entry.resource)
    form = RunLogForm(
        data={
            "day": run.day.isoformat(),
            "distance_km": str(run.distance_km),
            "duration_min": run.duration_min,
            "pain_max": run.pain_max,
            "pain_started_km": ""
            if run.pain_started_km is None
            else str(run.pain_started_km),
        }
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        where = "Observation.component" if field == "__all__" else field
        raise FhirInputError(f"Observation {where}", " ".join(str(e) for e in errors))
    RunLog.objects.create(
        programme=programme,
        day=run.day,
        logged_at=run.logged_at,
        distance_km=form.cleaned_data["distance_km"],
        duration_min=run.duration_min,
        pain_max=run.pain_max,
        pain_started_km=form.cleaned_data["pain_started_km"],
        stopped_early=run.stopped_early,
    )
