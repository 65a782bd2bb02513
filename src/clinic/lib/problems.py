"""What went wrong with a file or a video, in words a runner understands.

The core says what went wrong as a kind (`tractus.errors.ActivityProblem`,
`MotionProblem`) and a technical message ("truncated FIT file (expected 2
bytes, got 0 @ 403456)"). Pages show the plain sentence for the kind, with the
message behind a native <details> toggle for the clinic or whoever helps the
runner (the `{% problem %}` tag, template lib/_problem.html). The wording lives
here and only here, keyed by kind: no template or view reads the message to
decide what to say.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic.motionlab.models import Analysis
from clinic.training.models import ImportItem
from tractus.errors import ActivityProblem, MotionProblem

# An import's own kind, beside the readers': the import stopped before the file.
IMPORT_STOPPED = "import_stopped"
# Rows from before kinds were kept: the message may be technical.
UNKNOWN = "unknown"

ACTIVITY_TEXT: dict[str, str] = {
    ActivityProblem.TOO_LARGE: (
        "This file is too big to import. If it is an export of your whole "
        "history, split it into smaller parts or upload the activity files one by one."
    ),
    ActivityProblem.UNSAFE: (
        "This file was not opened because it is built in a way that could harm "
        "the server (for example a zip that unpacks to far more than its size). "
        "Export it again from your watch's app."
    ),
    ActivityProblem.NOT_ACTIVITY_FILE: (
        "This is not an activity file we can read. Upload the FIT, GPX or TCX "
        "files your watch or app exports (or a zip of them)."
    ),
    ActivityProblem.TRUNCATED: (
        "This file is cut short: your watch may not have finished writing it. "
        "Try exporting it again."
    ),
    ActivityProblem.CORRUPT: (
        "This file is damaged and cannot be read. Try exporting it again from "
        "your watch or app."
    ),
    ActivityProblem.IMPOSSIBLE_VALUES: (
        "This file holds values no run can have (for example a jump of thousands "
        "of kilometres, or an activity lasting weeks), so it was not imported. "
        "The watch's clock or GPS may have gone wrong during this activity."
    ),
    ActivityProblem.NO_DATE: (
        "This file does not say on which day the activity took place, so it "
        "cannot be placed in your training. Export it again after your watch "
        "has synced its clock."
    ),
    ActivityProblem.ENCRYPTED: (
        "This file is protected by a password. Export it again without a password."
    ),
    ActivityProblem.NESTED_ARCHIVE: (
        "This is a zip inside your zip. Unpack it and upload it on its own."
    ),
    ActivityProblem.BAD_EXPORT_LIST: (
        "The list of activities in this export (activities.csv) could not be "
        "used. The activity files themselves are still read where possible."
    ),
    ActivityProblem.MISSING_FROM_EXPORT: (
        "Your export lists this activity, but its file is not in the zip. "
        "Request a new export from Strava and upload that."
    ),
    ActivityProblem.UNREADABLE: (
        "This file could not be opened on our side. Please upload it again."
    ),
    ActivityProblem.INTERNAL: (
        "Something went wrong on our side while reading this file. The other "
        "files are not affected; the team has the details."
    ),
    IMPORT_STOPPED: (
        "This file was not read because the import stopped before it. Upload it again."
    ),
    UNKNOWN: "This file could not be read.",
}

MOTION_TEXT: dict[str, str] = {
    MotionProblem.NOT_FOUND: (
        "The video was not there when we came to analyse it. Please upload it again."
    ),
    MotionProblem.STILL_IMAGE: (
        "This is a photo, not a video. Record a short video and upload that."
    ),
    MotionProblem.UNREADABLE_VIDEO: (
        "This video cannot be played here: it may be damaged or in an unusual "
        "format. Record it again with your phone's own camera app."
    ),
    MotionProblem.NO_FRAME_RATE: (
        "This video does not say how fast it plays, so movement cannot be timed. "
        "Record it again with your phone's own camera app."
    ),
    MotionProblem.TOO_SHORT: (
        "This video is too short to analyse. Record at least 10 seconds of "
        "running (or a whole set of the exercise)."
    ),
    MotionProblem.NO_PERSON: (
        "We could not find a person in this video. Film from the side, with your "
        "whole body in the picture and good light."
    ),
    MotionProblem.PERSON_TOO_BRIEF: (
        "You are in the picture for too little of the video. Keep your whole "
        "body in view for the whole clip."
    ),
    MotionProblem.NO_PERSON_AT_POINT: (
        "There was nobody at the spot you tapped. Upload the video again and tap "
        "on yourself."
    ),
    MotionProblem.BAD_INPUT: (
        "This could not be analysed. Please try again; the team has the details."
    ),
    MotionProblem.SETUP: (
        "Video analysis is not available on this server at the moment. The clinic "
        "has been told; please try again later."
    ),
    MotionProblem.INTERNAL: (
        "Something went wrong on our side while analysing this video. The team "
        "has the details."
    ),
    UNKNOWN: "This video could not be analysed.",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """A plain sentence and, for the clinic, the technical detail behind it."""

    text: str
    detail: str


def file_problem(kind: str, detail: str) -> Problem:
    """What went wrong with an activity file, by kind."""
    return Problem(ACTIVITY_TEXT.get(kind, ACTIVITY_TEXT[UNKNOWN]), detail)


def video_problem(kind: str, detail: str) -> Problem:
    """What went wrong with a video, by kind."""
    return Problem(MOTION_TEXT.get(kind, MOTION_TEXT[UNKNOWN]), detail)


def problem_of(row: ImportItem | Analysis) -> Problem | None:
    """The plain problem of a failed import row or analysis; None if it has none."""
    if isinstance(row, ImportItem):
        if row.status != ImportItem.Status.ERROR:
            return None
        if not row.error_kind:  # our own words: an export's count of its entries
            return Problem(row.message, "")
        return file_problem(row.error_kind, row.message)
    if row.status != Analysis.Status.FAILED:
        return None
    if not row.error_kind:  # our own words: a stopped worker, an internal error
        return Problem(row.error, "")
    return video_problem(row.error_kind, row.error)
