"""An assessment's findings go to the runner's programme (clinical.md §1.6 → §5).

The active programme is planned again with the exam's findings, keeping its level;
without a programme, one is started from the latest symptom check. Without a
symptom check there is nothing to plan from, and the clinician is told so.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from clinic.accounts.models import User
from clinic.programmes.selectors import active_programme
from clinic.programmes.services import (
    findings_from_latest_check,
    replace_findings,
    start_programme,
)
from clinic.runners.models import Runner
from tractus.assessment import HeadToToeExam, to_assessment_findings
from tractus.rehab import Preferences, findings_from_dict


def apply_to_programme(
    *, runner: Runner, exam: HeadToToeExam, clinician: User, today: date, now: datetime
) -> str:
    """Update or start the runner's programme; returns what happened, for the clinician."""
    found = to_assessment_findings(exam)
    programme = active_programme(runner)
    if programme is not None:
        planned = findings_from_dict(programme.findings)
        replace_findings(
            programme=programme,
            findings=dataclasses.replace(planned, assessment=found),
        )
        return "The runner's programme now follows this assessment."
    findings = findings_from_latest_check(runner, preferences=Preferences())
    if findings is None:
        return "No programme was started: the runner has no symptom check to plan from."
    start_programme(
        runner=runner,
        findings=dataclasses.replace(findings, assessment=found),
        started_on=today,
        now=now,
        created_by=clinician,
    )
    return "A programme was started from the symptom check and this assessment."
