"""The red-flag data types and the plain advice they share.

Advice names no country's services: "an emergency department" and "a doctor".
A clinic sets its local emergency number and wording in the web app; the core
only says where to go and what not to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from tractus.triage.result import RedFlag, Urgency
from tractus.triage.rules import Condition, OutcomeKind, Rule

__all__ = ["EMERGENCY_ADVICE", "URGENT_ADVICE", "RedFlagSpec", "flag"]

EMERGENCY_ADVICE = (
    "Go to an emergency department today. Do not run or start any exercises until "
    "you have been seen."
)
URGENT_ADVICE = (
    "See a doctor within the next few days. Stop running and do not start "
    "exercises until you have been seen."
)


@dataclass(frozen=True, slots=True)
class RedFlagSpec:
    """A red-flag rule with what it means for the runner and for a clinician."""

    rule: Rule
    urgency: Urgency
    title: str
    advice: str
    finding: str = ""

    def to_red_flag(self) -> RedFlag:
        """The `RedFlag` reported when the rule fires."""
        return RedFlag(
            self.rule.id.removeprefix("red_flag."),
            self.urgency,
            self.title,
            self.advice,
            self.rule.source,
            self.finding,
        )


def flag(
    flag_id: str,
    when: Condition,
    source: str,
    urgency: Urgency,
    title: str,
    text: tuple[str, str],
) -> RedFlagSpec:
    """A red flag: `text` is (advice to the runner, finding for a clinician).

    The standard "what to do" sentence for the urgency is added to the advice.
    """
    advice, finding = text
    action = EMERGENCY_ADVICE if urgency is Urgency.EMERGENCY else URGENT_ADVICE
    rule = Rule(f"red_flag.{flag_id}", "2", when, OutcomeKind.RED_FLAG, source)
    return RedFlagSpec(rule, urgency, title, f"{advice} {action}", finding)
