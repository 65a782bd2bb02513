"""What the rehab pages show: today's session, adherence, outcomes with their change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clinic.motionlab.models import Analysis, Kind
from clinic.motionlab.presenters import present
from clinic.programmes.models import (
    ExerciseLog,
    OutcomeEntry,
    PlannedExercise,
    Programme,
    SessionLog,
)
from clinic.programmes.services import (
    core_programme,
    counted_sessions,
    next_review_week,
)
from clinic.runners.models import Runner
from tractus.outcomes import MEASURES, Change, Measure, MeasureInfo, assess_change
from tractus.rehab import Exercise, Guidance, get_exercise
from tractus.rehab import Programme as CoreProgramme
from tractus.rehab.progression import weekly_run_km
from tractus.rehab.protocols import RUN_STAGES, Phase, RunStage
from tractus.rehab.report import PHASE_TITLES


def active_programme(runner: Runner) -> Programme | None:
    return Programme.objects.filter(runner=runner, is_active=True).first()


@dataclass(frozen=True)
class SessionItem:
    row: PlannedExercise
    exercise: Exercise
    done: ExerciseLog | None = None
    """What the day's session logged of it (with its sets from the coach page)."""

    @property
    def dose_text(self) -> str:
        return self.row.dose_text


@dataclass(frozen=True)
class Today:
    programme: Programme
    plan: CoreProgramme
    day: date
    week_number: int
    phase: Phase
    phase_title: str
    is_strength_day: bool
    is_run_day: bool
    items: list[SessionItem]
    session: SessionLog | None
    pending_morning: SessionLog | None
    run_stage: RunStage | None
    weekly_run_km: float
    guidance: tuple[Guidance, ...]
    review_due: bool

    @property
    def exercises_done(self) -> int:
        """Planned exercises with at least one set logged today."""
        return sum(bool(item.done and item.done.sets_done) for item in self.items)


def session_items(programme: Programme) -> list[SessionItem]:
    return [
        SessionItem(row, get_exercise(row.exercise_id))
        for row in programme.exercises.all()
    ]


def session_items_on(programme: Programme, day: date) -> list[SessionItem]:
    """The planned exercises with what the day's session (if any) logged of each."""
    session = programme.sessions.filter(day=day).first()
    return _with_done(session_items(programme), session)


def _with_done(
    items: list[SessionItem], session: SessionLog | None
) -> list[SessionItem]:
    """Each planned exercise with what today's session logged of it."""
    if session is None:
        return items
    logs = {log.exercise_id: log for log in session.exercises.prefetch_related("sets")}
    return [
        SessionItem(item.row, item.exercise, logs.get(item.row.exercise_id))
        for item in items
    ]


def _run_stage(programme: Programme) -> RunStage | None:
    if programme.run_stage == 0:
        return None
    return RUN_STAGES[min(programme.run_stage, len(RUN_STAGES)) - 1]


def today_for(programme: Programme, today: date) -> Today:
    plan = core_programme(programme)
    weekday = today.weekday()
    schedule = {d.weekday: d for d in plan.schedule}
    level = plan.level(programme.level) if plan.has_exercises else None
    phase = level.phase if level else Phase.SETTLE
    session = programme.sessions.filter(day=today).first()
    pending = (
        programme.sessions.filter(day__lt=today, pain_next_morning__isnull=True)
        .order_by("-day")
        .first()
    )
    return Today(
        programme=programme,
        plan=plan,
        day=today,
        week_number=(today - programme.started_on).days // 7 + 1,
        phase=phase,
        phase_title=PHASE_TITLES[phase],
        is_strength_day=bool(schedule.get(weekday) and schedule[weekday].strength),
        is_run_day=bool(
            programme.run_stage and schedule.get(weekday) and schedule[weekday].run
        ),
        items=_with_done(session_items(programme), session),
        session=session,
        pending_morning=pending
        if pending and pending.day >= today - timedelta(2)
        else None,
        run_stage=_run_stage(programme),
        weekly_run_km=weekly_run_km(plan, programme.state),
        guidance=plan.guidance,
        review_due=next_review_week(programme) + timedelta(days=7) <= today,
    )


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date
    done: int
    planned: int

    @property
    def percent(self) -> int:
        return (
            round(100 * min(self.done, self.planned) / self.planned)
            if self.planned
            else 0
        )


def adherence(programme: Programme, today: date, planned: int) -> list[WeekAdherence]:
    """Sessions done per programme week, from the start to this week."""
    days = list(counted_sessions(programme).values_list("day", flat=True))
    weeks = []
    start = programme.started_on
    while start <= today:
        end = start + timedelta(days=7)
        weeks.append(WeekAdherence(start, sum(start <= d < end for d in days), planned))
        start = end
    return weeks


@dataclass(frozen=True)
class OutcomeSeries:
    measure: Measure
    info: MeasureInfo
    entries: list[OutcomeEntry]
    change: Change | None


def outcome_series(runner: Runner) -> list[OutcomeSeries]:
    """Each measure's entries in date order and the change from the first to the last."""
    by_measure: dict[str, list[OutcomeEntry]] = {}
    for entry in OutcomeEntry.objects.filter(runner=runner):
        by_measure.setdefault(entry.measure, []).append(entry)
    series = []
    for measure in Measure:
        entries = by_measure.get(measure.value, [])
        change = (
            assess_change(measure, entries[0].value, entries[-1].value)
            if len(entries) >= 2
            else None
        )
        series.append(OutcomeSeries(measure, MEASURES[measure], entries, change))
    return series


@dataclass(frozen=True)
class FormCheck:
    analysis_id: str
    day: date
    exercise: str
    headline: str


def recent_form_checks(runner: Runner, *, limit: int = 5) -> list[FormCheck]:
    """The runner's latest finished exercise analyses, with reps and faults seen.

    The caller checks that the viewer may see the runner's videos (`Area.MOTION`).
    """
    analyses = Analysis.objects.filter(
        runner=runner, kind=Kind.EXERCISE, status=Analysis.Status.DONE
    ).order_by("-created_at")[:limit]
    checks = []
    for analysis in analyses:
        view = present(analysis)
        if view is not None:
            checks.append(
                FormCheck(
                    str(analysis.public_id),
                    analysis.created_at.date(),
                    analysis.get_exercise_display(),
                    view.headline,
                )
            )
    return checks
