"""What the programme generator is told about a runner: `Findings`.

Five plain parts, each filled by whoever knows it: the symptom check's result
(`TriageSummary`), training-load flags (`LoadFindings`), the motion lab's running
analysis (`MotionFindings`), the clinician's head-to-toe assessment when there has been
one (`AssessmentFindings`, clinical.md §1.6) and the runner's preferences
(`Preferences`). Each positive finding has a `FindingCode`, which every plan item names
as the finding it answers. `to_dict` / `from_dict` give the JSON the command line reads;
`from_dict` names the field of anything it rejects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from tractus.errors import RehabInputError
from tractus.rehab.exercise import Equipment
from tractus.triage.result import Likelihood, RedFlag, TriageResult, Urgency

__all__ = [
    "AssessmentFindings",
    "FindingCode",
    "Findings",
    "LoadFindings",
    "MotionFindings",
    "Preferences",
    "Side",
    "TriageSummary",
]


class FindingCode(StrEnum):
    """A finding a plan item can answer; `label` is its plain-language name."""

    LATERAL_KNEE_PAIN = "lateral_knee_pain"
    WEEKLY_DISTANCE_SPIKE = "weekly_distance_spike"
    LONG_RUN_SPIKE = "long_run_spike"
    DOWNHILL = "downhill"
    CAMBER_OR_TRACK = "camber_or_track"
    CONSECUTIVE_DAYS = "consecutive_days"
    LOW_CADENCE = "low_cadence"
    CROSSOVER = "crossover"
    PELVIC_DROP = "pelvic_drop"
    HIP_ADDUCTION = "hip_adduction"
    TRUNK_LEAN = "trunk_lean"
    WEAK_HIP_ABDUCTORS = "weak_hip_abductors"
    WEAK_HIP_EXTERNAL_ROTATORS = "weak_hip_external_rotators"
    TIGHT_TFL_ITB = "tight_tfl_itb"
    TIGHT_QUADRICEPS = "tight_quadriceps"
    TIGHT_GLUTES = "tight_glutes"
    POOR_SINGLE_LEG_SQUAT = "poor_single_leg_squat"
    LOW_SIDE_PLANK_ENDURANCE = "low_side_plank_endurance"

    @property
    def label(self) -> str:
        """Plain-language name shown beside the plan item."""
        return _LABELS[self]


_LABELS = {
    FindingCode.LATERAL_KNEE_PAIN: "Pain at the outside of the knee (IT band)",
    FindingCode.WEEKLY_DISTANCE_SPIKE: "Weekly distance rose quickly",
    FindingCode.LONG_RUN_SPIKE: "A run much longer than recent runs",
    FindingCode.DOWNHILL: "Downhill running",
    FindingCode.CAMBER_OR_TRACK: "Cambered roads or one direction on a track",
    FindingCode.CONSECUTIVE_DAYS: "Running many days in a row",
    FindingCode.LOW_CADENCE: "Low cadence (steps per minute)",
    FindingCode.CROSSOVER: "Feet landing on or across the midline",
    FindingCode.PELVIC_DROP: "Pelvis dropping on the free side",
    FindingCode.HIP_ADDUCTION: "Thigh drifting inwards in stance",
    FindingCode.TRUNK_LEAN: "Trunk leaning over the stance leg",
    FindingCode.WEAK_HIP_ABDUCTORS: "Weak hip abductors",
    FindingCode.WEAK_HIP_EXTERNAL_ROTATORS: "Weak hip external rotators",
    FindingCode.TIGHT_TFL_ITB: "Tight outer hip (TFL / IT band, Ober test)",
    FindingCode.TIGHT_QUADRICEPS: "Tight quadriceps (modified Thomas test)",
    FindingCode.TIGHT_GLUTES: "Tight gluteal muscles",
    FindingCode.POOR_SINGLE_LEG_SQUAT: "Poor single-leg squat control",
    FindingCode.LOW_SIDE_PLANK_ENDURANCE: "Low side-plank endurance",
}


class Side(StrEnum):
    """Which knee hurts."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class TriageSummary:
    """What the generator needs of a symptom check's result."""

    urgency: Urgency = Urgency.NONE
    red_flags: tuple[RedFlag, ...] = ()
    itbs_likelihood: Likelihood = Likelihood.LIKELY
    next_step: str = ""

    @property
    def has_red_flag(self) -> bool:
        """A red flag means a referral and no exercises (clinical.md §3)."""
        return self.urgency is not Urgency.NONE

    @classmethod
    def from_result(cls, result: TriageResult) -> TriageSummary:
        """The summary of a full triage result."""
        return cls(
            result.urgency, result.red_flags, result.itbs_likelihood, result.next_step
        )


@dataclass(frozen=True, slots=True)
class LoadFindings:
    """Training-load flags (clinical.md §4.1, §4.2) and the usual weekly distance.

    `weekly_distance_km` is the runner's usual weekly distance before the pain (before
    any spike): the most the return-to-run build goes back to.
    """

    weekly_distance_spike: bool = False
    long_run_spike: bool = False
    downhill: bool = False
    camber_or_track: bool = False
    consecutive_days: bool = False
    weekly_distance_km: float | None = None


@dataclass(frozen=True, slots=True)
class MotionFindings:
    """Running analysis from the motion lab or the clinician's video review.

    `low_cadence` is the judgement; `cadence_spm` the measurement it rests on. The plan
    gives a cadence target only when both are there (clinical.md §4.5).
    """

    cadence_spm: float | None = None
    low_cadence: bool = False
    crossover: bool = False
    pelvic_drop: bool = False
    hip_adduction: bool = False
    trunk_lean: bool = False


@dataclass(frozen=True, slots=True)
class AssessmentFindings:
    """The clinician's head-to-toe assessment, as findings (clinical.md §1.6)."""

    weak_hip_abductors: bool = False
    weak_hip_external_rotators: bool = False
    tight_tfl_itb: bool = False
    tight_quadriceps: bool = False
    tight_glutes: bool = False
    poor_single_leg_squat: bool = False
    low_side_plank_endurance: bool = False
    affected_side: Side | None = None


MIN_DAYS_PER_WEEK = 2
MAX_DAYS_PER_WEEK = 6
"""Strength sessions a week the runner may choose; the published programme used 3
(clinical.md §5.4.1), and every plan keeps a rest day."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """How often the runner can train and what they have at home."""

    days_per_week: int = 3
    equipment: frozenset[Equipment] = frozenset()

    def __post_init__(self) -> None:
        if not MIN_DAYS_PER_WEEK <= self.days_per_week <= MAX_DAYS_PER_WEEK:
            raise RehabInputError(
                "preferences.days_per_week",
                f"must be {MIN_DAYS_PER_WEEK} to {MAX_DAYS_PER_WEEK}, "
                f"not {self.days_per_week}",
            )


_CODES = frozenset(code.value for code in FindingCode)

# Triage load-risk ids (tractus.triage.load_risks) and the load finding each sets.
_TRIAGE_LOAD_RISKS = {
    "weekly_distance_spike": "weekly_distance_spike",
    "long_run_spike": "long_run_spike",
    "new_hills_downhill": "downhill",
    "camber_or_track": "camber_or_track",
}


@dataclass(frozen=True, slots=True)
class Findings:
    """Everything the programme generator is told about one runner."""

    triage: TriageSummary
    load: LoadFindings = field(default_factory=LoadFindings)
    motion: MotionFindings = field(default_factory=MotionFindings)
    assessment: AssessmentFindings | None = None
    preferences: Preferences = field(default_factory=Preferences)

    @classmethod
    def from_triage(cls, result: TriageResult, **parts: Any) -> Findings:
        """Findings from a triage result; its load risks become load findings."""
        flags = {
            _TRIAGE_LOAD_RISKS[r.id]: True
            for r in result.load_risks
            if r.id in _TRIAGE_LOAD_RISKS
        }
        parts.setdefault("load", LoadFindings(**flags))
        return cls(TriageSummary.from_result(result), **parts)

    def codes(self) -> tuple[FindingCode, ...]:
        """The positive findings, in `FindingCode` order; pain always first."""
        present = {FindingCode.LATERAL_KNEE_PAIN}
        for part in (self.load, self.motion, self.assessment):
            if part is None:
                continue
            # A yes/no field named like a finding code sets that finding.
            for f in fields(part):
                if f.name in _CODES and getattr(part, f.name) is True:
                    present.add(FindingCode(f.name))
        return tuple(code for code in FindingCode if code in present)

    def has(self, code: FindingCode) -> bool:
        """True when this finding is present."""
        return code in self.codes()
