"""Per-exercise posture tests, main angle and compensation checks (clinical.md §6.2, §7.5).

Each exercise has: the posture it is done in (lying on the side, on the back, standing on
one leg), so frames outside it are never counted; the main angle whose rise and fall is a
repetition; and the compensations clinical.md §6.2 names, each measured as an angle and
compared with a threshold. clinical.md gives no published cut-off in degrees for these
compensations, so each threshold is the smallest change 2-D video can tell from
measurement error: the minimal detectable change MDC95 = 1.96 x sqrt(2) x SEM with the
2-D video SEM of 2-4° (clinical.md §7.5, Gwynne & Curran), taken at SEM 3° -> 8°.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tractus.motion.filtering import compute_leg_length_px
from tractus.motion.geometry import (
    compute_joint_angle,
    compute_line_tilt,
    compute_signed_deviation,
    compute_tilt_from_vertical,
    midpoint,
    side_points,
)
from tractus.motion.schema import BoolArray, FloatArray, Landmark, LandmarkSeries

__all__ = [
    "POSTURES",
    "SIDE_RULES",
    "SIGNALS",
    "VIDEO_ANGLE_MDC_DEG",
    "Fault",
    "SideContext",
    "identify_stance_side",
]

VIDEO_ANGLE_MDC_DEG = 8.0
"""Smallest 2-D angle change beyond measurement error (module docstring; clinical.md §7.5)."""
FEET_APART_LEG_LENGTHS = 0.15
"""Clamshell feet separating: ankles further apart than this share of leg length at the
top of a rep (clinical.md §6.2 names the fault; the limit is clinical convention)."""
ONE_FOOT_UP_LEG_LENGTHS = 0.08
"""Single-leg stance: the free ankle higher than the stance ankle by this share of leg
length (a lifted foot clears the floor by several cm)."""
LYING_MIN_TRUNK_TILT_DEG = 50.0
STANDING_MAX_TRUNK_TILT_DEG = 40.0
_UP = np.array([0.0, -1.0])


@dataclass(frozen=True, slots=True)
class Fault:
    """A compensation seen in one rep: its measured angle against its threshold."""

    code: str
    message: str
    value_deg: float
    threshold_deg: float
    source: str


@dataclass(frozen=True, slots=True)
class SideContext:
    """Which leg works: the top leg when lying on the side, the stance leg standing."""

    side: str

    @property
    def other(self) -> str:
        """The opposite side."""
        return "right" if self.side == "left" else "left"


def trunk_tilt_deg(series: LandmarkSeries) -> FloatArray:
    """Trunk (mid-hip to mid-shoulder) angle from image vertical, unsigned, degrees."""
    hip = midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    shoulder = midpoint(series, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    return np.abs(compute_tilt_from_vertical(hip, shoulder))


def is_lying(series: LandmarkSeries) -> BoolArray:
    """Per frame: trunk within 40° of horizontal."""
    with np.errstate(invalid="ignore"):
        return trunk_tilt_deg(series) > LYING_MIN_TRUNK_TILT_DEG


def is_standing(series: LandmarkSeries) -> BoolArray:
    """Per frame: trunk within 40° of vertical."""
    with np.errstate(invalid="ignore"):
        return trunk_tilt_deg(series) < STANDING_MAX_TRUNK_TILT_DEG


def top_side(series: LandmarkSeries) -> SideContext:
    """The upper leg of a side-lying person: the hip higher in the picture."""
    left = series.point(Landmark.LEFT_HIP)[:, 1]
    right = series.point(Landmark.RIGHT_HIP)[:, 1]
    return SideContext("left" if np.nanmedian(left - right) < 0 else "right")


def hips_stacked(series: LandmarkSeries) -> BoolArray:
    """Per frame: the hip line within 45° of image vertical (lying on the side)."""
    tilt = compute_line_tilt(
        series.point(Landmark.LEFT_HIP), series.point(Landmark.RIGHT_HIP)
    )
    with np.errstate(invalid="ignore"):
        return np.abs(tilt) > 45.0


def one_foot_up(series: LandmarkSeries, ctx: SideContext) -> BoolArray:
    """Per frame: the free ankle clearly above the stance ankle."""
    stance = side_points(series, ctx.side)["ankle"][:, 1]
    free = side_points(series, ctx.other)["ankle"][:, 1]
    with np.errstate(invalid="ignore"):
        return stance - free > ONE_FOOT_UP_LEG_LENGTHS * compute_leg_length_px(series)


def _pair_angle(
    a0: FloatArray, a1: FloatArray, b0: FloatArray, b1: FloatArray
) -> FloatArray:
    """Angle between segments a0->a1 and b0->b1, degrees."""
    return compute_joint_angle(a1 - a0, np.zeros_like(a0), b1 - b0)


def clam_opening_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Angle between the two thighs as seen from the front (clamshell main angle)."""
    top, bottom = side_points(series, ctx.side), side_points(series, ctx.other)
    return _pair_angle(top["hip"], top["knee"], bottom["hip"], bottom["knee"])


def leg_abduction_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Angle between the two legs (hip to ankle) seen from the front (side-lying raise)."""
    top, bottom = side_points(series, ctx.side), side_points(series, ctx.other)
    return _pair_angle(top["hip"], top["ankle"], bottom["hip"], bottom["ankle"])


def _depth_angle(series: LandmarkSeries, near: Landmark, far: Landmark) -> FloatArray:
    """Angle of segment near->far out of the image plane; positive when `far` is closer."""
    planar: FloatArray = np.linalg.norm(series.point(far) - series.point(near), axis=1)
    dz = series.xyz_px[:, near.index, 2] - series.xyz_px[:, far.index, 2]
    return np.degrees(np.arctan2(dz, planar))


def pelvis_roll_back_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Backward roll of the top hip seen from the front (from landmark depth), degrees."""
    top, bottom = Landmark(f"{ctx.side}_hip"), Landmark(f"{ctx.other}_hip")
    # Rolling back moves the top hip away from a camera facing the person's front.
    return -_depth_angle(series, bottom, top)


def hip_flexion_lying_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """How far the top leg points towards the camera (forward) beyond the bottom leg."""
    top = _depth_angle(
        series, Landmark(f"{ctx.side}_hip"), Landmark(f"{ctx.side}_ankle")
    )
    low = _depth_angle(
        series, Landmark(f"{ctx.other}_hip"), Landmark(f"{ctx.other}_ankle")
    )
    return top - low


def feet_apart_leg_lengths(series: LandmarkSeries) -> FloatArray:
    """Distance between the ankles in leg lengths."""
    gap = series.point(Landmark.LEFT_ANKLE) - series.point(Landmark.RIGHT_ANKLE)
    apart: FloatArray = np.linalg.norm(gap, axis=1)
    return apart / compute_leg_length_px(series)


def bridge_hip_angle_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Shoulder-hip-knee angle of the working leg: 180° on the line, more when arched.

    Signed through 180° so a rep that overshoots the line does not fold back.
    """
    return 180.0 + bridge_line_deviation_deg(series, ctx)


def bridge_line_deviation_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Hip above (+) or below (-) the shoulder-knee line, as an angle at the hip."""
    p = side_points(series, ctx.side)
    return compute_signed_deviation(p["shoulder"], p["hip"], p["knee"], up=_UP)


def plank_lift_deg(series: LandmarkSeries) -> FloatArray:
    """Angle of the ankles-to-hips line above the floor (side plank main angle)."""
    ankle = midpoint(series, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)
    hip = midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    d = hip - ankle
    return np.degrees(np.arctan2(-d[:, 1], np.abs(d[:, 0])))


def plank_line_deviation_deg(series: LandmarkSeries) -> FloatArray:
    """Hips above (+, piking) or below (-, sagging) the shoulder-ankle line, degrees."""
    return compute_signed_deviation(
        midpoint(series, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
        midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
        midpoint(series, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE),
        up=_UP,
    )


def squat_knee_flexion_deg(
    series: LandmarkSeries, ctx: SideContext, *, frontal: bool
) -> FloatArray:
    """Stance-knee flexion: the 2-D angle from the side; from the front, estimated from
    how far the hip has come down towards the ankle (thigh and shank tilting equally)."""
    p = side_points(series, ctx.side)
    if not frontal:
        return 180.0 - compute_joint_angle(p["hip"], p["knee"], p["ankle"])
    legs = np.linalg.norm(p["hip"] - p["knee"], axis=1) + np.linalg.norm(
        p["knee"] - p["ankle"], axis=1
    )
    length = np.nanpercentile(legs, 95)
    drop: FloatArray = np.clip((p["ankle"][:, 1] - p["hip"][:, 1]) / length, -1.0, 1.0)
    return 2.0 * np.degrees(np.arccos(drop))


def hip_descent_pct(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """How far the hip has come down towards the stance ankle, in % of leg length.

    Linear in the hip's height, so it is a steadier rep signal than the knee angle
    estimated from it (an arc-cosine near 1 multiplies pixel noise).
    """
    p = side_points(series, ctx.side)
    height = p["ankle"][:, 1] - p["hip"][:, 1]
    return 100.0 * (1.0 - height / np.nanpercentile(height, 95))


def pelvic_drop_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Contralateral pelvic drop seen from front or rear: + when the free hip is lower."""
    stance = side_points(series, ctx.side)["hip"]
    free = side_points(series, ctx.other)["hip"]
    d = free - stance
    return np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0])))


def trunk_side_lean_deg(series: LandmarkSeries, ctx: SideContext) -> FloatArray:
    """Trunk lean in the frontal plane: + towards the stance side, degrees."""
    hip = midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    shoulder = midpoint(series, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    tilt = compute_tilt_from_vertical(hip, shoulder)
    stance_x = side_points(series, ctx.side)["hip"][:, 0]
    towards = np.sign(stance_x - hip[:, 0])
    return tilt * towards


def _stance_side(series: LandmarkSeries) -> SideContext | None:
    side = identify_stance_side(series)
    return SideContext(side) if side else None


def bent_knee_side(series: LandmarkSeries) -> SideContext:
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


Signal = Callable[[LandmarkSeries, SideContext], FloatArray]

SIGNALS: dict[str, Signal] = {
    "clam_opening_deg": clam_opening_deg,
    "leg_abduction_deg": leg_abduction_deg,
    "bridge_hip_angle_deg": bridge_hip_angle_deg,
    "bridge_line_deviation_deg": bridge_line_deviation_deg,
    "plank_lift_deg": lambda s, c: plank_lift_deg(s),
    "plank_line_deviation_deg": lambda s, c: plank_line_deviation_deg(s),
    "squat_knee_flexion_front_deg": lambda s, c: squat_knee_flexion_deg(
        s, c, frontal=True
    ),
    "squat_knee_flexion_side_deg": lambda s, c: squat_knee_flexion_deg(
        s, c, frontal=False
    ),
    "hip_descent_pct": hip_descent_pct,
    "pelvis_roll_back_deg": pelvis_roll_back_deg,
    "feet_apart_pct_leg": lambda s, c: feet_apart_leg_lengths(s) * 100.0,
    "hip_flexion_lying_deg": hip_flexion_lying_deg,
    "pelvic_drop_deg": pelvic_drop_deg,
    "trunk_side_lean_deg": trunk_side_lean_deg,
}
"""The signal vocabulary the exercise records name (`tractus.motion.rules`); the live
coach's `analysis.mjs` implements the same names."""

POSTURES: dict[str, Callable[[LandmarkSeries, SideContext], BoolArray]] = {
    "lying": lambda s, c: is_lying(s),
    "hips_stacked": lambda s, c: hips_stacked(s),
    "standing": lambda s, c: is_standing(s),
    "one_foot_up": one_foot_up,
}
"""Posture gates by name: a frame counts only when every gate of its exercise holds."""

SIDE_RULES: dict[str, Callable[[LandmarkSeries], SideContext | None]] = {
    "top": top_side,
    "bent_knee": bent_knee_side,
    "stance": _stance_side,
}
"""How the working leg is found, by name (None: no leg qualifies)."""
