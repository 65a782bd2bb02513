"""What the generator returns: a `Programme` and its parts, with their JSON form.

Every prescription and every piece of running guidance names the findings it answers
and cites its source. A programme for a red-flag result has a `Referral` and nothing
else: no exercises, no running.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tractus.rehab.exercise import Dose, EvidenceLevel
from tractus.rehab.findings import FindingCode
from tractus.rehab.protocols import Phase, RunStage
from tractus.triage.result import RedFlag, Urgency

__all__ = [
    "DayPlan",
    "Guidance",
    "LevelPlan",
    "Prescription",
    "Programme",
    "Referral",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise at one dose, the findings it answers and why."""

    exercise_id: str
    dose: Dose
    answers: tuple[FindingCode, ...]
    reason: str
    source: str
    optional: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "exercise": self.exercise_id,
            "dose": self.dose.to_dict(),
            "answers": [str(c) for c in self.answers],
            "reason": self.reason,
            "source": self.source,
            "optional": self.optional,
        }


@dataclass(frozen=True, slots=True)
class LevelPlan:
    """The exercises of one weekly level of the ladder."""

    number: int
    phase: Phase
    prescriptions: tuple[Prescription, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "level": self.number,
            "phase": str(self.phase),
            "prescriptions": [p.to_dict() for p in self.prescriptions],
        }


@dataclass(frozen=True, slots=True)
class Guidance:
    """Running advice with the conditions it holds under, its finding and source."""

    id: str
    text: str
    when: str
    answers: tuple[FindingCode, ...]
    evidence: EvidenceLevel
    source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "id": self.id,
            "text": self.text,
            "when": self.when,
            "answers": [str(c) for c in self.answers],
            "evidence": str(self.evidence),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class DayPlan:
    """What a weekday holds in the usual week: a strength session, a run, or rest."""

    weekday: int
    strength: bool
    run: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "weekday": WEEKDAYS[self.weekday],
            "strength": self.strength,
            "run": self.run,
        }


@dataclass(frozen=True, slots=True)
class Referral:
    """A red flag: see a doctor; the programme holds nothing else."""

    urgency: Urgency
    red_flags: tuple[RedFlag, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "urgency": str(self.urgency),
            "text": self.text,
            "red_flags": [
                {"id": f.id, "title": f.title, "advice": f.advice, "source": f.source}
                for f in self.red_flags
            ],
        }


@dataclass(frozen=True, slots=True)
class Programme:
    """A phased plan: strength ladder, weekly schedule, running guidance, run ladder."""

    version: str
    findings: tuple[FindingCode, ...]
    referral: Referral | None
    levels: tuple[LevelPlan, ...]
    schedule: tuple[DayPlan, ...]
    guidance: tuple[Guidance, ...]
    run_stages: tuple[RunStage, ...]
    weekly_run_cap_km: float | None
    """The most weekly running the plan builds to (None for a referral)."""
    notes: tuple[str, ...]

    @property
    def has_exercises(self) -> bool:
        """False for a referral."""
        return bool(self.levels)

    def level(self, number: int) -> LevelPlan:
        """The plan of one level (1-based), clamped to the ladder."""
        return self.levels[max(1, min(number, len(self.levels))) - 1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "version": self.version,
            "findings": [{"code": str(c), "label": c.label} for c in self.findings],
            "referral": None if self.referral is None else self.referral.to_dict(),
            "levels": [level.to_dict() for level in self.levels],
            "schedule": [day.to_dict() for day in self.schedule],
            "guidance": [g.to_dict() for g in self.guidance],
            "run_stages": [
                {
                    "stage": s.number,
                    "rpe": s.rpe,
                    "walk_s": s.walk_s,
                    "run_s": s.run_s,
                    "distance_km": s.distance_km,
                    "text": s.describe(),
                }
                for s in self.run_stages
            ],
            "weekly_run_cap_km": self.weekly_run_cap_km,
            "notes": list(self.notes),
        }
