"""Start a programme, log sessions, runs and outcomes, review the week, edit the plan.

Each service owns its transaction: it turns rows into core types, calls
`tractus.rehab` / `tractus.outcomes`, and saves the result.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, QuerySet

from clinic.accounts.models import User
from clinic.clinics.models import Clinic
from clinic.programmes.models import (
    ExerciseLog,
    OutcomeEntry,
    PlannedExercise,
    Programme,
    ProgrammeTemplate,
    RunLog,
    SessionLog,
    SetLog,
    SetMethod,
    WeekReview,
)
from clinic.runners.models import Runner
from clinic.triage.models import TriageAssessment
from tractus.errors import RehabInputError
from tractus.motion.coached_set import CoachedSet
from tractus.outcomes import Measure, score_lefs
from tractus.rehab import (
    Findings,
    PlanState,
    Preferences,
    WeekResponse,
    findings_from_dict,
    findings_to_dict,
    generate_programme,
    get_exercise,
    progress,
)
from tractus.rehab import (
    Programme as CoreProgramme,
)
from tractus.triage.result import TriageResult


def core_programme(programme: Programme) -> CoreProgramme:
    """The phased programme, regenerated from the findings it was made from."""
    return generate_programme(findings_from_dict(programme.findings))


def findings_from_latest_check(
    runner: Runner, *, preferences: Preferences
) -> Findings | None:
    """Findings from the runner's latest symptom check, or None without one."""
    check = runner.triage_assessments.order_by("-created_at").first()
    if check is None:
        return None
    return findings_for_check(check, preferences=preferences)


def findings_for_check(
    check: TriageAssessment, *, preferences: Preferences
) -> Findings:
    result = TriageResult.from_dict(check.result)
    return Findings.from_triage(result, preferences=preferences)


def _materialise(programme: Programme, plan: CoreProgramme) -> None:
    """Replace the planned exercises with those of the programme's current level."""
    programme.exercises.all().delete()
    if not plan.has_exercises:
        return
    PlannedExercise.objects.bulk_create(
        PlannedExercise(
            programme=programme,
            position=i,
            exercise_id=item.exercise_id,
            sets=item.dose.sets,
            reps=item.dose.reps,
            hold_s=item.dose.hold_s,
            rest_s=item.dose.rest_s,
            per_side=item.dose.per_side,
            optional=item.optional,
            answers=[str(c) for c in item.answers],
            reason=item.reason,
            source=item.source,
        )
        for i, item in enumerate(plan.level(programme.level).prescriptions)
    )


@transaction.atomic
def start_programme(
    *,
    runner: Runner,
    findings: Findings,
    started_on: date,
    now: datetime,
    created_by: User | None = None,
) -> Programme:
    """A new active programme (the previous one ends); a red flag gives no rows."""
    Programme.objects.filter(runner=runner, is_active=True).update(is_active=False)
    plan = generate_programme(findings)
    programme = Programme.objects.create(
        runner=runner,
        created_at=now,
        created_by=created_by,
        started_on=started_on,
        version=plan.version,
        findings=findings_to_dict(findings),
    )
    _materialise(programme, plan)
    return programme


@dataclass(frozen=True)
class DoneExercise:
    exercise_id: str
    sets_done: int
    reps_done: int | None


@transaction.atomic
def log_session(
    *,
    programme: Programme,
    day: date,
    pain_during: int,
    done: Sequence[DoneExercise],
    now: datetime,
    notes: str = "",
) -> SessionLog:
    """Record the day's session (a second log of the same day replaces the first).

    Sets already logged from the coach page that day are kept with their numbers: the
    form's sets and reps replace the day's totals, and the session's pain is never
    lower than a pain given for one of its sets.
    """
    for item in done:
        get_exercise(item.exercise_id)  # refuses an unknown id before saving
    session, _ = SessionLog.objects.update_or_create(
        programme=programme,
        day=day,
        defaults={"logged_at": now, "pain_during": pain_during, "notes": notes},
    )
    set_pain = SetLog.objects.filter(exercise_log__session=session)
    worst = max((s.pain for s in set_pain), default=0)
    if worst > pain_during:
        session.pain_during = worst
        session.save(update_fields=["pain_during"])
    kept = {
        log.exercise_id: log for log in session.exercises.filter(sets__isnull=False)
    }
    session.exercises.exclude(pk__in=[log.pk for log in kept.values()]).delete()
    for item in done:
        log = kept.pop(item.exercise_id, None) or ExerciseLog(
            session=session, exercise_id=item.exercise_id
        )
        log.sets_done, log.reps_done = item.sets_done, item.reps_done
        log.save()
    return session


@transaction.atomic
def log_set(
    *,
    programme: Programme,
    day: date,
    exercise_id: str,
    pain: int,
    now: datetime,
    reps: int | None = None,
    hold_s: float | None = None,
    coached: CoachedSet | None = None,
) -> SetLog:
    """Add one set to the day's session, counted by the live coach or logged by hand.

    The set counts as a set done of that exercise today (the session is started when
    it is the day's first); its pain raises the session's worst pain if higher.

    Raises
    ------
    RehabInputError
        An unknown exercise, numbers the live coach did not count for this exercise,
        or a set with neither repetitions nor a hold.
    """
    exercise = get_exercise(exercise_id)
    if coached is not None:
        if str(coached.exercise) != exercise.motion_check:
            raise RehabInputError("exercise", f"the set is not a {exercise.name}")
        hold_s = coached.hold_s
        reps = coached.rep_count if hold_s is None else None
    if reps is None and hold_s is None:
        raise RehabInputError("set", "the repetitions or the seconds held are needed")
    session, created = SessionLog.objects.select_for_update().get_or_create(
        programme=programme,
        day=day,
        defaults={"logged_at": now, "pain_during": pain},
    )
    if not created and pain > session.pain_during:
        session.pain_during = pain
        session.save(update_fields=["pain_during"])
    log = session.exercises.filter(exercise_id=exercise.id).first() or ExerciseLog(
        session=session, exercise_id=exercise.id, sets_done=0
    )
    log.sets_done += 1
    if reps is not None:
        log.reps_done = max(log.reps_done or 0, reps)
    log.save()
    return SetLog.objects.create(
        exercise_log=log,
        logged_at=now,
        method=SetMethod.BY_HAND if coached is None else SetMethod.COACH,
        reps=reps,
        hold_s=hold_s,
        pain=pain,
        numbers=None if coached is None else coached.to_dict(),
    )


@transaction.atomic
def log_next_morning(*, session: SessionLog, pain: int, worse: bool) -> SessionLog:
    session.pain_next_morning = pain
    session.worse_next_morning = worse
    session.save(update_fields=["pain_next_morning", "worse_next_morning"])
    return session


@transaction.atomic
def log_run(
    *,
    programme: Programme,
    day: date,
    distance_km: Decimal,
    duration_min: int,
    pain_max: int,
    pain_started_km: Decimal | None,
    now: datetime,
) -> RunLog:
    """Record a run; stopped early when pain reached the run-stop level."""
    from tractus.rehab.protocols import RUN_PAIN_STOP

    return RunLog.objects.create(
        programme=programme,
        day=day,
        logged_at=now,
        distance_km=distance_km,
        duration_min=duration_min,
        pain_max=pain_max,
        pain_started_km=pain_started_km,
        stopped_early=pain_max >= RUN_PAIN_STOP,
    )


def planned_sessions(programme: Programme) -> int:
    """Strength sessions a week in the programme's schedule."""
    return sum(day.strength for day in core_programme(programme).schedule)


def counted_sessions(programme: Programme) -> QuerySet[SessionLog]:
    """The sessions that count as done: at least one set of an exercise logged.

    A log with every exercise at 0 sets is not a session done; the weekly review
    (clinical.md §5.9) and the adherence table count only these.
    """
    return programme.sessions.filter(exercises__sets_done__gt=0).distinct()


def week_response(programme: Programme, week_start: date) -> WeekResponse:
    """The week's pain response from its logs (clinical.md §5.9)."""
    end = week_start + timedelta(days=7)
    sessions = list(programme.sessions.filter(day__gte=week_start, day__lt=end))
    done = counted_sessions(programme).filter(day__gte=week_start, day__lt=end)
    runs = list(programme.runs.filter(day__gte=week_start, day__lt=end))
    return WeekResponse(
        exercise_pain_max=max((s.pain_during for s in sessions), default=0),
        next_morning_worse=any(s.worse_next_morning for s in sessions),
        sessions_done=done.count(),
        sessions_planned=planned_sessions(programme),
        run_pain_max=max((r.pain_max for r in runs), default=None),
        runs_done=sum(not r.stopped_early for r in runs),
    )


def next_review_week(programme: Programme) -> date:
    """The first week not yet reviewed (weeks start on the programme's start day)."""
    last = programme.reviews.aggregate(last=Max("week_start"))["last"]
    return programme.started_on if last is None else last + timedelta(days=7)


@transaction.atomic
def review_week(*, programme: Programme, today: date, now: datetime) -> WeekReview:
    """Move the plan on, hold or step back for the next unreviewed, finished week."""
    week_start = next_review_week(programme)
    if week_start + timedelta(days=7) > today:
        raise RehabInputError("week", "the week is not over yet")
    response = week_response(programme, week_start)
    before = programme.state
    decision = progress(core_programme(programme), before, response)
    review = WeekReview.objects.create(
        programme=programme,
        week_start=week_start,
        action=decision.action.value,
        reasons=list(decision.reasons),
        level_before=before.level,
        level_after=decision.state.level,
        sessions_done=response.sessions_done,
        sessions_planned=response.sessions_planned,
        created_at=now,
    )
    _set_state(programme, decision.state)
    return review


def _set_state(programme: Programme, state: PlanState) -> None:
    level_changed = state.level != programme.level
    programme.level, programme.run_stage = state.level, state.run_stage
    programme.stage_runs = state.stage_runs
    programme.save(update_fields=["level", "run_stage", "stage_runs"])
    if level_changed:
        _materialise(programme, core_programme(programme))


@transaction.atomic
def record_outcome(
    *, runner: Runner, measure: Measure, value: float, recorded_on: date
) -> OutcomeEntry:
    return OutcomeEntry.objects.create(
        runner=runner, measure=measure.value, value=value, recorded_on=recorded_on
    )


@transaction.atomic
def record_lefs(
    *, runner: Runner, answers: Sequence[int], recorded_on: date
) -> OutcomeEntry:
    """Score and save a completed LEFS; an incomplete form raises and saves nothing."""
    total = score_lefs(answers)
    return OutcomeEntry.objects.create(
        runner=runner,
        measure=Measure.LEFS.value,
        value=total,
        recorded_on=recorded_on,
        lefs_answers=list(answers),
    )


@transaction.atomic
def save_planned_exercises(
    *, programme: Programme, rows: Iterable[PlannedExercise]
) -> None:
    """Save a clinician's edits of the current level (marked as edited)."""
    for row in rows:
        get_exercise(row.exercise_id)
        row.programme = programme
        row.edited_by_clinician = True
        row.save()


@transaction.atomic
def save_template(
    *, programme: Programme, clinic: Clinic, name: str, user: User, now: datetime
) -> ProgrammeTemplate:
    """The programme's current exercises and doses as a clinic template."""
    items = [
        {
            "exercise_id": row.exercise_id,
            "sets": row.sets,
            "reps": row.reps,
            "hold_s": row.hold_s,
            "rest_s": row.rest_s,
            "per_side": row.per_side,
            "note": row.note,
        }
        for row in programme.exercises.all()
    ]
    return ProgrammeTemplate.objects.create(
        clinic=clinic, name=name, created_by=user, created_at=now, items=items
    )


@transaction.atomic
def assign_template(*, template: ProgrammeTemplate, runners: Iterable[Runner]) -> int:
    """Put the template's exercises in place of each runner's current ones."""
    count = 0
    for runner in runners:
        programme = Programme.objects.filter(runner=runner, is_active=True).first()
        if programme is None or not core_programme(programme).has_exercises:
            continue  # no programme yet, or a referral: nothing to replace
        programme.exercises.all().delete()
        PlannedExercise.objects.bulk_create(
            PlannedExercise(
                programme=programme,
                position=i,
                reason=f"From the clinic's template '{template.name}'.",
                edited_by_clinician=True,
                **item,
            )
            for i, item in enumerate(template.items)
        )
        count += 1
    return count


@transaction.atomic
def replace_findings(*, programme: Programme, findings: Findings) -> CoreProgramme:
    """Plan again from new findings (a clinician's assessment), keeping the level.

    The runner stays where the pain response has brought them; only what each
    level holds changes.
    """
    plan = generate_programme(findings)
    programme.findings = findings_to_dict(findings)
    programme.version = plan.version
    programme.save(update_fields=["findings", "version"])
    _materialise(programme, plan)
    return plan


@transaction.atomic
def renew_calendar_token(*, programme: Programme) -> None:
    """A new private calendar address; the old one stops working."""
    programme.calendar_token = secrets.token_urlsafe(24)
    programme.save(update_fields=["calendar_token"])
