"""Video to report: the entry points the command line and the web app call.

`extract_landmarks` runs the pose model, follows every person and returns the subject's
`LandmarkSeries`; `analyse_gait_video` and `analyse_exercise_video` add the camera check,
filtering and the analyser, and return a report with `to_dict()`. A `progress` callback
gets the share of frames done (0-1) so a background task can show it. Key frames (the
frames worth showing, with the angle measured on them) are listed in the report and drawn
by `tractus.motion.render`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tractus.errors import MotionError
from tractus.motion.camera import CameraCheck, View, check_camera, subject_box
from tractus.motion.exercise import (
    EXERCISE_VIEWS,
    Exercise,
    ExerciseReport,
    analyse_exercise,
)
from tractus.motion.filtering import Movement, clean_series
from tractus.motion.gait import GaitReport, analyse_gait
from tractus.motion.pose import PoseModel, estimate_poses
from tractus.motion.schema import Landmark, LandmarkSeries
from tractus.motion.tracking import (
    SubjectHint,
    select_subject,
    track_people,
    track_to_series,
)

__all__ = [
    "ExerciseVideoReport",
    "GaitVideoReport",
    "KeyFrame",
    "analyse_exercise_video",
    "analyse_gait_video",
    "extract_landmarks",
]

MIN_SUBJECT_FRAMES = 10
"""The subject must be seen in at least this many frames to be analysed."""
MAX_KEY_FRAMES = 4
_GAIT_NEEDS = tuple(
    Landmark(f"{s}_{j}") for s in ("left", "right") for j in ("hip", "knee", "ankle")
)
_EXERCISE_NEEDS = _GAIT_NEEDS + (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)


@dataclass(frozen=True, slots=True)
class KeyFrame:
    """A frame worth showing: the joint angle `vertex` between `a` and `c` and its label."""

    frame: int
    a: Landmark
    vertex: Landmark
    c: Landmark
    angle_deg: float
    label: str


@dataclass(frozen=True, slots=True)
class _Common:
    source: str
    model: PoseModel
    camera: CameraCheck
    subject_box_px: tuple[float, float, float, float]
    series: LandmarkSeries = field(repr=False)
    key_frames: tuple[KeyFrame, ...] = ()

    def _base(self) -> dict[str, object]:
        return {
            "source": self.source,
            "model": str(self.model),
            "fps": self.series.fps,
            "frame_size_px": list(self.series.frame_size_px),
            "subject_box": [round(v, 1) for v in self.subject_box_px],
            "subject_frames": [
                int(self.series.frame_index[0]),
                int(self.series.frame_index[-1]),
            ],
            "camera_view": str(self.camera.view),
            "camera_issues": [
                {"code": i.code, "message": i.message} for i in self.camera.issues
            ],
            "key_frames": [
                {"frame": k.frame, "label": k.label, "angle_deg": round(k.angle_deg, 1)}
                for k in self.key_frames
            ],
        }


@dataclass(frozen=True, slots=True)
class GaitVideoReport(_Common):
    """Gait analysis of a video, with the conditions it holds under."""

    gait: GaitReport | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: cadence_spm, foot_contacts, knee flexion, box, warnings."""
        assert self.gait is not None
        gait = self.gait.to_dict()
        metrics = self.gait.metrics
        knee = metrics.get("knee_flexion_at_contact_deg")
        out = self._base() | gait
        out["cadence_spm"] = gait["metrics"]["cadence_spm"]["value"]  # type: ignore[index]
        out["knee_flexion_at_contact_deg"] = knee.to_dict()["value"] if knee else None
        out["warnings"] = [i.message for i in self.camera.issues] + list(
            self.gait.warnings
        )
        return out


@dataclass(frozen=True, slots=True)
class ExerciseVideoReport(_Common):
    """Exercise form analysis of a video."""

    exercise: ExerciseReport | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: reps (frames, range, tempo, faults), warnings, notes."""
        assert self.exercise is not None
        out = self._base() | self.exercise.to_dict()
        out["warnings"] = [i.message for i in self.camera.issues] + list(
            self.exercise.warnings
        )
        return out


def extract_landmarks(
    path: Path,
    *,
    model: PoseModel = PoseModel.FULL,
    hint: SubjectHint | None = None,
    prefer_travel: bool = False,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[LandmarkSeries, float]:
    """Run pose estimation and return the subject's raw series and mean brightness.

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
    subject = select_subject(
        track_people(estimate.detections),
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
    return series, estimate.mean_brightness


def _frames_to_share(
    path: Path, progress: Callable[[float], None]
) -> Callable[[int], None]:
    import cv2

    capture = cv2.VideoCapture(str(path))
    total = max(1.0, float(capture.get(cv2.CAP_PROP_FRAME_COUNT)))
    capture.release()
    return lambda done: progress(min(0.99, done / total))


def _gait_key_frames(
    series: LandmarkSeries, report: GaitReport
) -> tuple[KeyFrame, ...]:
    from tractus.motion.geometry import compute_joint_angle

    frames = []
    for contact in report.contacts[:MAX_KEY_FRAMES]:
        a, v, c = (Landmark(f"{contact.side}_{j}") for j in ("hip", "knee", "ankle"))
        pts = [series.point(x)[contact.row] for x in (a, v, c)]
        flexion = 180.0 - float(compute_joint_angle(*pts))
        frames.append(
            KeyFrame(contact.frame, a, v, c, flexion, f"{contact.side} foot contact")
        )
    return tuple(frames)


def analyse_gait_video(
    path: Path,
    *,
    view: View | None = None,
    model: PoseModel = PoseModel.FULL,
    hint: SubjectHint | None = None,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> GaitVideoReport:
    """Gait metrics of the subject of a video (side or rear view; auto if None).

    References
    ----------
    clinical.md §4.4-4.6; pose.md §4.
    """
    series, brightness = extract_landmarks(
        path,
        model=model,
        hint=hint,
        prefer_travel=True,
        models_dir=models_dir,
        progress=progress,
    )
    views = (view,) if view is not None else (View.SIDE, View.REAR)
    camera = check_camera(
        series, views=views, needed=_GAIT_NEEDS, mean_brightness=brightness
    )
    frontal_or_side = (View.SIDE, View.REAR, View.FRONT)
    used = view or (camera.view if camera.view in frontal_or_side else View.SIDE)
    cleaned = clean_series(series, movement=Movement.GAIT)
    report = analyse_gait(cleaned, view=used)
    return GaitVideoReport(
        str(path),
        model,
        camera,
        subject_box(series),
        cleaned,
        _gait_key_frames(cleaned, report),
        gait=report,
    )


def analyse_exercise_video(
    path: Path,
    exercise: Exercise,
    *,
    model: PoseModel = PoseModel.FULL,
    hint: SubjectHint | None = None,
    models_dir: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> ExerciseVideoReport:
    """Repetitions, range, tempo and compensations of one exercise in a video.

    References
    ----------
    clinical.md §6.2, §7.5.
    """
    series, brightness = extract_landmarks(
        path, model=model, hint=hint, models_dir=models_dir, progress=progress
    )
    camera = check_camera(
        series,
        views=EXERCISE_VIEWS[exercise],
        needed=_EXERCISE_NEEDS,
        mean_brightness=brightness,
    )
    cleaned = clean_series(series, movement=Movement.EXERCISE)
    report = analyse_exercise(cleaned, exercise, view=camera.view)
    return ExerciseVideoReport(
        str(path),
        model,
        camera,
        subject_box(series),
        cleaned,
        _exercise_key_frames(report),
        exercise=report,
    )


def _exercise_key_frames(report: ExerciseReport) -> tuple[KeyFrame, ...]:
    side = report.working_side or "left"
    a, v, c = (Landmark(f"{side}_{j}") for j in ("hip", "knee", "ankle"))
    if report.exercise in (Exercise.HIP_BRIDGE, Exercise.SINGLE_LEG_BRIDGE):
        a, v, c = (Landmark(f"{side}_{j}") for j in ("shoulder", "hip", "knee"))
    return tuple(
        KeyFrame(r.peak_frame, a, v, c, r.range_deg, f"rep {i + 1} top")
        for i, r in enumerate(report.reps[:MAX_KEY_FRAMES])
    )
