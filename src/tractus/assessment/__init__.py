"""The clinician's head-to-toe assessment (clinical.md §1.6).

`HeadToToeExam` is what is recorded; `interpret` says what it shows, each line with
its source; `to_assessment_findings` tells the programme generator (`tractus.rehab`)
what to plan for; `exam_to_dict` / `exam_from_dict` store it as JSON.
"""

from __future__ import annotations

from tractus.assessment.exam import (
    HeadToToeExam,
    LegExam,
    LumbarScreen,
    SquatRating,
    TestResult,
)
from tractus.assessment.rules import (
    FootPosture,
    HipMovement,
    StrengthResult,
    foot_posture,
    normalise_strength,
    to_assessment_findings,
)
from tractus.assessment.serialise import exam_from_dict, exam_to_dict
from tractus.assessment.summary import ExamFinding, ExamSummary, interpret

__all__ = [
    "ExamFinding",
    "ExamSummary",
    "FootPosture",
    "HeadToToeExam",
    "HipMovement",
    "LegExam",
    "LumbarScreen",
    "SquatRating",
    "StrengthResult",
    "TestResult",
    "exam_from_dict",
    "exam_to_dict",
    "foot_posture",
    "interpret",
    "normalise_strength",
    "to_assessment_findings",
]
