"""Reads for the workspace pages."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from clinic.lib.dates import day_text
from clinic.motionlab.models import Analysis, Kind
from clinic.runners.access import Viewer, can_view
from clinic.runners.models import Area, Runner
from clinic.workspace.models import Assessment
from tractus.assessment import HeadToToeExam, to_assessment_findings
from tractus.rehab.findings import FindingCode, Findings, TriageSummary


def gait_videos_of(
    user: Viewer, runner: Runner, *, zone: ZoneInfo
) -> list[tuple[str, str]]:
    """The runner's finished running analyses, if the clinic may see videos,
    each labelled with its date in `zone` (`clinic.workspace.zones`)."""
    if not can_view(user, runner, Area.MOTION):
        return []
    analyses = runner.analyses.filter(kind=Kind.GAIT, status=Analysis.Status.DONE)
    return [
        (str(a.public_id), f"{a.title}, {day_text(a.created_at.astimezone(zone))}")
        for a in analyses
    ]


def video_of(runner: Runner, public_id: str) -> Analysis | None:
    if not public_id:
        return None
    return runner.analyses.filter(public_id=public_id).first()


def last_body(runner: Runner) -> dict[str, Any]:
    """Body mass, height and lever arm of the last assessment, to start from."""
    last = Assessment.objects.filter(runner=runner).first()
    if last is None:
        return {}
    exam = last.to_core()
    lever = exam.hip_lever_arm_m
    return {
        "affected_side": exam.affected_side.value,
        "body_mass_kg": exam.body_mass_kg,
        "height_cm": round(exam.height_m * 100, 1),
        "hip_lever_arm_cm": None if lever is None else round(lever * 100, 1),
    }


def plan_codes(exam: HeadToToeExam) -> tuple[FindingCode, ...]:
    """The exam's findings the programme plans for (pain itself left out)."""
    findings = Findings(TriageSummary(), assessment=to_assessment_findings(exam))
    return tuple(c for c in findings.codes() if c is not FindingCode.LATERAL_KNEE_PAIN)
