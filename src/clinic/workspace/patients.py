"""The clinician's patient list: who shares what, and the latest of each at a glance.

Search by name or e-mail, sort by name, latest symptom check, red flag first or
last run. The latest load flag is computed by the core from the runner's runs, as
on the load page (ten years of daily data take under 100 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Q

from clinic.accounts.models import User
from clinic.programmes.selectors import WeekAdherence, active_programme, adherence
from clinic.programmes.services import planned_sessions
from clinic.runners.access import clinics_treating, note_listed, shared_areas_by_clinic
from clinic.runners.models import Area, Runner
from clinic.training.selectors import describe_flag, runs_table
from clinic.triage.models import TriageAssessment, Urgency
from tractus.load import LoadFlag, load_report

SORTS = {
    "name": "Name",
    "check": "Latest symptom check",
    "red-flag": "Red flag first",
    "run": "Last run",
}


@dataclass(frozen=True)
class PatientRow:
    runner: Runner
    areas: frozenset[Area]
    latest_check: TriageAssessment | None  # None also when checks are not shared
    latest_red_flag: TriageAssessment | None
    runs: int | None  # None when training is not shared
    last_run: date | None
    load_flag: LoadFlag | None
    videos: int | None
    last_assessed: datetime | None
    # Strength sessions logged against planned, this and last programme week.
    adherence: list[WeekAdherence] | None

    @property
    def load_flag_text(self) -> str:
        return describe_flag(self.load_flag) if self.load_flag else ""


def patients_of(
    user: User, *, now: datetime, query: str = "", sort: str = "name"
) -> list[PatientRow]:
    """Every runner sharing any part of their record with the user's clinics.

    Each row's load flag and adherence are as of the runner's own day at `now`
    (their time zone), as the runner sees them.

    Each runner listed is noted for the audit log (`access.note_listed`).
    """
    shared = shared_areas_by_clinic(user)
    runners = Runner.objects.filter(pk__in=shared).select_related("user")
    if query:
        runners = runners.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    runners = runners.annotate(
        run_count=Count("activities", distinct=True),
        last_run=Max("activities__local_date"),
        video_count=Count("analyses", distinct=True),
        last_assessed=Max(
            "assessments__created_at",
            filter=Q(assessments__clinic_id__in=clinics_treating(user)),
        ),
    ).order_by("user__full_name", "user__email")
    rows = []
    for runner in runners:
        note_listed(user, runner, shared[runner.pk])
        areas = frozenset(a for clinic in shared[runner.pk].values() for a in clinic)
        rows.append(_row(runner, areas, runner.local_today(now)))
    key, newest_first = _SORT_KEYS.get(sort, _SORT_KEYS["name"])
    return sorted(rows, key=key, reverse=newest_first)


def _row(runner: Any, areas: frozenset[Area], today: date) -> PatientRow:
    triage, training = Area.TRIAGE in areas, Area.TRAINING in areas
    checks = runner.triage_assessments.all()
    return PatientRow(
        runner=runner,
        areas=areas,
        latest_check=checks.first() if triage else None,
        latest_red_flag=checks.exclude(urgency=Urgency.NONE).first()
        if triage
        else None,
        runs=runner.run_count if training else None,
        last_run=runner.last_run if training else None,
        load_flag=_latest_load_flag(runner, today)
        if training and runner.run_count
        else None,
        videos=runner.video_count if Area.MOTION in areas else None,
        last_assessed=runner.last_assessed,
        adherence=_adherence(runner, today) if Area.REHAB in areas else None,
    )


def _adherence(runner: Runner, today: date) -> list[WeekAdherence] | None:
    programme = active_programme(runner)
    if programme is None:
        return None
    weeks = adherence(programme, today, planned_sessions(programme))
    return list(reversed(weeks[-2:]))


def _latest_load_flag(runner: Runner, today: date) -> LoadFlag | None:
    runs = runs_table(runner)
    flags = load_report(runs, today=today).flags if not runs.empty else []
    return max(flags, key=lambda f: f.day, default=None)


def _when(value: datetime | date | None) -> tuple[int, str]:
    return (0, "") if value is None else (1, value.isoformat())


_SORT_KEYS: dict[str, tuple[Callable[[PatientRow], Any], bool]] = {
    "name": (lambda r: (r.runner.user.full_name.lower(), r.runner.user.email), False),
    "check": (
        lambda r: _when(r.latest_check.created_at if r.latest_check else None),
        True,
    ),
    "red-flag": (
        lambda r: _when(r.latest_red_flag.created_at if r.latest_red_flag else None),
        True,
    ),
    "run": (lambda r: _when(r.last_run), True),
}
