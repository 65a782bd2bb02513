"""Compensation checks per exercise: one function per fault clinical.md §6.2 names.

Each takes the cleaned series, the working side and a rep, measures the fault's angle
(from `exercise_checks`) at the rep's top or as its change over the rep, and returns a
`Fault` when it passes the threshold. Thresholds without a published value are the 2-D
video minimal detectable change (`VIDEO_ANGLE_MDC_DEG`, clinical.md §7.5).
"""

from __future__ import annotations

import numpy as np

from tractus.motion import exercise_checks as ec
from tractus.motion.exercise_checks import VIDEO_ANGLE_MDC_DEG as MDC
from tractus.motion.exercise_checks import Fault, SideContext
from tractus.motion.reps import Rep
from tractus.motion.schema import FloatArray, LandmarkSeries

__all__ = [
    "abd_flexion",
    "abd_roll",
    "bridge_arch",
    "bridge_short",
    "clam_feet",
    "clam_roll",
    "plank_sag",
    "squat_drop",
    "squat_lean",
]

_SRC_62 = "clinical.md §6.2; threshold = 2-D video MDC (clinical.md §7.5)"
_SRC_75 = "clinical.md §6.2, §7.5; threshold = 2-D video MDC (clinical.md §7.5)"


def _over(
    values: FloatArray, rep: Rep, limit: float, code: str, message: str, source: str
) -> list[Fault]:
    """A fault if the value at the rep's peak, relative to its start, exceeds `limit`."""
    change = float(values[rep.peak] - values[rep.start])
    if np.isfinite(change) and change > limit:
        return [Fault(code, message, change, limit, source)]
    return []


def _at_peak(
    values: FloatArray, rep: Rep, limit: float, code: str, message: str, source: str
) -> list[Fault]:
    """A fault if the largest value within the rep's top part exceeds `limit`."""
    window = values[max(rep.start, rep.peak - 2) : rep.peak + 3]
    worst = float(np.nanmax(window)) if np.isfinite(window).any() else np.nan
    if np.isfinite(worst) and worst > limit:
        return [Fault(code, message, worst, limit, source)]
    return []


def clam_roll(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    return _over(
        ec.pelvis_roll_back_deg(s, c),
        r,
        MDC,
        "pelvis_rolls_back",
        "The top hip rolls back as the knee opens; keep the hips stacked and open "
        "only as far as the pelvis stays still.",
        _SRC_62,
    )


def clam_feet(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    apart = ec.feet_apart_leg_lengths(s) * 100.0
    return _over(
        apart,
        r,
        ec.FEET_APART_LEG_LENGTHS * 100.0,
        "feet_separate",
        "The feet come apart (value in % of leg length); keep the heels together.",
        "clinical.md §6.2 (convention)",
    )


def abd_flexion(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    return _at_peak(
        ec.hip_flexion_lying_deg(s, c),
        r,
        MDC,
        "hip_flexes",
        "The leg drifts forward as it rises (hip flexing lets the TFL do the work); "
        "keep the leg in line with the body or slightly behind.",
        _SRC_62,
    )


def abd_roll(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    return _over(
        ec.pelvis_roll_back_deg(s, c),
        r,
        MDC,
        "pelvis_rolls_back",
        "The pelvis rolls back as the leg rises; keep the hips stacked.",
        _SRC_62,
    )


def bridge_arch(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    return _at_peak(
        ec.bridge_line_deviation_deg(s, c),
        r,
        MDC,
        "back_arches",
        "The hips go above the shoulder-knee line (arching the lower back); stop "
        "when shoulders, hips and knees form a line.",
        _SRC_62,
    )


def bridge_short(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    below = -float(ec.bridge_line_deviation_deg(s, c)[r.peak])
    if np.isfinite(below) and below > MDC:
        return [
            Fault(
                "incomplete_lift",
                "The hips stop below the shoulder-knee line; "
                "lift until they form a line.",
                below,
                MDC,
                _SRC_62,
            )
        ]
    return []


def plank_sag(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    deviation = ec.plank_line_deviation_deg(s)
    hold = deviation[r.start : r.end + 1]
    top = ec.plank_lift_deg(s)[r.start : r.end + 1]
    held = top >= np.nanmax(top) - 0.3 * r.range_deg
    worst = float(np.nanmin(hold[held])) if held.any() else np.nan
    if np.isfinite(worst) and -worst > MDC:
        return [
            Fault(
                "hips_sag",
                "The hips sag towards the floor; push the lower hip "
                "up into a straight line from head to feet.",
                -worst,
                MDC,
                _SRC_62,
            )
        ]
    return []


def squat_drop(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    return _at_peak(
        ec.pelvic_drop_deg(s, c),
        r,
        MDC,
        "pelvic_drop",
        "The pelvis drops on the side of the lifted leg; keep the pelvis level "
        "(squeeze the buttock of the standing leg).",
        _SRC_75,
    )


def squat_lean(s: LandmarkSeries, c: SideContext, r: Rep) -> list[Fault]:
    lean = ec.trunk_side_lean_deg(s, c)
    faults = _at_peak(
        lean,
        r,
        MDC,
        "trunk_lean_stance_side",
        "The trunk leans over the standing leg; keep it upright.",
        _SRC_75,
    )
    faults += _at_peak(
        -lean,
        r,
        MDC,
        "trunk_lean_away",
        "The trunk leans away from the standing leg; keep it upright.",
        _SRC_75,
    )
    return faults
