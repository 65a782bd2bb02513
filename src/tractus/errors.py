"""The errors the core raises.

Every error the core raises on bad input derives from `TractusError`, so a caller
can catch one type. Each names what was wrong (the question, the file, the field)
in its message, because the message is shown to a user as it stands.

    TractusError
    ├── TriageInputError        an answer is missing, unknown, of the wrong type or out of range
    ├── ActivityFileError       an activity file cannot be read (corrupt, hostile, wrong type)
    ├── MotionError             a video cannot be analysed (unreadable, no person, too short)
    ├── RehabInputError         a programme's input (triage result, findings, log) is invalid
    ├── AssessmentInputError    a head-to-toe assessment value is missing or out of range
    ├── ScheduleError           clinic hours, a time range or booking rules make no sense
    └── FhirInputError          a FHIR resource being imported lacks a field or has a bad value
"""

from __future__ import annotations

__all__ = [
    "ActivityFileError",
    "AssessmentInputError",
    "FhirInputError",
    "MotionError",
    "RehabInputError",
    "ScheduleError",
    "TractusError",
    "TriageInputError",
]


class TractusError(Exception):
    """Base class of every error the core raises on bad input."""


class TriageInputError(TractusError):
    """An answer to the symptom check is missing, unknown, mistyped or out of range."""

    def __init__(self, question_id: str, problem: str) -> None:
        self.question_id = question_id
        self.problem = problem
        super().__init__(f"{question_id}: {problem}")


class ActivityFileError(TractusError):
    """An activity file cannot be read; the message names the file and the problem."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")


class MotionError(TractusError):
    """A video cannot be analysed; the message names the file and the problem."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")


class RehabInputError(TractusError):
    """A programme input is invalid; the message names the field and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class AssessmentInputError(TractusError):
    """A head-to-toe assessment value is invalid; names the field and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class ScheduleError(TractusError):
    """Opening hours, a time range or booking rules make no sense; names the field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class FhirInputError(TractusError):
    """A FHIR resource cannot be read; names the field (a FHIRPath-like location)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")
