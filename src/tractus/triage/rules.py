"""Rules as data: a condition over the answers, an outcome kind, a version and a source.

A `Rule` pairs a `Condition` (built from the small combinators below) with an id,
a version, the kind of outcome it produces and the clinical.md section it rests
on. The question ids a rule reads are derived from its condition, so they can
never drift from what the rule actually looks at. A condition over an answer
that is absent (not given, or hidden by skip logic) is false: a rule never
fires on an answer the runner did not give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "AllOf",
    "AnyOf",
    "Chosen",
    "Condition",
    "Is",
    "Not",
    "NumberAbove",
    "NumberAtLeast",
    "OutcomeKind",
    "Rule",
    "Yes",
]


class OutcomeKind(StrEnum):
    """What a rule contributes to the result when it fires."""

    RED_FLAG = "red_flag"
    ITBS_FOR = "itbs_for"
    ITBS_AGAINST = "itbs_against"
    DIFFERENTIAL = "differential"
    LOAD_RISK = "load_risk"


class Condition:
    """A yes/no test over validated answers that knows which questions it reads."""

    __slots__ = ()

    @property
    def reads(self) -> frozenset[str]:
        raise NotImplementedError

    def holds(self, answers: Mapping[str, object]) -> bool:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Yes(Condition):
    """The yes/no question was answered yes."""

    question_id: str

    @property
    def reads(self) -> frozenset[str]:
        return frozenset({self.question_id})

    def holds(self, answers: Mapping[str, object]) -> bool:
        return answers.get(self.question_id) is True


@dataclass(frozen=True, slots=True)
class Is(Condition):
    """The answer equals one of `values` (a single choice or a yes/no)."""

    question_id: str
    values: tuple[str | bool, ...]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset({self.question_id})

    def holds(self, answers: Mapping[str, object]) -> bool:
        if self.question_id not in answers:
            return False
        answer = answers[self.question_id]
        return any(type(answer) is type(v) and answer == v for v in self.values)


@dataclass(frozen=True, slots=True)
class Chosen(Condition):
    """Any of `codes` was ticked in a multi-choice answer."""

    question_id: str
    codes: tuple[str, ...]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset({self.question_id})

    def holds(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.question_id)
        return isinstance(answer, tuple) and any(code in answer for code in self.codes)


@dataclass(frozen=True, slots=True)
class NumberAbove(Condition):
    """A numeric answer is strictly above `threshold`."""

    question_id: str
    threshold: float

    @property
    def reads(self) -> frozenset[str]:
        return frozenset({self.question_id})

    def holds(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.question_id)
        return _is_number(answer) and answer > self.threshold  # type: ignore[operator]


@dataclass(frozen=True, slots=True)
class NumberAtLeast(Condition):
    """A numeric answer is at or above `threshold`."""

    question_id: str
    threshold: float

    @property
    def reads(self) -> frozenset[str]:
        return frozenset({self.question_id})

    def holds(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.question_id)
        return _is_number(answer) and answer >= self.threshold  # type: ignore[operator]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class AllOf(Condition):
    """Every part holds."""

    parts: tuple[Condition, ...]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset().union(*(part.reads for part in self.parts))

    def holds(self, answers: Mapping[str, object]) -> bool:
        return all(part.holds(answers) for part in self.parts)


@dataclass(frozen=True, slots=True)
class AnyOf(Condition):
    """At least one part holds."""

    parts: tuple[Condition, ...]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset().union(*(part.reads for part in self.parts))

    def holds(self, answers: Mapping[str, object]) -> bool:
        return any(part.holds(answers) for part in self.parts)


@dataclass(frozen=True, slots=True)
class Not(Condition):
    """The part does not hold (also true when its answer is absent)."""

    part: Condition

    @property
    def reads(self) -> frozenset[str]:
        return self.part.reads

    def holds(self, answers: Mapping[str, object]) -> bool:
        return not self.part.holds(answers)


@dataclass(frozen=True, slots=True)
class Rule:
    """One auditable triage rule.

    Attributes
    ----------
    id
        Stable dotted id, e.g. ``red_flag.suspected_infection``.
    version
        Bumped whenever the condition or the outcome changes.
    when
        The condition over the answers under which the rule fires.
    outcome
        The kind of outcome it contributes.
    source
        The clinical.md section (and the primary source) the rule rests on.
    """

    id: str
    version: str
    when: Condition
    outcome: OutcomeKind
    source: str

    @property
    def reads(self) -> tuple[str, ...]:
        """The question ids the rule reads, sorted."""
        return tuple(sorted(self.when.reads))

    def fires(self, answers: Mapping[str, object]) -> bool:
        """Whether the rule's condition holds for these answers."""
        return self.when.holds(answers)
