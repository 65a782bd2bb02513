"""The runner's timeline: everything in the record, newest first, in a clinician's words.

Each event links to its detail page. Each part of the record is read only if the
viewer may see it (`clinic.runners.access`), which also audits the look; a part
that is not shared is named, not silently left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse

from clinic.bookings.models import Appointment
from clinic.motionlab.models import Analysis
from clinic.motionlab.presenters import present
from clinic.programmes.models import (
    ExerciseLog,
    OutcomeEntry,
    Programme,
    SessionLog,
    WeekReview,
)
from clinic.runners.access import Viewer, can_view, clinics_writing_for
from clinic.runners.models import Area, Runner
from clinic.training.load_cache import cached_for_runner
from clinic.training.selectors import describe_flag, runs_table
from clinic.triage.services import result_of
from clinic.workspace.models import Assessment, ClinicalNote
from tractus.assessment import interpret
from tractus.load import LoadFlag, load_report
from tractus.outcomes import MEASURES, Measure
from tractus.rehab import FindingCode, findings_from_dict
from tractus.triage.voices import clinician_findings

TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # a CSS class and the filter name: triage, load, motion, ...
    title: str
    detail: str
    url: str
    badges: tuple[tuple[str, str], ...] = ()  # (css class, text)
    # Key frames at full size; the timeline shows their thumbnails (?size=thumb),
    # each opening the full size.
    images: tuple[str, ...] = ()
    date_only: bool = False


@dataclass(frozen=True)
class Timeline:
    events: list[Event]
    not_shared: list[str]


def timeline_of(user: Viewer, runner: Runner, *, today: date) -> Timeline:
    """Every event the viewer may see, newest first."""
    events: list[Event] = []
    not_shared = []
    staff = runner.user_id != user.pk
    readers = {
        Area.TRIAGE: lambda r: _triage_events(r, staff=staff),
        Area.TRAINING: lambda r: _load_events(r, today=today),
        Area.MOTION: _motion_events,
        Area.REHAB: _rehab_events,
    }
    for area, read in readers.items():
        if can_view(user, runner, area):
            events += read(runner)
        else:
            not_shared.append(str(area.label).lower())
    events += _clinical_events(user, runner)
    events.sort(key=lambda e: e.at, reverse=True)
    return Timeline(events[:TIMELINE_LIMIT], not_shared)


def _triage_events(runner: Runner, *, staff: bool) -> Iterator[Event]:
    """Symptom checks: staff read the findings in a clinician's words (no call to
    action); the runner reads the red flags and what else to rule out."""
    for check in runner.triage_assessments.all()[:50]:
        result = result_of(check)
        badges = [
            (check.itbs_likelihood, f"ITBS {check.get_itbs_likelihood_display()}")
        ]
        if result.has_red_flag:
            badges.append((check.urgency, f"Red flag: {check.get_urgency_display()}"))
        if check.corrected_at is not None:
            # The runner said a stopping answer was a mis-tap; the next check
            # holds the changed answers, this one what was shown.
            badges.append(("corrected", "Corrected by the runner"))
        if staff:
            detail = " ".join(clinician_findings(result))
        else:
            flags = "; ".join(f.title for f in result.red_flags)
            ddx = ", ".join(d.name for d in result.differentials[:3])
            detail = f"Red flags: {flags}. " if flags else "No red flags. "
            detail += f"Worth ruling out: {ddx}." if ddx else ""
        yield Event(
            check.created_at,
            "triage",
            "Symptom check (questionnaire)",
            detail,
            reverse("triage:result", args=[check.public_id]),
            tuple(badges),
        )


def _load_flags(runner: Runner, *, today: date) -> list[LoadFlag]:
    runs = runs_table(runner)
    return [] if runs.empty else list(load_report(runs, today=today).flags)


def _load_events(runner: Runner, *, today: date) -> Iterator[Event]:
    """Load flags, kept with the load page's results (`load_cache`): the report
    over years of runs cost more than the rest of the timeline together."""
    flags = cached_for_runner(
        runner,
        today=today,
        variant="timeline-flags",
        compute=lambda: _load_flags(runner, today=today),
    )
    for flag in flags:
        yield Event(
            datetime.combine(flag.day, time(23, 59), tzinfo=UTC),
            "load",
            f"Load flag: {describe_flag(flag)}",
            f"{flag.basis} (threshold {flag.threshold:g} {flag.unit}; {flag.source}; "
            f"evidence {flag.evidence}).",
            reverse("training:load", args=[runner.pk]),
            (("load", "Load"),),
            date_only=True,
        )


def _measured(value: float, uncertainty: float | None, unit: str) -> str:
    """ "95 ± 4 steps/min", "15 ± 10°": the unit after the uncertainty, spaced unless a sign."""
    spaced = f"{unit}" if unit in ("°", "%", "") else f" {unit}"
    if uncertainty is None:
        return f"{value:g}{spaced}"
    return f"{value:g} ± {uncertainty:g}{spaced}"


def _motion_events(runner: Runner) -> Iterator[Event]:
    for analysis in runner.analyses.filter(status=Analysis.Status.DONE)[:50]:
        view = present(analysis)
        metrics = (
            "; ".join(
                f"{m.name} {_measured(m.value, m.uncertainty, m.unit)}"
                for m in view.metrics[:4]
                if m.value is not None
            )
            if view
            else ""
        )
        frames = tuple(
            reverse("motionlab:key-frame", args=[analysis.public_id, i])
            for i in range(len(analysis.key_frames))
        )
        camera = (
            f" ({analysis.get_view_display().lower()} view)" if analysis.view else ""
        )
        yield Event(
            analysis.finished_at or analysis.created_at,
            "motion",
            f"Video analysis: {analysis.title.lower()}{camera}",
            metrics,
            reverse("motionlab:analysis", args=[analysis.public_id]),
            images=frames,
        )


def _clinical_events(user: Viewer, runner: Runner) -> Iterator[Event]:
    """Assessments and notes: all for the runner, their own clinics' for staff."""
    assessments = Assessment.objects.filter(runner=runner)
    notes = ClinicalNote.objects.filter(runner=runner)
    appointments = Appointment.objects.filter(runner=runner)
    if runner.user_id != user.pk:
        clinics = clinics_writing_for(user, runner)
        assessments, notes, appointments = (
            assessments.filter(clinic_id__in=clinics),
            notes.filter(clinic_id__in=clinics),
            appointments.filter(clinic_id__in=clinics),
        )
    for a in assessments.select_related("clinic")[:50]:
        findings = interpret(a.to_core()).findings
        yield Event(
            a.created_at,
            "assessment",
            f"Head-to-toe assessment by {a.clinician_name}",
            " ".join(f.text for f in findings[:3]) or "No positive findings.",
            reverse("workspace:assessment", args=[a.public_id]),
            (("assessment", f"{len(findings)} finding{'s' * (len(findings) != 1)}"),),
        )
    yield from _appointment_events(appointments, staff=runner.user_id != user.pk)
    for n in notes[:100]:
        yield Event(
            n.created_at,
            "note",
            f"Clinical note by {n.author_name}",
            n.first_line,
            reverse("workspace:note", args=[n.public_id]),
        )


def _appointment_events(
    appointments: QuerySet[Appointment], *, staff: bool
) -> Iterator[Event]:
    """Appointments; staff open the clinician's day they fall on."""
    rows = appointments.select_related("appointment_type", "location", "clinician")
    for a in rows.order_by("-starts_at")[:50]:
        local = a.starts_at.astimezone(ZoneInfo(a.location.time_zone))
        yield Event(
            a.starts_at,
            "appointment",
            f"{a.appointment_type.name} with {a.clinician} at {local:%H:%M}",
            f"{a.location}. {a.get_status_display()}.",
            reverse("workspace:day") + f"?date={local:%Y-%m-%d}" if staff else "",
            (("appointment", a.get_status_display()),),
        )


def _rehab_events(runner: Runner) -> Iterator[Event]:
    """Programmes started, weekly pain-response reviews (adherence), outcomes."""
    plan_url = reverse("programmes:plan", args=[runner.pk])
    for p in Programme.objects.filter(runner=runner)[:10]:
        codes = findings_from_dict(p.findings).codes()
        yield Event(
            p.created_at,
            "programme",
            "Rehab programme started" + ("" if p.is_active else " (ended)"),
            "Targets: "
            + "; ".join(
                c.label for c in codes if c is not FindingCode.LATERAL_KNEE_PAIN
            ),
            plan_url if p.is_active else "",
        )
    reviews = WeekReview.objects.filter(programme__runner=runner)
    for r in reviews.order_by("-week_start")[:52]:
        yield Event(
            r.created_at,
            "programme",
            f"Weekly review: {r.get_action_display().lower()}, "
            f"level {r.level_before} → {r.level_after}",
            f"Adherence {r.sessions_done}/{r.sessions_planned} sessions. "
            + " ".join(r.reasons),
            plan_url,
        )
    yield from _session_events(runner, reverse("programmes:today", args=[runner.pk]))
    outcomes_url = reverse("programmes:outcomes", args=[runner.pk])
    for o in OutcomeEntry.objects.filter(runner=runner).order_by("-recorded_on")[:100]:
        info = MEASURES[Measure(o.measure)]
        yield Event(
            datetime.combine(o.recorded_on, time(12), tzinfo=UTC),
            "outcome",
            f"{info.label}: {o.value:g} {info.unit}".strip(),
            "",
            outcomes_url,
            date_only=True,
        )


def _session_events(runner: Runner, url: str) -> Iterator[Event]:
    """Each day's session: what was done, and each set from the coach page."""
    sessions = SessionLog.objects.filter(programme__runner=runner).prefetch_related(
        "exercises__sets"
    )
    for session in sessions.order_by("-day")[:100]:
        coached = any(
            s.numbers for log in session.exercises.all() for s in log.sets.all()
        )
        yield Event(
            session.logged_at,
            "programme",
            f"Rehab session: pain {session.pain_during}/10 during",
            " ".join(_done_text(log) for log in session.exercises.all())
            or "No exercise logged.",
            url,
            (("programme", "Live coach"),) if coached else (),
        )


def _done_text(log: ExerciseLog) -> str:
    """One exercise of a session: sets and reps, then each set from the coach page."""
    text = f"{log.exercise.name}: {log.sets_done} set{'s' * (log.sets_done != 1)}"
    if log.reps_done:
        text += f" of up to {log.reps_done} reps"
    sets = [f" Set {i}: {s.describe()}." for i, s in enumerate(log.sets.all(), 1)]
    return text + "." + "".join(sets)
