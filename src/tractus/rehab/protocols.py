"""The programme's ladders as data: strength levels, return-to-run stages, pain zones.

The strength ladder has eight weekly levels in three phases, after the staged model
(settle, strengthen, return to running; Fredericson & Weir 2006, clinical.md §5.1) with
the exercises and doses of the fully reported 8-week hip programme (*J Orthop Surg Res*
2020 Table 2, clinical.md §5.4.1) and the clinic's bridges, clamshells and side-lying
raises. A level is where the runner is, not a calendar week: each week the plan moves
up, holds or steps back by the pain response (`progression`).
The run ladder is the US Army trial protocol (clinical.md §5.8 A) with the
ITBS-specific rules of §5.8 B, then a build of about 10% a week (§5.8 C) up to the
programme's weekly cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tractus.rehab.exercise import Dose
from tractus.rehab.library_strength import CLAM_TEMPO, STRENGTH_TEMPO

__all__ = [
    "BUILD_WEEKLY_RISE",
    "EXERCISE_PAIN_ACCEPTABLE_MAX",
    "EXERCISE_PAIN_SAFE_MAX",
    "FIRST_RUN_LEVEL",
    "LEVELS",
    "MILE_KM",
    "RUNS_PER_WEEK",
    "RUN_PAIN_PROGRESS_MAX",
    "RUN_PAIN_STOP",
    "RUN_STAGES",
    "RUN_STAGE_REPEATS",
    "Level",
    "Phase",
    "RunStage",
]


class Phase(StrEnum):
    """The three phases of the staged model (clinical.md §5.1)."""

    SETTLE = "settle"
    STRENGTHEN = "strengthen"
    RETURN_TO_RUN = "return_to_run"


@dataclass(frozen=True, slots=True)
class Level:
    """One weekly step of the strength ladder: its phase and (exercise id, dose) list."""

    number: int
    phase: Phase
    items: tuple[tuple[str, Dose], ...]


def _reps(sets: int, reps: int, *, per_side: bool = True, clam: bool = False) -> Dose:
    tempo = CLAM_TEMPO if clam else STRENGTH_TEMPO
    return Dose(sets=sets, reps=reps, per_side=per_side, tempo=tempo)


def _hold(sets: int, hold_s: int, *, rest_s: int = 45) -> Dose:
    return Dose(sets=sets, hold_s=hold_s, rest_s=rest_s)


_MOBILITY = (
    ("foam_roll_glutes_tfl", Dose(sets=1, hold_s=60, rest_s=15)),
    ("foam_roll_lateral_thigh", Dose(sets=1, hold_s=60, rest_s=15)),
    ("glute_stretch", _hold(2, 30, rest_s=15)),
    ("quadriceps_stretch", _hold(2, 30, rest_s=15)),
    ("tfl_stretch", _hold(2, 30, rest_s=15)),
)

LEVELS: tuple[Level, ...] = (
    Level(
        1,
        Phase.SETTLE,
        (
            ("hip_bridge", _reps(3, 10, per_side=False)),
            ("clamshell", _reps(1, 20, clam=True)),
            ("side_lying_hip_abduction", _reps(2, 10)),
            ("side_plank_knees", _hold(2, 30)),
            ("hip_hike", _reps(3, 10)),
            *_MOBILITY,
        ),
    ),
    Level(
        2,
        Phase.SETTLE,
        (
            ("hip_bridge", _reps(3, 15, per_side=False)),
            ("clamshell", _reps(1, 20, clam=True)),
            ("side_lying_hip_abduction", _reps(3, 10)),
            ("side_plank_knees", _hold(2, 40)),
            ("hip_hike", _reps(3, 20)),
            *_MOBILITY,
        ),
    ),
    Level(
        3,
        Phase.STRENGTHEN,
        (
            ("single_leg_bridge", _reps(2, 10)),
            ("banded_clamshell", _reps(2, 10, clam=True)),
            ("lateral_band_walk", Dose(sets=2, reps=15, rest_s=45)),
            ("side_plank_knees", _hold(2, 40)),
            ("step_down", _reps(2, 10)),
            *_MOBILITY,
        ),
    ),
    Level(
        4,
        Phase.STRENGTHEN,
        (
            ("single_leg_bridge", _reps(3, 10)),
            ("banded_clamshell", _reps(3, 15, clam=True)),
            ("lateral_band_walk", Dose(sets=3, reps=15, rest_s=45)),
            ("side_plank", _hold(2, 15)),
            ("single_leg_squat", _reps(3, 12)),
            *_MOBILITY,
        ),
    ),
    Level(
        5,
        Phase.STRENGTHEN,
        (
            ("single_leg_bridge", _reps(3, 12)),
            ("banded_side_lying_hip_abduction", _reps(3, 10)),
            ("lateral_band_walk", Dose(sets=3, reps=15, rest_s=45)),
            ("side_plank", _hold(3, 20)),
            ("single_leg_squat", _reps(3, 12)),
            *_MOBILITY,
        ),
    ),
    Level(
        6,
        Phase.RETURN_TO_RUN,
        (
            ("single_leg_bridge", _reps(3, 12)),
            ("banded_side_lying_hip_abduction", _reps(3, 10)),
            ("lateral_band_walk", Dose(sets=3, reps=15, rest_s=45)),
            ("side_plank", _hold(3, 20)),
            ("single_leg_squat", _reps(3, 12)),
            *_MOBILITY[2:],
        ),
    ),
    Level(
        7,
        Phase.RETURN_TO_RUN,
        (
            ("single_leg_bridge", _reps(3, 12)),
            ("side_plank_abduction", _reps(2, 10)),
            ("lateral_band_walk", Dose(sets=2, reps=15, rest_s=45)),
            ("single_leg_squat", _reps(3, 12)),
            *_MOBILITY[2:],
        ),
    ),
    Level(
        8,
        Phase.RETURN_TO_RUN,
        (
            ("single_leg_bridge", _reps(3, 15)),
            ("side_plank_abduction", _reps(3, 10)),
            ("lateral_band_walk", Dose(sets=3, reps=15, rest_s=45)),
            ("single_leg_squat", _reps(3, 12)),
            *_MOBILITY[2:],
        ),
    ),
)
"""The strength ladder, level 1 first (clinical.md §5.1, §5.4.1)."""

FIRST_RUN_LEVEL = 6
"""Runs start with the return-to-run phase (clinical.md §5.1 step 4)."""


@dataclass(frozen=True, slots=True)
class RunStage:
    """One stage of the run ladder: effort, walk/run intervals and session distance."""

    number: int
    rpe: int
    walk_s: int
    run_s: int | None
    distance_km: float

    def describe(self) -> str:
        """'walk 2 min / run 3 min, 1.6 km in all, easy (RPE 3/10)'."""
        if self.run_s is None:
            work = "run continuously"
        else:
            work = f"walk {self.walk_s // 60} min / run {self.run_s // 60} min"
        return f"{work}, {self.distance_km:.1f} km in all, effort {self.rpe}/10"


MILE_KM = 1.609344

RUN_STAGES: tuple[RunStage, ...] = (
    RunStage(1, 3, 120, 180, round(1.0 * MILE_KM, 2)),
    RunStage(2, 3, 120, 180, round(1.5 * MILE_KM, 2)),
    RunStage(3, 4, 120, 240, round(1.5 * MILE_KM, 2)),
    RunStage(4, 4, 120, 240, round(2.0 * MILE_KM, 2)),
    RunStage(5, 5, 60, 240, round(2.0 * MILE_KM, 2)),
    RunStage(6, 5, 0, None, round(2.0 * MILE_KM, 2)),
)
"""*Trials* 2023 Table 1 (clinical.md §5.8 A), miles converted to km."""

RUNS_PER_WEEK = 3
"""Every other day, at least one rest day between runs (clinical.md §5.8 A, B)."""
RUN_STAGE_REPEATS = 2
"""Complete each stage at least twice before moving on (clinical.md §5.8 A)."""
BUILD_WEEKLY_RISE = 0.10
"""After the ladder, about +10% weekly volume a week [expert opinion] (clinical.md §5.8 C)."""

EXERCISE_PAIN_SAFE_MAX = 3
"""0-3/10 during exercise is 'safe' (clinical.md §5.9)."""
EXERCISE_PAIN_ACCEPTABLE_MAX = 5
"""4-5/10 is 'acceptable'; over 5 is 'too much' (clinical.md §5.9)."""
RUN_PAIN_STOP = 4
"""Stop a run when lateral knee pain reaches 3-4/10 or keeps rising: the stricter rule
for runs, because ITBS pain builds during a run (clinical.md §5.9 design note)."""
RUN_PAIN_PROGRESS_MAX = 2
"""Move a run stage on only when pain stayed under 3/10 (clinical.md §5.8 C)."""
