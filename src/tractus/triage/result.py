"""What the triage engine returns, and its JSON form.

`TriageResult` is a frozen value: the ITBS likelihood band with its reasons, the
red flags with the overall urgency, the ranked differential diagnoses, the
training-load risk factors, the next step, and the rules that fired (for
audit). `to_dict` gives the JSON stored by the web and printed by the CLI;
`from_dict` reads it back, so a stored result round-trips exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "Differential",
    "FiredRule",
    "Likelihood",
    "LoadRisk",
    "NextStep",
    "RedFlag",
    "TriageResult",
    "Urgency",
]


class Likelihood(StrEnum):
    """How well the answers fit iliotibial band syndrome: a band, not a diagnosis."""

    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


_URGENCY_RANK = {"none": 0, "urgent": 1, "emergency": 2}


class Urgency(StrEnum):
    """How soon to get care; ordered ``none < urgent < emergency``.

    ``emergency`` means same day (emergency department); ``urgent`` means a
    doctor within days.
    """

    NONE = "none"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        """0, 1, 2 for none, urgent, emergency."""
        return _URGENCY_RANK[self.value]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Urgency):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Urgency):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Urgency):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Urgency):
            return self.rank >= other.rank
        return NotImplemented


class NextStep(StrEnum):
    """What the runner should do next, from most to least urgent."""

    EMERGENCY_CARE = "emergency_care"
    URGENT_GP = "urgent_gp"
    BOOK_DIAGNOSTIC = "book_diagnostic"
    SELF_MANAGE_AND_BOOK = "self_manage_and_book"


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign that needs medical care before any exercise programme."""

    id: str
    urgency: Urgency
    title: str
    advice: str
    source: str
    # A clinician's wording ("The runner reports ..."); empty in results saved
    # before questionnaire 2026.2.
    finding: str = ""


@dataclass(frozen=True, slots=True)
class Differential:
    """Another condition worth ruling out; `score` sums the weights of its pointers."""

    id: str
    name: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoadRisk:
    """A training-load risk factor with the strength of its evidence."""

    id: str
    text: str
    evidence: str
    source: str


@dataclass(frozen=True, slots=True)
class FiredRule:
    """Audit record of a rule that fired."""

    rule_id: str
    rule_version: str
    source: str


@dataclass(frozen=True, slots=True)
class TriageResult:
    """The outcome of one symptom check. Build it with `tractus.triage.assess`."""

    questionnaire_version: str
    engine_version: str
    itbs_likelihood: Likelihood
    itbs_score: int
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    urgency: Urgency
    red_flags: tuple[RedFlag, ...]
    differentials: tuple[Differential, ...]
    load_risks: tuple[LoadRisk, ...]
    next_step_code: NextStep
    next_step: str
    evidence_note: str
    rules_fired: tuple[FiredRule, ...]
    # False when the check stopped early at an emergency (answers given so far).
    complete: bool = True

    @property
    def has_red_flag(self) -> bool:
        """True when any red flag was found (then no exercises, no routine booking)."""
        return self.urgency is not Urgency.NONE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; `from_dict` reads it back."""
        return {
            "questionnaire_version": self.questionnaire_version,
            "engine_version": self.engine_version,
            "itbs_likelihood": str(self.itbs_likelihood),
            "itbs_score": self.itbs_score,
            "reasons_for": list(self.reasons_for),
            "reasons_against": list(self.reasons_against),
            "urgency": str(self.urgency),
            "red_flags": [_red_flag_dict(flag) for flag in self.red_flags],
            "differentials": [_differential_dict(d) for d in self.differentials],
            "load_risks": [_load_risk_dict(risk) for risk in self.load_risks],
            "next_step_code": str(self.next_step_code),
            "next_step": self.next_step,
            # Derived, for the web: a red flag means no exercises, no routine booking.
            "start_exercises": not self.has_red_flag,
            "offer_booking": not self.has_red_flag,
            "evidence_note": self.evidence_note,
            "complete": self.complete,
            "rules_fired": [
                {
                    "rule_id": r.rule_id,
                    "rule_version": r.rule_version,
                    "source": r.source,
                }
                for r in self.rules_fired
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TriageResult:
        """Rebuild a result stored with `to_dict` (derived keys are recomputed)."""
        return cls(
            questionnaire_version=data["questionnaire_version"],
            engine_version=data["engine_version"],
            itbs_likelihood=Likelihood(data["itbs_likelihood"]),
            itbs_score=int(data["itbs_score"]),
            reasons_for=tuple(data["reasons_for"]),
            reasons_against=tuple(data["reasons_against"]),
            urgency=Urgency(data["urgency"]),
            red_flags=tuple(
                RedFlag(
                    f["id"],
                    Urgency(f["urgency"]),
                    f["title"],
                    f["advice"],
                    f["source"],
                    f.get("finding", ""),
                )
                for f in data["red_flags"]
            ),
            differentials=tuple(
                Differential(d["id"], d["name"], int(d["score"]), tuple(d["reasons"]))
                for d in data["differentials"]
            ),
            load_risks=tuple(
                LoadRisk(r["id"], r["text"], r["evidence"], r["source"])
                for r in data["load_risks"]
            ),
            next_step_code=NextStep(data["next_step_code"]),
            next_step=data["next_step"],
            evidence_note=data["evidence_note"],
            rules_fired=tuple(
                FiredRule(r["rule_id"], r["rule_version"], r["source"])
                for r in data["rules_fired"]
            ),
            complete=bool(data.get("complete", True)),
        )


def _red_flag_dict(flag: RedFlag) -> dict[str, str]:
    return {
        "id": flag.id,
        "urgency": str(flag.urgency),
        "title": flag.title,
        "advice": flag.advice,
        "source": flag.source,
        "finding": flag.finding,
    }


def _differential_dict(item: Differential) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "score": item.score,
        "reasons": list(item.reasons),
    }


def _load_risk_dict(risk: LoadRisk) -> dict[str, str]:
    return {
        "id": risk.id,
        "text": risk.text,
        "evidence": risk.evidence,
        "source": risk.source,
    }
