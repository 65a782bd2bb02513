"""Exercise form analysis: repetitions, range, tempo and compensations per repetition.

`analyse_exercise` takes a cleaned `LandmarkSeries` and an `Exercise` and returns an
`ExerciseReport`. Each exercise is described by its record in `tractus.motion.rules` (the
same data the live coach reads): the camera view it needs, the posture it is done in, the
working leg, its main angle, the smallest range that counts as a rep and its compensation
checks (clinical.md §6.2; thresholds in `exercise_checks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tractus.motion.camera import View
from tractus.motion.compensations import read_fault
from tractus.motion.exercise_checks import (
    POSTURES,
    SIDE_RULES,
    SIGNALS,
    Fault,
    SideContext,
    identify_stance_side,
)
from tractus.motion.exercise_checks import VIDEO_ANGLE_MDC_DEG as MDC
from tractus.motion.reps import Rep, detect_reps
from tractus.motion.rules import RULES, Exercise, ExerciseRule
from tractus.motion.schema import BoolArray, LandmarkSeries

__all__ = [
    "EXERCISE_VIEWS",
    "Exercise",
    "ExerciseReport",
    "RepResult",
    "analyse_exercise",
    "identify_stance_side",
]


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


EXERCISE_VIEWS: dict[Exercise, tuple[View, ...]] = {
    e: r.views for e, r in RULES.items()
}
"""The camera views each exercise needs (used by the camera check)."""


def _posture(rule: ExerciseRule, series: LandmarkSeries, ctx: SideContext) -> BoolArray:
    ok = np.ones(series.n_frames, dtype=bool)
    for gate in rule.posture:
        ok &= POSTURES[gate](series, ctx)
    return ok


def _rep_result(
    series: LandmarkSeries, rule: ExerciseRule, ctx: SideContext, rep: Rep
) -> RepResult:
    angle = SIGNALS[rule.angle](series, ctx)
    faults: list[Fault] = []
    for fault_rule in rule.faults:
        values = SIGNALS[fault_rule.signal](series, ctx)
        if (fault := read_fault(fault_rule, values, angle, rep)) is not None:
            faults.append(fault)
    frames = series.frame_index
    # Reported from the reported angle when reps were found on a steadier signal
    # (single-leg squat: knee flexion from standing; near 0° it is mostly noise).
    range_deg = rep.range_deg if rule.detect is None else float(angle[rep.peak])
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
    rule = RULES[exercise]
    if view is View.SIDE and rule.side_view is not None:
        # From the side the knee angle is in the picture plane, but pelvic drop and
        # trunk side lean are not: measure depth only.
        rule = rule.side_view
    ctx = SIDE_RULES[rule.side_rule](series)
    if ctx is None:
        warning = "No single-leg stance was found: both feet stay on the floor."
        return ExerciseReport(
            exercise, view, (), None, rule.angle_name, MDC, (warning,), rule.notes
        )
    angle = SIGNALS[rule.detect or rule.angle](series, ctx)
    min_range = rule.detect_min if rule.detect else rule.min_range_deg
    reps = detect_reps(
        angle, _posture(rule, series, ctx), fps=series.fps, min_range_deg=min_range
    )
    warnings = [] if reps else [f"No {rule.label.lower()} repetitions were found."]
    return ExerciseReport(
        exercise,
        view,
        tuple(_rep_result(series, rule, ctx, r) for r in reps),
        ctx.side,
        rule.angle_name,
        MDC,
        tuple(warnings),
        rule.notes,
    )
