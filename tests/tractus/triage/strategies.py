"""Hypothesis strategies for complete, valid answer sets."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tractus.triage import QUESTIONNAIRE, AnswerType, Question


def answer_for(question: Question) -> st.SearchStrategy[Any]:
    """Any valid value for one question."""
    match question.answer_type:
        case AnswerType.YES_NO:
            return st.booleans()
        case AnswerType.INTEGER:
            return st.integers(int(question.minimum), int(question.maximum))  # type: ignore[arg-type]
        case AnswerType.NUMBER:
            return st.floats(question.minimum, question.maximum, allow_nan=False)
        case AnswerType.SINGLE_CHOICE:
            return st.sampled_from(question.option_codes)
    return st.lists(st.sampled_from(question.option_codes), min_size=1, unique=True)


# Every question answered: validation keeps the shown ones and drops the rest.
complete_answers = st.fixed_dictionaries(
    {question.id: answer_for(question) for question in QUESTIONNAIRE.questions}
)
