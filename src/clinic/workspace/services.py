"""Recording assessments and notes, and sending the summary to the runner."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from clinic.accounts.models import User
from clinic.lib.mail import queue_mail
from clinic.runners.models import Runner
from clinic.workspace.models import Assessment, ClinicalNote
from clinic.workspace.programme_link import apply_to_programme
from tractus.assessment import HeadToToeExam, exam_to_dict


@transaction.atomic
def record_assessment(
    *,
    runner: Runner,
    clinician: User,
    clinic_id: int,
    exam: HeadToToeExam,
    note: dict[str, str] | None,
    update_programme: bool,
    now: datetime,
) -> tuple[Assessment, str]:
    """Save the exam, its SOAP note when written, and (when asked) plan the
    runner's programme from it: all together or not at all.

    Returns the assessment and what happened to the programme.
    """
    assessment = Assessment.objects.create(
        runner=runner,
        clinic_id=clinic_id,
        clinician=clinician,
        clinician_name=str(clinician),
        exam=exam_to_dict(exam),
        created_at=now,
    )
    if note:
        write_note(
            runner=runner,
            author=clinician,
            clinic_id=clinic_id,
            text=note,
            assessment=assessment,
            now=now,
        )
    outcome = ""
    if update_programme:
        outcome = apply_to_programme(
            runner=runner,
            exam=exam,
            clinician=clinician,
            today=runner.local_today(now),
            now=now,
        )
    return assessment, outcome


def write_note(
    *,
    runner: Runner,
    author: User,
    clinic_id: int,
    text: dict[str, str],
    now: datetime,
    assessment: Assessment | None = None,
) -> ClinicalNote:
    return ClinicalNote.objects.create(
        runner=runner,
        clinic_id=clinic_id,
        author=author,
        author_name=str(author),
        assessment=assessment,
        created_at=now,
        **{k: text.get(k, "") for k in ("subjective", "objective", "analysis", "plan")},
    )


def send_summary(*, assessment: Assessment, now: datetime) -> None:
    """E-mail the runner a link to the summary (the health data stays behind log-in)."""
    with transaction.atomic():
        assessment.sent_to_runner_at = now
        assessment.save(update_fields=["sent_to_runner_at"])
        queue_mail(
            template="workspace/summary", to=[assessment.runner.user], about=assessment
        )
