"""The demo runner's programme: in its third week, with sessions, runs, pain and LEFS.

Built through the same services the pages use, so the demo shows the whole loop: two
weekly reviews that moved the plan on, next-morning answers, and outcomes with a
meaningful LEFS change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from clinic.programmes import services
from clinic.programmes.models import Programme
from clinic.runners.models import Runner
from tractus.outcomes import Measure
from tractus.rehab import Equipment, Preferences

DEMO_SESSION_PAIN = (3, 3, 2, 2, 2, 1, 1)
"""Pain during each logged session, easing as the weeks go by."""
DEMO_LEFS = (
    (1, [2, 3, 3, 4, 3, 3, 3, 4, 3, 3, 4, 3, 2, 3, 3, 1, 1, 1, 1, 4]),
    (15, [3, 3, 4, 4, 4, 3, 4, 4, 3, 4, 4, 4, 3, 4, 4, 2, 2, 1, 2, 4]),
)
DEMO_PAIN = (
    (1, Measure.PAIN_RUN, 6),
    (1, Measure.PAIN_REST, 2),
    (8, Measure.PAIN_RUN, 5),
    (15, Measure.PAIN_RUN, 3),
    (15, Measure.PAIN_REST, 1),
    (1, Measure.PAIN_FREE_DISTANCE_KM, 2.0),
    (15, Measure.PAIN_FREE_DISTANCE_KM, 3.5),
)


def _evening_of(runner: Runner, day: date) -> datetime:
    """18:00 on `day` in the runner's zone, when the demo's sessions are logged."""
    return datetime.combine(day, time(18), tzinfo=ZoneInfo(runner.timezone))


def _as_planned(programme: Programme) -> list[services.DoneExercise]:
    """Every exercise of the current level done as prescribed (a session counts as
    done only with sets logged)."""
    return [
        services.DoneExercise(row.exercise_id, row.sets, row.reps)
        for row in programme.exercises.all()
    ]


def load_demo_programme(runner: Runner, *, now: datetime) -> None:
    """Start the runner's programme 15 days ago and fill two weeks and a day of it."""
    # The runner's own date: seeded at 22:30 in Recife, UTC is already tomorrow.
    today = runner.local_today(now)
    start = today - timedelta(days=15)
    preferences = Preferences(3, frozenset(Equipment))
    findings = services.findings_from_latest_check(runner, preferences=preferences)
    if findings is None:
        return
    programme = services.start_programme(
        runner=runner, findings=findings, started_on=start, now=now - timedelta(15)
    )
    days = [start + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11, 14)]
    for day, pain in zip(days, DEMO_SESSION_PAIN, strict=True):
        # Logged on its own day, as a runner logs it: the timeline shows them apart.
        logged_at = min(_evening_of(runner, day), now)
        if day in (start + timedelta(7), start + timedelta(14)):
            services.review_week(programme=programme, today=day, now=logged_at)
        session = services.log_session(
            programme=programme,
            day=day,
            pain_during=pain,
            done=_as_planned(programme),
            now=logged_at,
        )
        if day < today - timedelta(days=1):
            services.log_next_morning(
                session=session, pain=max(0, pain - 1), worse=False
            )
    services.log_run(
        programme=programme,
        day=start + timedelta(days=5),
        distance_km=Decimal("3.0"),
        duration_min=20,
        pain_max=3,
        pain_started_km=Decimal("2.0"),
        now=now,
    )
    for offset, measure, value in DEMO_PAIN:
        services.record_outcome(
            runner=runner,
            measure=measure,
            value=value,
            recorded_on=start + timedelta(days=offset),
        )
    for offset, answers in DEMO_LEFS:
        services.record_lefs(
            runner=runner, answers=answers, recorded_on=start + timedelta(days=offset)
        )
