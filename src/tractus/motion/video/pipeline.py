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

from tractus.errors import MotionError
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
    select_subject,
    several_people_warning,
    track_people,
    track_to_series,
)
from tractus.motion.video.pose import estimate_poses

__all__ = [
    "MIN_SUBJECT_FRAMES",
    "Subject",
    "analyse_exercise_video",
    "analyse_gait_video",
    "extract_landmarks",
]

MIN_SUBJECT_FRAMES = 10
"""The subject must be seen in at least this many frames to be analysed."""


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
    prefer_travel: bool = False,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> Subject:
    """Run pose estimation and return the subject (one rule for every command:
    `select_subject`, or the person at the point given).

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
        prefer_travel=prefer_travel,
        source=str(path),
    )
    if len(subject.frames) < MIN_SUBJECT_FRAMES:
        raise MotionError(
            str(path), f"a person is seen in only {len(subject.frames)} frames"
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
        prefer_travel=True,
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
