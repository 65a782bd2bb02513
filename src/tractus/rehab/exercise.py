"""What an exercise is: the record every part of the rehab programme reads.

An `Exercise` holds what a runner needs to do it well (purpose, dose, cues, what to feel
and where, common faults), how to make it easier or harder, the evidence behind it
(%MVIC where measured, with its source) and the motion-lab check that applies. The
records themselves are data in `library_strength` and `library_mobility`
(clinical.md §5, §6).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Activation",
    "Category",
    "Dose",
    "Equipment",
    "EvidenceLevel",
    "Exercise",
    "ExerciseFault",
    "Tempo",
]


class Category(StrEnum):
    """The three kinds of work the clinic prescribes (clinical.md §5.2-5.4)."""

    FOAM_ROLLING = "foam_rolling"
    STRENGTH = "strength"
    STRETCH = "stretch"


class Equipment(StrEnum):
    """What an exercise needs besides the floor."""

    BAND = "band"
    STEP = "step"
    FOAM_ROLLER = "foam_roller"


class EvidenceLevel(StrEnum):
    """How strong the evidence for an exercise is, in clinical.md's labels."""

    MODERATE = "moderate"
    WEAK = "weak"
    EXPERT_OPINION = "expert_opinion"

    @property
    def label(self) -> str:
        """In words: 'moderate', 'weak', 'expert opinion'."""
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds per phase of one repetition: lift, hold at the top, lower."""

    up_s: float
    hold_s: float
    down_s: float

    @property
    def rep_s(self) -> float:
        """Length of one repetition in seconds."""
        return self.up_s + self.hold_s + self.down_s


@dataclass(frozen=True, slots=True)
class Dose:
    """Sets of repetitions (with a tempo) or of timed holds, with the rest between sets.

    Exactly one of `reps` and `hold_s` is set. `per_side` means the sets are done on
    each side in turn (for band walks: each direction).
    """

    sets: int
    reps: int | None = None
    hold_s: int | None = None
    rest_s: int = 60
    per_side: bool = True
    tempo: Tempo | None = None

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("a dose has either repetitions or a hold time")
        if self.sets < 1:
            raise ValueError("a dose has at least one set")

    @property
    def is_hold(self) -> bool:
        """True for timed holds (planks, stretches, rolling)."""
        return self.hold_s is not None

    def describe(self) -> str:
        """'3 x 10 each side' or '2 x 30 s each side'."""
        amount = f"{self.reps}" if self.reps is not None else f"{self.hold_s} s"
        side = " each side" if self.per_side else ""
        return f"{self.sets} x {amount}{side}"

    def duration_s(self) -> float:
        """Estimated working plus rest time of the whole dose, in seconds."""
        if self.hold_s is not None:
            work = float(self.hold_s)
        else:
            assert self.reps is not None
            work = self.reps * (self.tempo.rep_s if self.tempo else 3.0)
        sides = 2 if self.per_side else 1
        return self.sets * sides * work + (self.sets - 1) * self.rest_s

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_s": self.hold_s,
            "rest_s": self.rest_s,
            "per_side": self.per_side,
            "tempo": None
            if self.tempo is None
            else {
                "up_s": self.tempo.up_s,
                "hold_s": self.tempo.hold_s,
                "down_s": self.tempo.down_s,
            },
            "text": self.describe(),
        }


@dataclass(frozen=True, slots=True)
class Activation:
    """Muscle activation in %MVIC (surface EMG, healthy subjects) with its source."""

    muscle: str
    low_pct: float
    high_pct: float
    source: str

    def describe(self) -> str:
        """'gluteus medius 38-67% MVIC'."""
        if self.low_pct == self.high_pct:
            return f"{self.muscle} {self.low_pct:g}% MVIC"
        return f"{self.muscle} {self.low_pct:g}-{self.high_pct:g}% MVIC"


@dataclass(frozen=True, slots=True)
class ExerciseFault:
    """A common fault: what it looks like, why it matters, how to fix it.

    `motion_fault` is the code the motion-lab analyser reports for it, when it has one.
    """

    fault: str
    why: str
    fix: str
    motion_fault: str | None = None


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise of the library, with its evidence.

    `motion_check` is the id of the motion-lab exercise analyser that checks its form
    (a value of `tractus.motion.Exercise`), or None when none applies; kept as a plain
    id so that reading the library does not load the video stack.
    """

    id: str
    name: str
    category: Category
    purpose: str
    dose: Dose
    setup: str
    cues: tuple[str, ...]
    feel: str
    faults: tuple[ExerciseFault, ...]
    easier: str | None
    harder: str | None
    equipment: tuple[Equipment, ...]
    activation: tuple[Activation, ...]
    evidence_level: EvidenceLevel
    evidence_note: str
    sources: tuple[str, ...]
    motion_check: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "id": self.id,
            "name": self.name,
            "category": str(self.category),
            "purpose": self.purpose,
            "dose": self.dose.to_dict(),
            "setup": self.setup,
            "cues": list(self.cues),
            "feel": self.feel,
            "faults": [
                {
                    "fault": f.fault,
                    "why": f.why,
                    "fix": f.fix,
                    "motion_fault": f.motion_fault,
                }
                for f in self.faults
            ],
            "easier": self.easier,
            "harder": self.harder,
            "equipment": [str(e) for e in self.equipment],
            "activation": [
                {
                    "muscle": a.muscle,
                    "low_pct": a.low_pct,
                    "high_pct": a.high_pct,
                    "source": a.source,
                }
                for a in self.activation
            ],
            "evidence_level": str(self.evidence_level),
            "evidence_note": self.evidence_note,
            "sources": list(self.sources),
            "motion_check": self.motion_check,
        }
