"""Demonstrations: each exercise as keyframed joint angles of a planar body model.

No licensed video of these exercises exists, so each is shown by a stick figure drawn
from a small kinematic model: segment lengths as fractions of body height (Winter,
*Biomechanics and Motor Control of Human Movement*, table 4.1, as in the motion lab's
synthetic bodies), joint points found by chaining segment angles (degrees in the
picture plane, 0 = to the right, 90 = up) from an anchor, with two-link inverse
kinematics where a foot or a hand stays put. A `Demonstration` holds the start and end
poses and the timing; `demo_svg` renders it to an animated SVG that loops at the
exercise's tempo.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from tractus.errors import RehabInputError
from tractus.rehab.library import EXERCISES

__all__ = [
    "DEMONSTRATIONS",
    "Demonstration",
    "Figure",
    "Point",
    "demonstration_for",
]

THIGH, SHANK, TRUNK, NECK = 0.245, 0.246, 0.288, 0.11
UPPER_ARM, FOREARM, FOOT = 0.186, 0.146, 0.11
"""Segment lengths as fractions of height (Winter, table 4.1)."""

Point = tuple[float, float]
Figure = dict[str, Point]
"""Joint name -> (x, y) in body heights; y up, the floor at 0."""

JOINTS = (
    "head",
    "shoulder",
    "elbow",
    "wrist",
    "hip_n",
    "hip_f",
    "knee_n",
    "ankle_n",
    "toe_n",
    "knee_f",
    "ankle_f",
    "toe_f",
)


def _at(origin: Point, angle_deg: float, length: float) -> Point:
    a = math.radians(angle_deg)
    return (origin[0] + length * math.cos(a), origin[1] + length * math.sin(a))


def _knee(hip: Point, ankle: Point, *, forward: int = 1) -> Point:
    """Two-link inverse kinematics: the knee between a hip and an ankle."""
    dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
    d = min(math.hypot(dx, dy), THIGH + SHANK - 1e-6)
    a = math.acos((THIGH**2 + d**2 - SHANK**2) / (2 * THIGH * d))
    return _at(hip, math.degrees(math.atan2(dy, dx) + forward * a), THIGH)


def _upper(pelvis: Point, trunk_deg: float, arm: tuple[float, float]) -> Figure:
    shoulder = _at(pelvis, trunk_deg, TRUNK)
    elbow = _at(shoulder, arm[0], UPPER_ARM)
    return {
        "shoulder": shoulder,
        "head": _at(shoulder, trunk_deg, NECK),
        "elbow": elbow,
        "wrist": _at(elbow, arm[1], FOREARM),
    }


def _leg(side: str, hip: Point, knee: Point, ankle: Point, toe_deg: float) -> Figure:
    return {
        f"hip_{side}": hip,
        f"knee_{side}": knee,
        f"ankle_{side}": ankle,
        f"toe_{side}": _at(ankle, toe_deg, FOOT),
    }


def _chain(side: str, hip: Point, thigh: float, shank: float, toe: float) -> Figure:
    knee = _at(hip, thigh, THIGH)
    return _leg(side, hip, knee, _at(knee, shank, SHANK), toe)


@dataclass(frozen=True, slots=True)
class Demonstration:
    """Start and end poses, the view, and seconds per phase of one loop."""

    exercise_id: str
    view: str
    start: Figure
    end: Figure
    up_s: float
    hold_s: float
    down_s: float
    rest_s: float = 0.6
    props: tuple[str, ...] = ()

    @property
    def loop_s(self) -> float:
        return self.up_s + self.hold_s + self.down_s + self.rest_s


def _bridge(lift: float, single: bool) -> Figure:
    pelvis = (0.29, 0.06 + lift)
    trunk = math.degrees(math.atan2(0.05 - pelvis[1], 0.0 - pelvis[0]))
    ankle = (0.62, 0.04)
    fig = {
        **_upper(pelvis, trunk, (trunk + 180, trunk + 180)),
        **_leg("n", pelvis, _knee(pelvis, ankle), ankle, 10),
    }
    knee_f = _knee(pelvis, ankle)
    if single:
        thigh = math.degrees(math.atan2(knee_f[1] - pelvis[1], knee_f[0] - pelvis[0]))
        fig |= _chain("f", pelvis, thigh, thigh, thigh + 80)
    else:
        fig |= _leg("f", pelvis, knee_f, ankle, 10)
    return fig


def _side_lying(top_thigh: float, top_shank: float, bent: bool) -> Figure:
    pelvis = (0.40, 0.12)
    fig = _upper(pelvis, 180, (250, 200))
    if bent:  # clamshell: hips and knees bent, heels together
        bottom = _chain("f", pelvis, -35, 215, 250)
        ankle = bottom["ankle_f"]
        top_knee = _at((pelvis[0], pelvis[1] + 0.02), top_thigh, THIGH * 0.8)
        return (
            fig
            | bottom
            | _leg("n", (pelvis[0], pelvis[1] + 0.02), top_knee, ankle, 250)
        )
    bottom = _chain("f", pelvis, 0, 0, 90)
    return (
        fig
        | bottom
        | _chain(
            "n", (pelvis[0], pelvis[1] + 0.02), top_thigh, top_shank, top_thigh + 90
        )
    )


def _plank(lift: float, knees: bool, leg_lift: float = 0.0) -> Figure:
    elbow, shoulder = (0.08, 0.02), (0.08, 0.02 + UPPER_ARM)
    body = -math.degrees(math.atan2(0.18 + lift * 0.0, 0.55)) + lift
    pelvis = _at(shoulder, body, TRUNK)
    trunk = math.degrees(math.atan2(shoulder[1] - pelvis[1], shoulder[0] - pelvis[0]))
    fig = {
        "shoulder": shoulder,
        "head": _at(shoulder, trunk, NECK),
        "elbow": elbow,
        "wrist": (0.25, 0.02),
    }
    if knees:
        knee = _at(pelvis, body, THIGH)
        leg = _leg("f", pelvis, knee, _at(knee, body + 120, SHANK), body + 200)
        return fig | leg | {k.replace("_f", "_n"): v for k, v in leg.items()}
    fig |= _chain("f", pelvis, body, body, body + 90)
    return fig | _chain(
        "n", pelvis, body + leg_lift, body + leg_lift, body + leg_lift + 90
    )


def _standing(
    squat: float, trunk_lean: float, free: Callable[[Point], Figure]
) -> Figure:
    ankle = (0.45, 0.0)
    # Facing right: the knee travels forward over the toes, the hips back.
    knee = _at(ankle, 90 - squat, SHANK)
    hip = _at(knee, 90 + squat * 1.1, THIGH)
    fig = _upper(hip, 90 - trunk_lean, (270 - trunk_lean, 300))
    return fig | _leg("n", hip, knee, ankle, 0) | free(hip)


def _hike(drop: float) -> Figure:
    """Front view on a step: the free side of the pelvis drops, then lifts."""
    stance = (0.40, 0.15 + THIGH + SHANK)
    free_hip = (0.55, stance[1] + drop)
    centre = ((stance[0] + free_hip[0]) / 2, (stance[1] + free_hip[1]) / 2)
    return (
        _upper(centre, 90, (265, 270))
        | _chain("n", stance, 270, 270, 0)
        | _chain("f", free_hip, 272, 275, 0)
    )


def _band_walk(apart: float) -> Figure:
    centre = (0.45, THIGH + SHANK - 0.03)
    hips = ((centre[0] - 0.05, centre[1]), (centre[0] + 0.05, centre[1]))
    ankles = ((hips[0][0] - 0.04, 0.0), (hips[1][0] + apart, 0.0))
    return (
        _upper(centre, 90, (255, 290))
        | _leg("n", hips[0], _knee(hips[0], ankles[0], forward=-1), ankles[0], 180)
        | _leg("f", hips[1], _knee(hips[1], ankles[1]), ankles[1], 0)
    )


def _quad_stretch(bend: float) -> Figure:
    def free(hip: Point) -> Figure:
        return _chain("f", hip, 270 - bend * 0.1, 270 - bend, 0)

    fig = _standing(0, 0, free)
    fig["wrist"] = fig["ankle_f"] if bend > 100 else fig["wrist"]
    return fig


def _tfl_stretch(lean: float) -> Figure:
    hip = (0.45 + lean * 0.004, THIGH + SHANK)
    return (
        _upper(hip, 90 + lean, (90 + lean * 2, 100 + lean * 2))
        | _leg("n", hip, _at(hip, 275, THIGH), (0.40, 0.0), 0)
        | _leg("f", hip, _at(hip, 262, THIGH), (0.55, 0.0), 0)
    )


def _glute_stretch(pull: float) -> Figure:
    pelvis = (0.35, 0.06)
    fig = _upper(pelvis, 180, (80 - pull, 10 - pull))
    near = _chain("n", pelvis, 60 + pull, -60 + pull, 20)
    far_knee = _at(pelvis, 40 + pull, THIGH)
    far = _leg("f", pelvis, far_knee, near["knee_n"], 0)
    return fig | near | far


def _roll(along: float) -> Figure:
    pelvis = (0.45 - along, 0.16)
    fig = _upper(pelvis, 165, (250, 270))
    ankle = (pelvis[0] + 0.18, 0.0)
    near = _leg("n", pelvis, _knee(pelvis, ankle), ankle, 0)
    return fig | _chain("f", pelvis, -8, -8, 90) | near


def _step_down(depth: float) -> Figure:
    def free(hip: Point) -> Figure:
        return _chain("f", hip, 280, 275 - depth * 0.2, 0)

    fig = _standing(depth, depth * 0.3, free)
    return {k: (x, y + 0.15) for k, (x, y) in fig.items()}


def _single_leg_squat(depth: float) -> Figure:
    def free(hip: Point) -> Figure:
        return _chain("f", hip, 320 + depth * 0.4, 320 + depth * 0.4, 30)

    return _standing(depth, depth * 0.4, free)


_REPS: dict[str, tuple[str, Figure, Figure, tuple[str, ...]]] = {
    "hip_bridge": ("side", _bridge(0.0, False), _bridge(0.17, False), ()),
    "single_leg_bridge": ("side", _bridge(0.0, True), _bridge(0.15, True), ()),
    "clamshell": ("front", _side_lying(-30, 0, True), _side_lying(20, 0, True), ()),
    "banded_clamshell": (
        "front",
        _side_lying(-30, 0, True),
        _side_lying(15, 0, True),
        ("band",),
    ),
    "side_lying_hip_abduction": (
        "front",
        _side_lying(3, 3, False),
        _side_lying(32, 32, False),
        (),
    ),
    "banded_side_lying_hip_abduction": (
        "front",
        _side_lying(3, 3, False),
        _side_lying(28, 28, False),
        ("band",),
    ),
    "side_plank_abduction": ("front", _plank(0, False), _plank(0, False, 28), ()),
    "step_down": ("side", _step_down(0), _step_down(45), ("step",)),
    "single_leg_squat": ("side", _single_leg_squat(0), _single_leg_squat(50), ()),
    "lateral_band_walk": ("front", _band_walk(0.04), _band_walk(0.16), ("band",)),
    "hip_hike": ("front", _hike(-0.05), _hike(0.04), ("step",)),
}
_HOLDS: dict[str, tuple[str, Figure, Figure, tuple[str, ...]]] = {
    "side_plank_knees": ("front", _plank(-6, True), _plank(0, True), ()),
    "side_plank": ("front", _plank(-6, False), _plank(0, False), ()),
    "glute_stretch": ("side", _glute_stretch(0), _glute_stretch(25), ()),
    "quadriceps_stretch": ("side", _quad_stretch(20), _quad_stretch(150), ()),
    "tfl_stretch": ("front", _tfl_stretch(0), _tfl_stretch(-14), ()),
    "foam_roll_glutes_tfl": ("side", _roll(0), _roll(0.12), ("roller",)),
    "foam_roll_lateral_thigh": ("side", _roll(-0.1), _roll(0.1), ("roller",)),
}

HOLD_SHOWN_S = 4.0
"""A hold is shown for 4 s per loop (the real hold is timed by the session timer)."""


def _on_floor(figure: Figure) -> Figure:
    """Lift a pose that dips below the floor so its lowest joint rests on it."""
    low = min(y for _, y in figure.values())
    return {k: (x, y - low) for k, (x, y) in figure.items()} if low < 0 else figure


def _build(exercise_id: str) -> Demonstration:
    exercise = EXERCISES[exercise_id]
    if exercise_id in _REPS:
        view, start, end, props = _REPS[exercise_id]
        tempo = exercise.dose.tempo
        up, hold, down = (
            (tempo.up_s, tempo.hold_s, tempo.down_s) if tempo else (1.0, 0.0, 1.0)
        )
        return Demonstration(
            exercise_id,
            view,
            _on_floor(start),
            _on_floor(end),
            up,
            hold,
            down,
            props=props,
        )
    view, start, end, props = _HOLDS[exercise_id]
    return Demonstration(
        exercise_id,
        view,
        _on_floor(start),
        _on_floor(end),
        2.0,
        HOLD_SHOWN_S,
        2.0,
        props=props,
    )


DEMONSTRATIONS: dict[str, Demonstration] = {e: _build(e) for e in EXERCISES}
"""A demonstration for every exercise of the library."""


def demonstration_for(exercise_id: str) -> Demonstration:
    """The demonstration of an exercise; `RehabInputError` for an unknown id."""
    try:
        return DEMONSTRATIONS[exercise_id]
    except KeyError:
        raise RehabInputError("exercise", f"unknown exercise {exercise_id!r}") from None
