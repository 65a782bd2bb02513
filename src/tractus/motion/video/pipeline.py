"""Video to report: the entry points the command line and the web worker call.

`extract_landmarks` runs the pose model, follows every person and returns the subject's
raw `LandmarkSeries`; `analyse_gait_video` and `analyse_exercise_video` hand it to the
pure analysis in `tractus.motion.reports`. A `progress` callback gets the share of frames
done (0-1) so a background task can show it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2

from tractus.errors import MotionError, MotionProblem
from tractus.motion.bundles import PoseModel
from tractus.motion.camera import View
from tractus.motion.exercise import Exercise
from tractus.motion.reports import (
    ExerciseVideoReport,
    GaitVideoReport,
    analyse_exercise_landmarks,
    analyse_gait_landmarks,
)
from tractus.motion.schema import LandmarkSeries
from tractus.motion.tracking import (
    SubjectHint,
    TapPoint,
    Track,
    extend_back,
    select_subject,
    several_people_warning,
    track_people,
    track_to_series,
)
from tractus.motion.video.pose import (
    PoseEstimate,
    estimate_poses,
    estimate_poses_backwards,
)

__all__ = [
    "MIN_SUBJECT_FRAMES",
    "Subject",
    "analyse_exercise_video",
    "analyse_gait_video",
    "extract_landmarks",
]

MIN_SUBJECT_FRAMES = 10
"""The subject must be seen in at least this many frames to be analysed."""
BACKWARD_MAX_S = 3.0
"""How far before the subject's first sighting the backward pass looks (about five
walking steps, pose.md §4); earlier than that they are not in the picture."""
BACKWARD_OVERLAP_S = 0.5
"""The backward pass starts this long after the first sighting, so it has found the
subject (the same person in both passes) before it reaches the frames that are new."""


@dataclass(frozen=True, slots=True)
class Subject:
    """The analysed person's raw landmarks, the clip's brightness, and warnings about
    who was chosen (several people in the picture and no point given)."""

    series: LandmarkSeries
    mean_brightness: float
    warnings: tuple[str, ...] = ()


def extract_landmarks(
    path: Path,
    *,
    model: PoseModel = PoseModel.FULL,
    hint: SubjectHint | TapPoint | None = None,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> Subject:
    """Run pose estimation and return the subject (one rule for every command:
    `select_subject`, or the person at the point given), followed from the first frame
    where they are in view (`_from_first_sighting`).

    Raises
    ------
    MotionError
        Unreadable or too short video, or no person (or too briefly) in it.
    """
    estimate = estimate_poses(
        path,
        model=model,
        models_dir=models_dir,
        progress=None if progress is None else _frames_to_share(path, progress),
    )
    if isinstance(hint, TapPoint):
        hint = hint.to_hint(fps=estimate.fps, frame_size_px=estimate.frame_size_px)
    tracks = track_people(estimate.detections)
    subject = select_subject(
        tracks,
        estimate.frame_size_px,
        hint=hint,
        source=str(path),
    )
    subject = _from_first_sighting(path, subject, estimate, model, models_dir)
    if len(subject.frames) < MIN_SUBJECT_FRAMES:
        raise MotionError(
            str(path),
            f"a person is seen in only {len(subject.frames)} frames",
            kind=MotionProblem.PERSON_TOO_BRIEF,
        )
    series = track_to_series(
        subject,
        n_frames=estimate.n_frames,
        fps=estimate.fps,
        frame_size_px=estimate.frame_size_px,
    )
    if progress is not None:
        progress(1.0)
    warning = None if hint is not None else several_people_warning(tracks, subject)
    return Subject(
        series, estimate.mean_brightness, () if warning is None else (warning,)
    )


def _from_first_sighting(
    path: Path,
    subject: Track,
    estimate: PoseEstimate,
    model: PoseModel,
    models_dir: Path | None,
) -> Track:
    """The subject's track carried back to where they come into view: the model run
    backwards from just after its first sighting (`estimate_poses_backwards`)."""
    found_at = int(subject.frames[0])
    if found_at == 0:
        return subject
    first = max(0, found_at - round(BACKWARD_MAX_S * estimate.fps))
    last = min(
        estimate.n_frames - 1, found_at + round(BACKWARD_OVERLAP_S * estimate.fps)
    )
    detections = estimate_poses_backwards(
        path,
        first=first,
        last=last,
        fps=estimate.fps,
        model=model,
        models_dir=models_dir,
    )
    if len(detections) != last - first + 1:
        return subject  # the file could not be read back that far: keep what we have
    earlier = [Track(t.frames + first, t.poses) for t in track_people(detections)]
    return extend_back(subject, earlier)


def _frames_to_share(
    path: Path, progress: Callable[[float], None]
) -> Callable[[int], None]:
    capture = cv2.VideoCapture(str(path))
    total = max(1.0, float(capture.get(cv2.CAP_PROP_FRAME_COUNT)))
    capture.release()
    return lambda done: progress(min(0.99, done / total))


def analyse_gait_video(
    path: Path,
    *,
    view: View | None = None,
    model: PoseModel = PoseModel.FULL,
    hint: SubjectHint | TapPoint | None = None,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> GaitVideoReport:
    """Gait metrics of the subject of a video (side or rear view; auto if None)."""
    subject = extract_landmarks(
        path,
        model=model,
        hint=hint,
        models_dir=models_dir,
        progress=progress,
    )
    return analyse_gait_landmarks(
        subject.series,
        source=str(path),
        model=model,
        mean_brightness=subject.mean_brightness,
        view=view,
        subject_warnings=subject.warnings,
    )


def analyse_exercise_video(
    path: Path,
    exercise: Exercise,
    *,
    model: PoseModel = PoseModel.FULL,
    hint: SubjectHint | TapPoint | None = None,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> ExerciseVideoReport:
    """Repetitions, range, tempo and compensations of one exercise in a video."""
    subject = extract_landmarks(
        path, model=model, hint=hint, models_dir=models_dir, progress=progress
    )
    return analyse_exercise_landmarks(
        subject.series,
        exercise,
        source=str(path),
        model=model,
        mean_brightness=subject.mean_brightness,
        subject_warnings=subject.warnings,
    )
