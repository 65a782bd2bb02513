"""Triage: is it really the IT band? The symptom check, its rules and red flags.

The questionnaire is data (`QUESTIONNAIRE`, versioned), answers are checked by
`validate_answers` / `validate_partial_answers` (skip logic through
`visible_questions` / `visible_pages`), and `assess` turns them into a
`TriageResult` (`complete=False` for the answers so far, when `screen_so_far`
stopped the check at an emergency): the ITBS likelihood band with reasons, red flags and urgency,
ranked differential diagnoses, training-load risks, the next step, and the
rules that fired. Every rule cites its section of clinical.md.
"""

from __future__ import annotations

from tractus.triage.answers import (
    Answers,
    AnswerValue,
    is_shown,
    validate_answers,
    validate_partial_answers,
    visible_pages,
    visible_questions,
)
from tractus.triage.catalogue import QUESTIONNAIRE, QUESTIONNAIRE_VERSION
from tractus.triage.engine import ALL_RULES, ENGINE_VERSION, EVIDENCE_NOTE, assess
from tractus.triage.questionnaire import (
    AnswerType,
    EnableWhen,
    Option,
    Page,
    Question,
    Questionnaire,
)
from tractus.triage.red_flags import EmergencyStop, screen_so_far
from tractus.triage.result import (
    Differential,
    FiredRule,
    Likelihood,
    LoadRisk,
    NextStep,
    RedFlag,
    TriageResult,
    Urgency,
)
from tractus.triage.rules import OutcomeKind, Rule
from tractus.triage.versions import PUBLISHED_VERSIONS, questionnaire_for

__all__ = [
    "ALL_RULES",
    "AnswerType",
    "AnswerValue",
    "Answers",
    "Differential",
    "ENGINE_VERSION",
    "EVIDENCE_NOTE",
    "EmergencyStop",
    "EnableWhen",
    "FiredRule",
    "Likelihood",
    "LoadRisk",
    "NextStep",
    "Option",
    "OutcomeKind",
    "PUBLISHED_VERSIONS",
    "Page",
    "QUESTIONNAIRE",
    "QUESTIONNAIRE_VERSION",
    "Question",
    "Questionnaire",
    "RedFlag",
    "Rule",
    "TriageResult",
    "Urgency",
    "assess",
    "is_shown",
    "questionnaire_for",
    "screen_so_far",
    "validate_answers",
    "validate_partial_answers",
    "visible_pages",
    "visible_questions",
]
