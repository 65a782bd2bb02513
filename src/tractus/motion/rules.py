"""The exercise definitions as data: one record per exercise, read by both form checks.

The offline video analysis (`tractus.motion.exercise`) and the live coach in the browser
(`clinic/coach/static/coach/analysis.mjs`) both read these records: the camera view,
which leg works, the posture gate, the main angle and the smallest range that counts as a
rep, and each compensation (the signal, how it is read over a rep, its threshold, its cue
and its source). Signals, posture gates and side rules are named from a small fixed
vocabulary that both sides implement (`exercise_checks` in Python, `analysis.mjs` in the
browser); an agreement test runs both on the same landmarks. `rules_document` is the JSON
the coach loads. Thresholds: clinical.md §6.2, §7.5 (see `exercise_checks`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tractus.motion.camera import (
    FRONTAL_MIN_WIDTH_RATIO,
    SIDE_MAX_WIDTH_RATIO,
    View,
)
from tractus.motion.exercise_checks import (
    FEET_APART_LEG_LENGTHS,
    LYING_MIN_TRUNK_TILT_DEG,
    ONE_FOOT_UP_LEG_LENGTHS,
    STANDING_MAX_TRUNK_TILT_DEG,
    VIDEO_ANGLE_MDC_DEG,
)

__all__ = [
    "RULES",
    "RULES_VERSION",
    "Exercise",
    "ExerciseRule",
    "FaultMode",
    "FaultRule",
    "parse_exercise",
    "rules_document",
]

RULES_VERSION = "2026-12-07.1"
"""Changes whenever a record below changes: saved sets name the version they used."""
MDC = VIDEO_ANGLE_MDC_DEG
_SRC_62 = "clinical.md §6.2; threshold = 2-D video MDC (clinical.md §7.5)"
_SRC_75 = "clinical.md §6.2, §7.5; threshold = 2-D video MDC (clinical.md §7.5)"


class Exercise(StrEnum):
    """The home exercises the form check knows (clinical.md §6.2)."""

    CLAMSHELL = "clamshell"
    HIP_BRIDGE = "hip_bridge"
    SINGLE_LEG_BRIDGE = "single_leg_bridge"
    SIDE_LYING_HIP_ABDUCTION = "side_lying_hip_abduction"
    SIDE_PLANK = "side_plank"
    SINGLE_LEG_SQUAT = "single_leg_squat"


class FaultMode(StrEnum):
    """How a fault's signal is read over one rep."""

    RISE = "rise"
    """Value at the rep's peak minus value at its start."""
    NEAR_PEAK = "near_peak"
    """Largest value within two frames of the peak."""
    AT_PEAK = "at_peak"
    """Value at the peak."""
    HELD_MIN = "held_min"
    """Smallest value while the main angle is within 30% of the rep's range of its top
    (a hold: the worst moment of it)."""


@dataclass(frozen=True, slots=True)
class FaultRule:
    """One compensation: `sign` x the signal, read by `mode`, above `threshold` is a fault."""

    code: str
    signal: str
    mode: FaultMode
    threshold: float
    message: str
    source: str
    sign: float = 1.0
    cue: str = ""
    """The short spoken cue for the live coach (the message is the written one)."""


@dataclass(frozen=True, slots=True)
class ExerciseRule:
    """Everything both form checks need to know about one exercise."""

    exercise: Exercise
    label: str
    views: tuple[View, ...]
    side_rule: str
    posture: tuple[str, ...]
    angle: str
    angle_name: str
    min_range_deg: float
    faults: tuple[FaultRule, ...]
    notes: tuple[str, ...] = ()
    detect: str | None = None
    """Signal reps are found on, when steadier than the reported angle."""
    detect_min: float = 0.0
    setup: tuple[str, ...] = ()
    """Where to put the phone and how to lie or stand, in the order a runner does it."""
    side_view: ExerciseRule | None = None
    """What changes when filmed from the side instead (single-leg squat)."""
    hold: bool = False
    """A held position (one long rep whose hold time is the dose)."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (the form the live coach reads)."""
        return {
            "exercise": str(self.exercise),
            "label": self.label,
            "views": [str(v) for v in self.views],
            "side_rule": self.side_rule,
            "posture": list(self.posture),
            "angle": self.angle,
            "angle_name": self.angle_name,
            "min_range_deg": self.min_range_deg,
            "detect": self.detect,
            "detect_min": self.detect_min,
            "hold": self.hold,
            "faults": [_fault_dict(f) for f in self.faults],
            "notes": list(self.notes),
            "setup": list(self.setup),
            "side_view": None if self.side_view is None else self.side_view.to_dict(),
        }


def _fault_dict(f: FaultRule) -> dict[str, object]:
    return {
        "code": f.code,
        "signal": f.signal,
        "mode": str(f.mode),
        "threshold": f.threshold,
        "sign": f.sign,
        "message": f.message,
        "cue": f.cue,
        "source": f.source,
    }


_SIDE_LYING_SETUP = (
    "Put the phone on the floor about 2 m from your feet, upright, so it looks at the "
    "front of your body.",
    "Lie on your side facing the phone, with your whole body from head to feet in the "
    "picture.",
)
_ROLL = "pelvis_roll_back_deg"

_CLAMSHELL = ExerciseRule(
    Exercise.CLAMSHELL,
    "Clamshell",
    (View.FRONT, View.REAR),
    "top",
    ("lying", "hips_stacked"),
    "clam_opening_deg",
    "clam_opening_deg",
    12.0,
    (
        FaultRule(
            "pelvis_rolls_back",
            _ROLL,
            FaultMode.RISE,
            MDC,
            "The top hip rolls back as the knee opens; keep the hips stacked and open "
            "only as far as the pelvis stays still.",
            _SRC_62,
            cue="Keep your hips stacked",
        ),
        FaultRule(
            "feet_separate",
            "feet_apart_pct_leg",
            FaultMode.RISE,
            FEET_APART_LEG_LENGTHS * 100.0,
            "The feet come apart (value in % of leg length); keep the heels together.",
            "clinical.md §6.2 (convention)",
            cue="Keep your heels together",
        ),
    ),
    (
        "Pelvis roll is estimated from landmark depth: lower confidence than angles "
        "in the picture plane.",
    ),
    setup=_SIDE_LYING_SETUP,
)

_ABDUCTION = ExerciseRule(
    Exercise.SIDE_LYING_HIP_ABDUCTION,
    "Side-lying leg raise",
    (View.FRONT, View.REAR),
    "top",
    ("lying", "hips_stacked"),
    "leg_abduction_deg",
    "leg_abduction_deg",
    12.0,
    (
        FaultRule(
            "hip_flexes",
            "hip_flexion_lying_deg",
            FaultMode.NEAR_PEAK,
            MDC,
            "The leg drifts forward as it rises (hip flexing lets the TFL do the "
            "work); keep the leg in line with the body or slightly behind.",
            _SRC_62,
            cue="Keep the leg in line with your body",
        ),
        FaultRule(
            "pelvis_rolls_back",
            _ROLL,
            FaultMode.RISE,
            MDC,
            "The pelvis rolls back as the leg rises; keep the hips stacked.",
            _SRC_62,
            cue="Keep your hips stacked",
        ),
    ),
    (
        "Hip flexion and pelvis roll are estimated from landmark depth: lower "
        "confidence than angles in the picture plane.",
    ),
    setup=_SIDE_LYING_SETUP,
)

_BRIDGE_FAULTS = (
    FaultRule(
        "back_arches",
        "bridge_line_deviation_deg",
        FaultMode.NEAR_PEAK,
        MDC,
        "The hips go above the shoulder-knee line (arching the lower back); stop "
        "when shoulders, hips and knees form a line.",
        _SRC_62,
        cue="Stop when you are in a straight line",
    ),
    FaultRule(
        "incomplete_lift",
        "bridge_line_deviation_deg",
        FaultMode.AT_PEAK,
        MDC,
        "The hips stop below the shoulder-knee line; lift until they form a line.",
        _SRC_62,
        sign=-1.0,
        cue="Lift your hips a little higher",
    ),
)
_BRIDGE_SETUP = (
    "Put the phone on the floor about 2 m to your side, on its long edge, so it sees "
    "you from the side.",
    "Lie on your back with your knees bent; shoulders, hips, knees and feet in the "
    "picture.",
)

_HIP_BRIDGE = ExerciseRule(
    Exercise.HIP_BRIDGE,
    "Hip bridge (both legs)",
    (View.SIDE,),
    "bent_knee",
    ("lying",),
    "bridge_hip_angle_deg",
    "hip_extension_deg",
    15.0,
    _BRIDGE_FAULTS,
    setup=_BRIDGE_SETUP,
)

_SINGLE_LEG_BRIDGE = ExerciseRule(
    Exercise.SINGLE_LEG_BRIDGE,
    "Single-leg bridge",
    (View.SIDE,),
    "bent_knee",
    ("lying",),
    "bridge_hip_angle_deg",
    "hip_extension_deg",
    15.0,
    _BRIDGE_FAULTS,
    (
        "Pelvis dropping on the lifted-leg side cannot be seen from the side; film "
        "from the feet to check it.",
    ),
    setup=_BRIDGE_SETUP,
)

_SIDE_PLANK = ExerciseRule(
    Exercise.SIDE_PLANK,
    "Side plank",
    (View.FRONT, View.REAR),
    "top",
    ("lying",),
    "plank_lift_deg",
    "plank_lift_deg",
    6.0,
    (
        FaultRule(
            "hips_sag",
            "plank_line_deviation_deg",
            FaultMode.HELD_MIN,
            MDC,
            "The hips sag towards the floor; push the lower hip up into a straight "
            "line from head to feet.",
            _SRC_62,
            sign=-1.0,
            cue="Push your hips up",
        ),
    ),
    setup=(
        "Put the phone on the floor about 2 m away, upright, so it looks at the front "
        "of your body.",
        "Lie on your side on your forearm facing the phone, head to feet in the picture.",
    ),
    hold=True,
)

_SQUAT_VALGUS_NOTE = (
    "Knee valgus from 2-D video is shown as a qualitative note only (clinical.md "
    "§7.5: 2-D projection angles agree with 3-D at r 0.64-0.78)."
)
_SINGLE_LEG_SQUAT = ExerciseRule(
    Exercise.SINGLE_LEG_SQUAT,
    "Single-leg squat",
    (View.FRONT, View.REAR),
    "stance",
    ("standing", "one_foot_up"),
    "squat_knee_flexion_front_deg",
    "knee_flexion_deg",
    20.0,
    (
        FaultRule(
            "pelvic_drop",
            "pelvic_drop_deg",
            FaultMode.NEAR_PEAK,
            MDC,
            "The pelvis drops on the side of the lifted leg; keep the pelvis level "
            "(squeeze the buttock of the standing leg).",
            _SRC_75,
            cue="Keep your pelvis level",
        ),
        FaultRule(
            "trunk_lean_stance_side",
            "trunk_side_lean_deg",
            FaultMode.NEAR_PEAK,
            MDC,
            "The trunk leans over the standing leg; keep it upright.",
            _SRC_75,
            cue="Keep your chest upright",
        ),
        FaultRule(
            "trunk_lean_away",
            "trunk_side_lean_deg",
            FaultMode.NEAR_PEAK,
            MDC,
            "The trunk leans away from the standing leg; keep it upright.",
            _SRC_75,
            sign=-1.0,
            cue="Keep your chest upright",
        ),
    ),
    (
        _SQUAT_VALGUS_NOTE,
        "From the front, knee flexion is estimated from how far the hip comes down "
        "(thigh and shank assumed to tilt equally); it is the peak from standing.",
    ),
    # 3% of leg length is about 28° of knee flexion: a real squat, not a sway.
    detect="hip_descent_pct",
    detect_min=3.0,
    setup=(
        "Stand the phone about 3 m in front of you at hip height.",
        "Stand facing it, whole body in the picture, then lift one foot.",
    ),
    side_view=ExerciseRule(
        Exercise.SINGLE_LEG_SQUAT,
        "Single-leg squat",
        (View.FRONT, View.REAR),
        "stance",
        ("standing", "one_foot_up"),
        "squat_knee_flexion_side_deg",
        "knee_flexion_deg",
        20.0,
        (),
        (
            _SQUAT_VALGUS_NOTE,
            "Pelvic drop and trunk side lean need a front or rear view.",
        ),
    ),
)

RULES: dict[Exercise, ExerciseRule] = {
    r.exercise: r
    for r in (
        _CLAMSHELL,
        _HIP_BRIDGE,
        _SINGLE_LEG_BRIDGE,
        _ABDUCTION,
        _SIDE_PLANK,
        _SINGLE_LEG_SQUAT,
    )
}
"""One record per exercise, in the order the form check lists them."""

POSTURE_LIMITS = {
    "lying_min_trunk_tilt_deg": LYING_MIN_TRUNK_TILT_DEG,
    "standing_max_trunk_tilt_deg": STANDING_MAX_TRUNK_TILT_DEG,
    "one_foot_up_leg_lengths": ONE_FOOT_UP_LEG_LENGTHS,
}


VIEW_LIMITS = {
    "side_max_width_ratio": SIDE_MAX_WIDTH_RATIO,
    "frontal_min_width_ratio": FRONTAL_MIN_WIDTH_RATIO,
}
"""Shoulder width / torso length that tells a side view from a front one (`camera`)."""


def _words(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


def parse_exercise(text: str) -> Exercise:
    """The exercise a person typed: its name or its label ("Side-lying leg raise"), in
    any case, with spaces, hyphens or underscores.

    Raises
    ------
    ValueError
        If no exercise has that name (the message lists the names).
    """
    key = _words(text)
    by_label = {_words(rule.label): e for e, rule in RULES.items()}
    try:
        return by_label.get(key) or Exercise(key)
    except ValueError:
        names = ", ".join(e.replace("_", "-") for e in Exercise)
        raise ValueError(f"unknown exercise {text!r} (choose from {names})") from None


def rules_document() -> dict[str, object]:
    """The JSON the live coach loads: version, posture and view limits, every record."""
    return {
        "version": RULES_VERSION,
        "angle_uncertainty_deg": MDC,
        "posture_limits": POSTURE_LIMITS,
        "view_limits": VIEW_LIMITS,
        "exercises": {str(k): r.to_dict() for k, r in RULES.items()},
    }
