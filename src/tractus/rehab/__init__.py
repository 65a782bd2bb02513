"""Rehab: the exercise library, the findings a programme answers, the programme.

The library (`EXERCISES`, `get_exercise`) holds each exercise as data with its dose,
cues, faults, easier and harder versions, evidence and form check (clinical.md §5, §6).
`Findings` is what the programme generator is told about a runner (symptom check,
load flags, running analysis, the clinician's assessment, preferences).
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
from tractus.rehab.library import EXERCISES, LIBRARY_VERSION, get_exercise
from tractus.rehab.library_mobility import FOAM_ROLLING_NOTE

__all__ = [
    "Activation",
    "AssessmentFindings",
    "Category",
    "Dose",
    "EXERCISES",
    "Equipment",
    "EvidenceLevel",
    "Exercise",
    "ExerciseFault",
    "FOAM_ROLLING_NOTE",
    "FindingCode",
    "Findings",
    "LIBRARY_VERSION",
    "LoadFindings",
    "MotionFindings",
    "Preferences",
    "Side",
    "Tempo",
    "TriageSummary",
    "findings_from_dict",
    "findings_to_dict",
    "get_exercise",
    "triage_from_dict",
]
