"""The programme out of the app: a printable PDF, an iCalendar feed, a FHIR Bundle.

PDF through fpdf2 (pure Python, installs as a wheel with no system libraries), the
calendar through `icalendar` (RFC 5545), FHIR through `tractus.fhir` and validated with
`fhir.resources` before it is served.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from fpdf import FPDF
from icalendar import Calendar, Event

from clinic.lib.dates import day_text
from clinic.programmes.models import OutcomeEntry, Programme
from clinic.programmes.services import core_programme
from tractus.fhir import (
    RecordedOutcome,
    outcome_to_observation,
    programme_to_care_plan,
    rehab_bundle,
    validate_resource,
)
from tractus.fhir.programme_state import (
    PlannedDose,
    ProgrammeState,
    programme_state_extension,
)
from tractus.outcomes import Measure
from tractus.rehab import (
    Dose,
    FindingCode,
    LevelPlan,
    Prescription,
    get_exercise,
    render_programme,
)
from tractus.rehab import Programme as CoreProgramme

CALENDAR_WEEKS = 6
"""How far ahead the calendar feed lists planned sessions."""

_LATIN1 = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "→": "->",
        "≥": ">=",
        "≤": "<=",
        "×": "x",
        "…": "...",
    }
)


def _latin1(text: str) -> str:
    """PDF core fonts hold Latin-1 only; typographic marks become plain ones."""
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _para(pdf: FPDF, height: float, text: str) -> None:
    """One paragraph across the page, the cursor back at the left margin after it."""
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def programme_pdf(programme: Programme, *, runner_name: str, today: date) -> bytes:
    """This week's exercises with their cues, then the whole programme, as a PDF."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    _para(pdf, 8, _latin1(f"IT band rehab programme: {runner_name}"))
    pdf.set_font("Helvetica", "", 10)
    _para(pdf, 5, _latin1(f"Printed {day_text(today)}, level {programme.level}."))
    pdf.ln(3)
    for row in programme.exercises.all():
        exercise = get_exercise(row.exercise_id)
        pdf.set_font("Helvetica", "B", 12)
        _para(pdf, 6, _latin1(f"{exercise.name}: {row.dose_text}"))
        pdf.set_font("Helvetica", "", 10)
        lines = [exercise.setup, *exercise.cues, f"Feel it: {exercise.feel}"]
        if row.note:
            lines.append(f"Note from your physio: {row.note}")
        for line in lines:
            _para(pdf, 5, _latin1(f"- {line}"))
        pdf.ln(2)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    _para(pdf, 4.5, _latin1(render_programme(core_programme(programme))))
    return bytes(pdf.output())


def _session_text(programme: Programme) -> str:
    return "\n".join(
        f"{get_exercise(row.exercise_id).name}: {row.dose_text}"
        for row in programme.exercises.all()
    )


def calendar_ics(
    programme: Programme, *, today: date, now: datetime, site_url: str
) -> bytes:
    """Planned strength sessions and runs of the next weeks as all-day events."""
    plan = core_programme(programme)
    calendar = Calendar()
    calendar.add("prodid", "-//Tractus//Rehab programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Rehab programme")
    days = {d.weekday: d for d in plan.schedule}
    for offset in range(CALENDAR_WEEKS * 7):
        day = today + timedelta(days=offset)
        slot = days.get(day.weekday())
        if slot is None:
            continue
        if slot.strength:
            calendar.add_component(
                _event(
                    programme,
                    day,
                    "strength",
                    "Rehab session",
                    _session_text(programme),
                    site_url,
                    now,
                )
            )
        if slot.run and programme.run_stage:
            calendar.add_component(
                _event(
                    programme,
                    day,
                    "run",
                    "Run-walk",
                    "Stop if the knee pain reaches 3-4/10.",
                    site_url,
                    now,
                )
            )
    return bytes(calendar.to_ical())


def _event(  # noqa: PLR0913 - one calendar entry's fields
    programme: Programme,
    day: date,
    kind: str,
    summary: str,
    text: str,
    site_url: str,
    now: datetime,
) -> Event:
    event = Event()
    event.add("uid", f"programme-{programme.pk}-{kind}-{day.isoformat()}@tractus")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", text)
    event.add("url", f"{site_url.rstrip('/')}/runners/{programme.runner_id}/rehab/")
    return event


def _as_edited(programme: Programme) -> CoreProgramme:
    """The core programme with this week's level as the clinician left it."""
    core = core_programme(programme)
    if not core.has_exercises:
        return core
    current = core.level(programme.level)
    prescriptions = tuple(
        Prescription(
            exercise_id=row.exercise_id,
            dose=Dose(
                sets=row.sets,
                reps=row.reps or None,
                hold_s=None if row.reps else row.hold_s,
                rest_s=row.rest_s,
                per_side=row.per_side,
                tempo=get_exercise(row.exercise_id).dose.tempo,
            ),
            answers=tuple(FindingCode(c) for c in row.answers),
            reason=row.note or row.reason,
            source=row.source or "; ".join(get_exercise(row.exercise_id).sources),
            optional=row.optional,
        )
        for row in programme.exercises.all()
    )
    edited = LevelPlan(current.number, current.phase, prescriptions)
    return replace(core, levels=(edited,))


def programme_state(programme: Programme) -> ProgrammeState:
    """What the CarePlan does not say: generator input, progress, doses as edited."""
    return ProgrammeState(
        findings=programme.findings,
        version=programme.version,
        started_on=programme.started_on,
        level=programme.level,
        run_stage=programme.run_stage,
        stage_runs=programme.stage_runs,
        clinician_note=programme.clinician_note,
        exercises=tuple(
            PlannedDose(
                exercise_id=row.exercise_id,
                sets=row.sets,
                reps=row.reps,
                hold_s=row.hold_s,
                rest_s=row.rest_s,
                per_side=row.per_side,
                optional=row.optional,
                answers=tuple(row.answers),
                reason=row.reason,
                source=row.source,
                note=row.note,
                edited_by_clinician=row.edited_by_clinician,
            )
            for row in programme.exercises.all()
        ),
    )


def care_plan_of(programme: Programme, *, subject: str) -> dict[str, Any]:
    """The programme as a CarePlan with this week's level as the clinician left it,
    and the state an import needs to make the same programme again.

    A programme another replaced (after an assessment, say) is ``revoked``: FHIR's
    status for a plan ended before it was carried out.
    """
    care_plan = programme_to_care_plan(
        _as_edited(programme),
        level=1,
        subject_reference=subject,
        created=programme.created_at,
    )
    if not programme.is_active:
        care_plan["status"] = "revoked"
    care_plan["extension"] = [programme_state_extension(programme_state(programme))]
    return care_plan


def outcome_observations(
    runner_id: int, *, subject: str, tzinfo: tzinfo | None
) -> list[dict[str, Any]]:
    """Every outcome the runner recorded, oldest first, as Observations."""
    entries = OutcomeEntry.objects.filter(runner_id=runner_id).order_by(
        "recorded_on", "pk"
    )
    return [
        outcome_to_observation(
            RecordedOutcome(
                Measure(entry.measure),
                entry.value,
                datetime.combine(entry.recorded_on, datetime.min.time(), tzinfo=tzinfo),
            ),
            subject_reference=subject,
        )
        for entry in entries
    ]


def fhir_bundle(programme: Programme, *, now: datetime) -> dict[str, Any]:
    """The current CarePlan (with the clinician's edits) and every outcome as
    Observations, validated."""
    subject = f"Patient/{programme.runner_id}"
    observations = outcome_observations(
        programme.runner_id, subject=subject, tzinfo=now.tzinfo
    )
    bundle = rehab_bundle(
        care_plan_of(programme, subject=subject), observations, timestamp=now
    )
    validate_resource(bundle)
    return bundle
