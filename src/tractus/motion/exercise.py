"""Exercise form analysis: repetitions, range, tempo and compensations per repetition.

`analyse_exercise` takes a cleaned `LandmarkSeries` and an `Exercise` and returns an
`ExerciseReport`. Each exercise is described by an `_Spec`: the camera view it needs, the
posture it is done in, the working leg, its main angle, the smallest range that counts as
a rep and its compensation checks (clinical.md §6.2; thresholds in `exercise_checks`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from tractus.motion import compensations as cp
from tractus.motion import exercise_checks as ec
from tractus.motion.camera import View
from tractus.motion.exercise_checks import VIDEO_ANGLE_MDC_DEG as MDC
from tractus.motion.exercise_checks import Fault, SideContext
from tractus.motion.filtering import compute_leg_length_px
from tractus.motion.geometry import compute_joint_angle, side_points
from tractus.motion.reps import Rep, detect_reps
from tractus.motion.schema import BoolArray, FloatArray, Landmark, LandmarkSeries

__all__ = [
    "EXERCISE_VIEWS",
    "Exercise",
    "ExerciseReport",
    "RepResult",
    "analyse_exercise",
    "identify_stance_side",
]


class Exercise(StrEnum):
    """The home exercises the form check knows (clinical.md §6.2)."""

    CLAMSHELL = "clamshell"
    HIP_BRIDGE = "hip_bridge"
    SINGLE_LEG_BRIDGE = "single_leg_bridge"
    SIDE_LYING_HIP_ABDUCTION = "side_lying_hip_abduction"
    SIDE_PLANK = "side_plank"
    SINGLE_LEG_SQUAT = "single_leg_squat"


@dataclass(frozen=True, slots=True)
class RepResult:
    """One repetition: video frames, range (deg), tempo (s) and compensations."""

    start_frame: int
    peak_frame: int
    end_frame: int
    range_deg: float
    up_s: float
    hold_s: float
    down_s: float
    faults: tuple[Fault, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "start_frame": self.start_frame,
            "peak_frame": self.peak_frame,
            "end_frame": self.end_frame,
            "range_deg": round(self.range_deg, 1),
            "up_s": round(self.up_s, 2),
            "hold_s": round(self.hold_s, 2),
            "down_s": round(self.down_s, 2),
            "faults": [
                {
                    "code": f.code,
                    "message": f.message,
                    "value_deg": round(f.value_deg, 1),
                    "threshold_deg": f.threshold_deg,
                    "source": f.source,
                }
                for f in self.faults
            ],
        }


@dataclass(frozen=True, slots=True)
class ExerciseReport:
    """What the form check found in one clip."""

    exercise: Exercise
    view: View
    reps: tuple[RepResult, ...]
    working_side: str | None
    angle_name: str
    angle_uncertainty_deg: float
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "exercise": str(self.exercise),
            "view": str(self.view),
            "rep_count": len(self.reps),
            "reps": [r.to_dict() for r in self.reps],
            "working_side": self.working_side,
            "angle": self.angle_name,
            "angle_uncertainty_deg": self.angle_uncertainty_deg,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


_Check = Callable[[LandmarkSeries, SideContext, Rep], list[Fault]]


@dataclass(frozen=True, slots=True)
class _Spec:
    views: tuple[View, ...]
    angle_name: str
    min_range_deg: float
    side: Callable[[LandmarkSeries], SideContext | None]
    posture: Callable[[LandmarkSeries, SideContext], BoolArray]
    angle: Callable[[LandmarkSeries, SideContext], FloatArray]
    checks: tuple[_Check, ...]
    notes: tuple[str, ...] = ()
    detect: Callable[[LandmarkSeries, SideContext], FloatArray] | None = None
    """Signal reps are found on, when steadier than the reported angle."""
    detect_min: float = 0.0


STANCE_RADIUS_LEG = 0.1
"""An ankle within 10% of leg length of the planted spot is on it."""
STANCE_MIN_SHARE = 0.4
"""Share of frames in which one foot must be planted alone to call it the stance leg."""


def identify_stance_side(series: LandmarkSeries) -> str | None:
    """The standing leg of a single-leg movement: the foot that stays planted.

    The planted spot is where ankle positions (either label) crowd most over the clip;
    in each frame where one ankle is on it and the other clearly away, that ankle's
    label votes. Perspective makes a foot swung behind look "lower" from an elevated
    camera, so stillness is used rather than height. Returns None when no foot is
    planted alone in at least 40% of the frames (both feet down, or walking).
    """
    left = series.point(Landmark.LEFT_ANKLE)
    right = series.point(Landmark.RIGHT_ANKLE)
    radius = STANCE_RADIUS_LEG * compute_leg_length_px(series)
    both = np.concatenate([left, right])
    both = both[np.isfinite(both).all(axis=1)]
    if not both.size or not radius > 0:
        return None
    # A tight ball finds the planted foot: a free foot at rest fills it only part-time.
    crowd = (np.linalg.norm(both[:, None] - both[None], axis=2) < radius / 2).sum(
        axis=1
    )
    spot = both[int(np.argmax(crowd))]
    near_l = np.linalg.norm(left - spot, axis=1) < radius
    near_r = np.linalg.norm(right - spot, axis=1) < radius
    apart = np.linalg.norm(left - right, axis=1) > 2 * radius
    votes_l, votes_r = np.sum(near_l & apart), np.sum(near_r & apart)
    # The model sometimes swaps the labels of the legs: ask for a clear majority of a
    # planted foot in at least 40% of the frames rather than every frame.
    win, lose = max(votes_l, votes_r), min(votes_l, votes_r)
    if win < STANCE_MIN_SHARE * series.n_frames or win < 1.5 * lose:
        return None
    return "left" if votes_l > votes_r else "right"


def _stance(series: LandmarkSeries) -> SideContext | None:
    side = identify_stance_side(series)
    return SideContext(side) if side else None


def _bridge_side(series: LandmarkSeries) -> SideContext:
    """Working leg of a bridge: the more bent knee (its foot is on the floor)."""
    flex = {
        side: np.nanmedian(
            180.0
            - compute_joint_angle(
                *(side_points(series, side)[k] for k in ("hip", "knee", "ankle"))
            )
        )
        for side in ("left", "right")
    }
    return SideContext(max(flex, key=lambda k: flex[k]))


def _lying_side(s: LandmarkSeries, c: SideContext) -> BoolArray:
    return ec.is_lying(s) & ec.hips_stacked(s)


def _squat_posture(s: LandmarkSeries, c: SideContext) -> BoolArray:
    return ec.is_standing(s) & ec.one_foot_up(s, c)


_SPECS: dict[Exercise, _Spec] = {
    Exercise.CLAMSHELL: _Spec(
        (View.FRONT, View.REAR),
        "clam_opening_deg",
        12.0,
        ec.top_side,
        _lying_side,
        ec.clam_opening_deg,
        (cp.clam_roll, cp.clam_feet),
        (
            "Pelvis roll is estimated from landmark depth: lower confidence than angles "
            "in the picture plane.",
        ),
    ),
    Exercise.SIDE_LYING_HIP_ABDUCTION: _Spec(
        (View.FRONT, View.REAR),
        "leg_abduction_deg",
        12.0,
        ec.top_side,
        _lying_side,
        ec.leg_abduction_deg,
        (cp.abd_flexion, cp.abd_roll),
        (
            "Hip flexion and pelvis roll are estimated from landmark depth: lower "
            "confidence than angles in the picture plane.",
        ),
    ),
    Exercise.HIP_BRIDGE: _Spec(
        (View.SIDE,),
        "hip_extension_deg",
        15.0,
        _bridge_side,
        lambda s, c: ec.is_lying(s),
        ec.bridge_hip_angle_deg,
        (cp.bridge_arch, cp.bridge_short),
    ),
    Exercise.SINGLE_LEG_BRIDGE: _Spec(
        (View.SIDE,),
        "hip_extension_deg",
        15.0,
        _bridge_side,
        lambda s, c: ec.is_lying(s),
        ec.bridge_hip_angle_deg,
        (cp.bridge_arch, cp.bridge_short),
        (
            "Pelvis dropping on the lifted-leg side cannot be seen from the side; film "
            "from the feet to check it.",
        ),
    ),
    Exercise.SIDE_PLANK: _Spec(
        (View.FRONT, View.REAR),
        "plank_lift_deg",
        6.0,
        ec.top_side,
        lambda s, c: ec.is_lying(s),
        lambda s, c: ec.plank_lift_deg(s),
        (cp.plank_sag,),
    ),
    Exercise.SINGLE_LEG_SQUAT: _Spec(
        (View.FRONT, View.REAR),
        "knee_flexion_deg",
        20.0,
        _stance,
        _squat_posture,
        lambda s, c: ec.squat_knee_flexion_deg(s, c, frontal=True),
        (cp.squat_drop, cp.squat_lean),
        (
            "Knee valgus from 2-D video is shown as a qualitative note only (clinical.md "
            "§7.5: 2-D projection angles agree with 3-D at r 0.64-0.78).",
            "From the front, knee flexion is estimated from how far the hip comes down "
            "(thigh and shank assumed to tilt equally); it is the peak from standing.",
        ),
        # 3% of leg length is about 28° of knee flexion: a real squat, not a sway.
        ec.hip_descent_pct,
        3.0,
    ),
}

EXERCISE_VIEWS: dict[Exercise, tuple[View, ...]] = {
    e: s.views for e, s in _SPECS.items()
}
"""The camera views each exercise needs (used by the camera check)."""


def _rep_result(
    series: LandmarkSeries, spec: _Spec, ctx: SideContext, rep: Rep
) -> RepResult:
    faults: list[Fault] = []
    for check in spec.checks:
        faults.extend(check(series, ctx, rep))
    frames = series.frame_index
    range_deg = rep.range_deg
    if spec.detect is not None:
        # Reported from standing (straight knee): the estimate near 0° is mostly noise.
        range_deg = float(spec.angle(series, ctx)[rep.peak])
    return RepResult(
        int(frames[rep.start]),
        int(frames[rep.peak]),
        int(frames[rep.end]),
        range_deg,
        rep.up_s,
        rep.hold_s,
        rep.down_s,
        tuple(faults),
    )


def analyse_exercise(
    series: LandmarkSeries, exercise: Exercise, *, view: View
) -> ExerciseReport:
    """Count repetitions and check form for one exercise.

    Parameters
    ----------
    series : the subject's cleaned landmarks (`clean_series(..., Movement.EXERCISE)`).
    exercise : which exercise; `view` : the camera view (from the camera check).

    Returns
    -------
    ExerciseReport with one `RepResult` per counted repetition.

    References
    ----------
    clinical.md §6.2 (technique and compensations), §7.5 (2-D validity, SEM 2-4°).
    """
    spec = _SPECS[exercise]
    warnings: list[str] = []
    ctx = spec.side(series)
    if ctx is None:
        warnings.append("No single-leg stance was found: both feet stay on the floor.")
        return ExerciseReport(
            exercise, view, (), None, spec.angle_name, MDC, tuple(warnings), spec.notes
        )
    angle = spec.angle(series, ctx) if spec.detect is None else spec.detect(series, ctx)
    min_range = spec.min_range_deg if spec.detect is None else spec.detect_min
    if exercise is Exercise.SINGLE_LEG_SQUAT and view is View.SIDE:
        # From the side the knee angle is in the picture plane, but pelvic drop and
        # trunk side lean are not: measure depth only.
        angle = ec.squat_knee_flexion_deg(series, ctx, frontal=False)
        min_range = spec.min_range_deg
        spec = _Spec(
            spec.views,
            spec.angle_name,
            spec.min_range_deg,
            spec.side,
            spec.posture,
            spec.angle,
            (),
            spec.notes[:1]
            + ("Pelvic drop and trunk side lean need a front or rear view.",),
        )
    posture = spec.posture(series, ctx)
    reps = detect_reps(angle, posture, fps=series.fps, min_range_deg=min_range)
    if not reps:
        warnings.append(f"No {exercise.replace('_', ' ')} repetitions were found.")
    results = tuple(_rep_result(series, spec, ctx, r) for r in reps)
    return ExerciseReport(
        exercise,
        view,
        results,
        ctx.side,
        spec.angle_name,
        MDC,
        tuple(warnings),
        spec.notes,
    )
