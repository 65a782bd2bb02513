"""The record's training, motion and clinical parts as FHIR entries.

Rows become core types here and `tractus.fhir` maps them; each entry's full URL
derives from the row's stable key (`resource_url`), so an export of an imported
record gives the same URLs. Weeks and load flags are derived from the runs, with
`today` the runner's own date, as on the load page.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import pandas as pd

from clinic.motionlab.models import Analysis
from clinic.runners.models import Runner
from clinic.training.convert import to_core
from clinic.training.models import Activity
from clinic.training.selectors import flag_title, report_day, runs_table
from clinic.workspace.models import Assessment, ClinicalNote
from tractus.fhir.exam import exam_to_observation
from tractus.fhir.motion import (
    MotionRecord,
    motion_to_document,
    motion_to_observation,
    picture_type,
)
from tractus.fhir.note import SoapNote, note_to_composition
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.references import resource_url
from tractus.fhir.training import (
    activity_to_observation,
    flag_to_observation,
    week_to_observation,
)
from tractus.load import load_report

Entry = dict[str, Any]


def _entry(url: str, resource: dict[str, Any]) -> Entry:
    return {"fullUrl": url, "resource": resource}


def activity_url(subject: str, row: Activity) -> str:
    start = fhir_datetime(row.start_time)
    key = (subject, start, row.sport, str(row.source_index))
    return resource_url(DEFAULT_BASE_URL, "Observation", "activity", *key)


def training_entries(runner: Runner, subject: str, *, today: date) -> list[Entry]:
    """Every activity, then each week with runs and each load flag, derived."""
    rows = list(Activity.objects.filter(runner=runner).order_by("start_time", "pk"))
    entries = [
        _entry(
            activity_url(subject, row),
            activity_to_observation(to_core(row), subject_reference=subject),
        )
        for row in rows
    ]
    runs = [row for row in rows if row.is_run]
    if runs:
        entries += _load_entries(runner, runs, subject, today)
    return entries


def _load_entries(
    runner: Runner, runs: list[Activity], subject: str, today: date
) -> list[Entry]:
    report = load_report(runs_table(runner), today=report_day(runner, today))
    entries = []
    for week_start, totals in report.weekly.iterrows():
        monday = cast(pd.Timestamp, week_start).date()
        in_week = [
            activity_url(subject, r)
            for r in runs
            if monday <= r.local_date <= monday + timedelta(days=6)
        ]
        if int(totals["runs"]) == 0:
            continue
        week = week_to_observation(
            monday,
            {str(k): float(v) for k, v in totals.items()},
            activity_urls=in_week,
            subject_reference=subject,
        )
        url = resource_url(
            DEFAULT_BASE_URL, "Observation", "week", subject, str(monday)
        )
        entries.append(_entry(url, week))
    for flag in report.flags:
        resource = flag_to_observation(
            flag, title=flag_title(flag), subject_reference=subject
        )
        url = resource_url(DEFAULT_BASE_URL, "Observation", "flag", subject, flag.id)
        entries.append(_entry(url, resource))
    return entries


def _pictures(analysis: Analysis) -> tuple[bytes, ...]:
    """The key-frame pictures, or none if one is missing or not a picture: the
    report still goes out, and a lost file never stops the record's download."""
    try:
        pictures = tuple(
            (analysis.folder / k["file"]).read_bytes() for k in analysis.key_frames
        )
        for picture in pictures:
            picture_type(picture)
    except (OSError, KeyError, ValueError):
        return ()
    return pictures


def motion_record(analysis: Analysis) -> MotionRecord:
    """A finished analysis with its key-frame pictures read from its folder."""
    assert analysis.report is not None and analysis.finished_at is not None
    pictures = _pictures(analysis)
    return MotionRecord(
        key=str(analysis.public_id),
        title=analysis.title,
        report=analysis.report,
        key_frames=pictures,
        created=analysis.created_at,
        finished=analysis.finished_at,
    )


def motion_entries(runner_id: int, subject: str) -> list[Entry]:
    """Each finished analysis: its report (DocumentReference) and its numbers."""
    entries = []
    analyses = Analysis.objects.filter(
        runner_id=runner_id, status=Analysis.Status.DONE, report__isnull=False
    ).order_by("created_at", "pk")
    for analysis in analyses:
        record = motion_record(analysis)
        key = str(analysis.public_id)
        document_url = resource_url(DEFAULT_BASE_URL, "DocumentReference", key)
        entries.append(
            _entry(document_url, motion_to_document(record, subject_reference=subject))
        )
        observation = motion_to_observation(
            record, document_reference=document_url, subject_reference=subject
        )
        url = resource_url(DEFAULT_BASE_URL, "Observation", "motion", key)
        entries.append(_entry(url, observation))
    return entries


def assessment_url(public_id: str) -> str:
    return resource_url(DEFAULT_BASE_URL, "Observation", "assessment", public_id)


def clinical_entries(
    runner_id: int, subject: str, *, clinic_ids: frozenset[int] | None
) -> list[Entry]:
    """Assessments (Observation) and SOAP notes (Composition) of the clinics in scope."""
    assessments = Assessment.objects.filter(runner_id=runner_id).select_related(
        "clinic"
    )
    notes = ClinicalNote.objects.filter(runner_id=runner_id).select_related(
        "clinic", "assessment"
    )
    if clinic_ids is not None:
        assessments = assessments.filter(clinic_id__in=clinic_ids)
        notes = notes.filter(clinic_id__in=clinic_ids)
    entries = [
        _entry(
            assessment_url(str(a.public_id)),
            exam_to_observation(
                a.to_core(),
                key=str(a.public_id),
                subject_reference=subject,
                effective=a.created_at,
                clinic=(a.clinic.slug, a.clinic.name),
                clinician_name=a.clinician_name,
                sent_to_runner=a.sent_to_runner_at,
            ),
        )
        for a in assessments.order_by("created_at", "pk")
    ]
    for note in notes.order_by("created_at", "pk"):
        linked = note.assessment
        composition = note_to_composition(
            SoapNote(note.subjective, note.objective, note.analysis, note.plan),
            key=str(note.public_id),
            subject_reference=subject,
            date=note.created_at,
            author_name=note.author_name,
            clinic=(note.clinic.slug, note.clinic.name),
            assessment_reference=assessment_url(str(linked.public_id))
            if linked
            else None,
        )
        url = resource_url(DEFAULT_BASE_URL, "Composition", str(note.public_id))
        entries.append(_entry(url, composition))
    return entries
