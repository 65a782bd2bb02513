"""Landmarks to report: the analysis half of the motion pipeline, with no video in it.

`analyse_gait_landmarks` and `analyse_exercise_landmarks` take the subject's raw
`LandmarkSeries` (from the video adapter `tractus.motion.video`, or from a landmark file)
and add the camera check, filtering and the analyser; they return a report with
`to_dict()`. Key frames (the frames worth showing, with the angle measured on them) are
listed in the report and drawn by `tractus.motion.video.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tractus.motion.bundles import PoseModel
from tractus.motion.camera import CameraCheck, View, check_camera, subject_box
from tractus.motion.exercise import (
    EXERCISE_VIEWS,
    Exercise,
    ExerciseReport,
    analyse_exercise,
)
from tractus.motion.filtering import Movement, clean_series
from tractus.motion.gait import GaitReport, analyse_gait
from tractus.motion.geometry import compute_joint_angle
from tractus.motion.schema import Landmark, LandmarkSeries

__all__ = [
    "ExerciseVideoReport",
    "GaitVideoReport",
    "KeyFrame",
    "analyse_exercise_landmarks",
    "analyse_gait_landmarks",
]

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
    subject_warnings: tuple[str, ...] = ()
    """About who was analysed (several people in the clip), from the video adapter."""

    def _warnings(self, analysis: tuple[str, ...]) -> list[str]:
        camera = [i.message for i in self.camera.issues]
        return list(self.subject_warnings) + camera + list(analysis)

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
        out["warnings"] = self._warnings(self.gait.warnings)
        return out


@dataclass(frozen=True, slots=True)
class ExerciseVideoReport(_Common):
    """Exercise form analysis of a video."""

    exercise: ExerciseReport | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: reps (frames, range, tempo, faults), warnings, notes."""
        assert self.exercise is not None
        out = self._base() | self.exercise.to_dict()
        out["warnings"] = self._warnings(self.exercise.warnings)
        return out


def _gait_key_frames(
    series: LandmarkSeries, report: GaitReport
) -> tuple[KeyFrame, ...]:
    frames = []
    for contact in report.contacts[:MAX_KEY_FRAMES]:
        a, v, c = (Landmark(f"{contact.side}_{j}") for j in ("hip", "knee", "ankle"))
        pts = [series.point(x)[contact.row] for x in (a, v, c)]
        flexion = 180.0 - float(compute_joint_angle(*pts))
        frames.append(
            KeyFrame(contact.frame, a, v, c, flexion, f"{contact.side} foot contact")
        )
    return tuple(frames)


def analyse_gait_landmarks(
    series: LandmarkSeries,
    *,
    source: str,
    model: PoseModel,
    mean_brightness: float,
    view: View | None = None,
    subject_warnings: tuple[str, ...] = (),
) -> GaitVideoReport:
    """Gait metrics of the subject's raw series (side or rear view; auto if None).

    References
    ----------
    clinical.md §4.4-4.6; pose.md §4.
    """
    views = (view,) if view is not None else (View.SIDE, View.REAR)
    camera = check_camera(
        series, views=views, needed=_GAIT_NEEDS, mean_brightness=mean_brightness
    )
    frontal_or_side = (View.SIDE, View.REAR, View.FRONT)
    used = view or (camera.view if camera.view in frontal_or_side else View.SIDE)
    cleaned = clean_series(series, movement=Movement.GAIT)
    report = analyse_gait(cleaned, view=used)
    return GaitVideoReport(
        source,
        model,
        camera,
        subject_box(series),
        cleaned,
        _gait_key_frames(cleaned, report),
        subject_warnings,
        gait=report,
    )


def analyse_exercise_landmarks(
    series: LandmarkSeries,
    exercise: Exercise,
    *,
    source: str,
    model: PoseModel,
    mean_brightness: float,
    subject_warnings: tuple[str, ...] = (),
) -> ExerciseVideoReport:
    """Repetitions, range, tempo and compensations of one exercise in a raw series.

    References
    ----------
    clinical.md §6.2, §7.5.
    """
    camera = check_camera(
        series,
        views=EXERCISE_VIEWS[exercise],
        needed=_EXERCISE_NEEDS,
        mean_brightness=mean_brightness,
    )
    cleaned = clean_series(series, movement=Movement.EXERCISE)
    report = analyse_exercise(cleaned, exercise, view=camera.view)
    return ExerciseVideoReport(
        source,
        model,
        camera,
        subject_box(series),
        cleaned,
        _exercise_key_frames(report),
        subject_warnings,
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
