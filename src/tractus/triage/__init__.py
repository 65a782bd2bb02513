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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each public name and the module holding it. Imported on first use (PEP 562), so
# `tractus triage --questions` loads the questionnaire without the rules engine.
_MODULE_OF = {
    "ALL_RULES": "engine",
    "AnswerType": "questionnaire",
    "AnswerValue": "answers",
    "Answers": "answers",
    "Differential": "result",
    "ENGINE_VERSION": "engine",
    "EVIDENCE_NOTE": "engine",
    "EmergencyStop": "red_flags",
    "EnableWhen": "questionnaire",
    "FiredRule": "result",
    "Likelihood": "result",
    "LoadRisk": "result",
    "NextStep": "result",
    "Option": "questionnaire",
    "OutcomeKind": "rules",
    "PUBLISHED_VERSIONS": "versions",
    "Page": "questionnaire",
    "QUESTIONNAIRE": "catalogue",
    "QUESTIONNAIRE_VERSION": "catalogue",
    "Question": "questionnaire",
    "Questionnaire": "questionnaire",
    "RedFlag": "result",
    "Rule": "rules",
    "TriageResult": "result",
    "Urgency": "result",
    "assess": "engine",
    "is_shown": "answers",
    "questionnaire_for": "versions",
    "screen_so_far": "red_flags",
    "validate_answers": "answers",
    "validate_partial_answers": "answers",
    "visible_pages": "answers",
    "visible_questions": "answers",
}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
