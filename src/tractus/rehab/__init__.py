"""Rehab: the exercise library, the findings a programme answers, the programme.

The library (`EXERCISES`, `get_exercise`) holds each exercise as data with its dose,
cues, faults, easier and harder versions, evidence and form check (clinical.md §5, §6).
`Findings` is what the programme generator is told about a runner (symptom check,
load flags, running analysis, the clinician's assessment, preferences);
`generate_programme` turns them into a phased `Programme` (a referral alone for a red
flag), and `progress` moves a runner along it by the week's pain response.
"""

from __future__ import annotations

from tractus.rehab.exercise import (
    Activation,
    Category,
    Dose,
    Equipment,
    EvidenceLevel,
    Exercise,
    ExerciseFault,
    Tempo,
)
from tractus.rehab.findings import (
    AssessmentFindings,
    FindingCode,
    Findings,
    LoadFindings,
    MotionFindings,
    Preferences,
    Side,
    TriageSummary,
)
from tractus.rehab.findings_json import (
    findings_from_dict,
    findings_to_dict,
    triage_from_dict,
)
from tractus.rehab.generator import PROGRAMME_VERSION, generate_programme
from tractus.rehab.library import EXERCISES, LIBRARY_VERSION, get_exercise
from tractus.rehab.library_mobility import FOAM_ROLLING_NOTE
from tractus.rehab.programme import (
    DayPlan,
    Guidance,
    LevelPlan,
    Prescription,
    Programme,
    Referral,
)
from tractus.rehab.progression import (
    Action,
    Decision,
    PlanState,
    WeekResponse,
    decide,
    progress,
    weekly_run_km,
)
from tractus.rehab.protocols import LEVELS, RUN_STAGES, Level, Phase, RunStage
from tractus.rehab.report import render_programme

__all__ = [
    "Action",
    "Activation",
    "AssessmentFindings",
    "Category",
    "DayPlan",
    "Decision",
    "Dose",
    "EXERCISES",
    "Equipment",
    "EvidenceLevel",
    "Exercise",
    "ExerciseFault",
    "FOAM_ROLLING_NOTE",
    "FindingCode",
    "Findings",
    "Guidance",
    "LEVELS",
    "LIBRARY_VERSION",
    "Level",
    "LevelPlan",
    "LoadFindings",
    "MotionFindings",
    "PROGRAMME_VERSION",
    "Phase",
    "PlanState",
    "Preferences",
    "Prescription",
    "Programme",
    "RUN_STAGES",
    "Referral",
    "RunStage",
    "Side",
    "Tempo",
    "TriageSummary",
    "WeekResponse",
    "decide",
    "findings_from_dict",
    "findings_to_dict",
    "generate_programme",
    "get_exercise",
    "progress",
    "render_programme",
    "triage_from_dict",
    "weekly_run_km",
]
