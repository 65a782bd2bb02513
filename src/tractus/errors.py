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

import enum

__all__ = [
    "ActivityFileError",
    "ActivityProblem",
    "AssessmentInputError",
    "FhirInputError",
    "MotionError",
    "MotionProblem",
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


class ActivityProblem(enum.StrEnum):
    """Why an activity file gave no activity, as a code (see `ActivityFileError`)."""

    TOO_LARGE = "too_large"  # over a size or entry-count limit
    UNSAFE = "unsafe"  # built to harm a reader: bomb, escaping path, XML entities
    NOT_ACTIVITY_FILE = "not_activity_file"  # not FIT, GPX, TCX or a zip of them
    TRUNCATED = "truncated"  # cut short: the end of the file is missing
    CORRUPT = "corrupt"  # damaged inside
    IMPOSSIBLE_VALUES = "impossible_values"  # values no watch or person produces
    NO_DATE = "no_date"  # times relative to the device, with nothing to anchor them
    ENCRYPTED = "encrypted"  # a zip entry behind a password
    NESTED_ARCHIVE = "nested_archive"  # a zip inside the zip
    BAD_EXPORT_LIST = "bad_export_list"  # a Strava activities.csv we cannot use
    MISSING_FROM_EXPORT = "missing_from_export"  # listed in activities.csv, absent
    UNREADABLE = "unreadable"  # the file could not be opened from disk
    INTERNAL = "internal"  # a reader failed in a way it did not foresee (a bug)


class ActivityFileError(TractusError):
    """An activity file cannot be read; the message names the file and the problem."""

    def __init__(self, file: str, problem: str, *, kind: ActivityProblem) -> None:
        self.file = file
        self.problem = problem
        self.kind = kind
        super().__init__(f"{file}: {problem}")


class MotionProblem(enum.StrEnum):
    """Why a video gave no analysis, as a code (see `MotionError`)."""

    NOT_FOUND = "not_found"  # the file is not there
    STILL_IMAGE = "still_image"  # a photo, not a video
    UNREADABLE_VIDEO = "unreadable_video"  # corrupt or in a format we cannot decode
    NO_FRAME_RATE = "no_frame_rate"  # the file does not say how fast it plays
    TOO_SHORT = "too_short"  # too few frames (or cut short) to analyse
    NO_PERSON = "no_person"  # nobody found
    PERSON_TOO_BRIEF = "person_too_brief"  # somebody, but in too few frames
    NO_PERSON_AT_POINT = "no_person_at_point"  # nobody where the user tapped
    BAD_INPUT = "bad_input"  # a landmark table, path or set record we cannot use
    SETUP = "setup"  # the installation lacks a model file or an extra
    INTERNAL = "internal"  # a picture could not be drawn, or another fault of ours


class MotionError(TractusError):
    """A video cannot be analysed; the message names the file and the problem."""

    def __init__(self, file: str, problem: str, *, kind: MotionProblem) -> None:
        self.file = file
        self.problem = problem
        self.kind = kind
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
