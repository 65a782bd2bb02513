"""Checking a runner's answers against the questionnaire, and the skip logic.

`validate_answers` turns raw answers (parsed JSON, form data already split into
values) into an immutable `Answers` mapping, or raises `TriageInputError` naming
the question and the problem. Only questions shown under the skip logic are
checked and kept; answers to hidden questions are dropped. `visible_questions`
and `visible_pages` give the web the same skip logic so it can skip hidden
questions and pages. Checks run in a fixed order (unknown ids sorted, then the
questionnaire's order), so the same answers always give the same error.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from tractus.errors import TriageInputError
from tractus.triage.catalogue import QUESTIONNAIRE
from tractus.triage.questionnaire import AnswerType, Page, Question, Questionnaire

__all__ = [
    "AnswerValue",
    "Answers",
    "is_shown",
    "validate_answers",
    "validate_partial_answers",
    "visible_pages",
    "visible_questions",
]

AnswerValue = bool | int | float | str | tuple[str, ...]

_YES_NO_WORDS = {"yes": True, "no": False}


class Answers(Mapping[str, AnswerValue]):
    """Validated answers: an immutable mapping of question id to value.

    Values are `bool` (yes/no), `int` (integer), `float` (number), `str` (single
    choice) or a tuple of option codes in the questionnaire's order (multi choice).
    Equality and hashing ignore the order the answers were given in.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, AnswerValue] | None = None) -> None:
        self._data: dict[str, AnswerValue] = dict(sorted((data or {}).items()))

    def __getitem__(self, key: str) -> AnswerValue:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers):
            return self._data == other._data
        return NotImplemented

    def __repr__(self) -> str:
        return f"Answers({self._data!r})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready answers (multi-choice tuples become lists)."""
        return {
            k: list(v) if isinstance(v, tuple) else v for k, v in self._data.items()
        }


def is_shown(question: Question, answers: Mapping[str, object]) -> bool:
    """Whether skip logic shows `question`, given the (validated) answers so far.

    A question whose controlling question is unanswered stays hidden. Callers
    evaluate questions in questionnaire order, so a question under a hidden
    controller is hidden too (the controller's answer has been dropped).
    """
    condition = question.enable_when
    if condition is None:
        return True
    if condition.question_id not in answers:
        return False
    answer = answers[condition.question_id]
    if isinstance(answer, tuple | list):
        return any(code in condition.values for code in answer)
    return any(_same_value(answer, value) for value in condition.values)


def _same_value(answer: object, value: str | bool) -> bool:
    """Compare without letting `1 == True` match a yes/no condition."""
    return type(answer) is type(value) and answer == value


def visible_questions(
    answers: Mapping[str, object], *, questionnaire: Questionnaire = QUESTIONNAIRE
) -> tuple[Question, ...]:
    """The questions shown, in order, given validated answers so far.

    Parameters
    ----------
    answers
        Validated answers (an `Answers` or the same kind of values).
    questionnaire
        The questionnaire to walk.

    Returns
    -------
    tuple of Question
        Every question whose skip logic is satisfied.
    """
    shown: list[Question] = []
    kept: dict[str, object] = {}
    for question in questionnaire.questions:
        if is_shown(question, kept):
            shown.append(question)
            if question.id in answers:
                kept[question.id] = answers[question.id]
    return tuple(shown)


def visible_pages(
    answers: Mapping[str, object], *, questionnaire: Questionnaire = QUESTIONNAIRE
) -> tuple[Page, ...]:
    """The pages with at least one shown question, in order (hidden pages skipped)."""
    shown = {
        question.id
        for question in visible_questions(answers, questionnaire=questionnaire)
    }
    return tuple(
        page
        for page in questionnaire.pages
        if any(q in shown for q in page.question_ids)
    )


def validate_answers(
    raw: Mapping[str, object],
    *,
    questionnaire: Questionnaire = QUESTIONNAIRE,
    complete: bool = True,
) -> Answers:
    """Check a set of answers and return them as `Answers`.

    Parameters
    ----------
    raw
        Question id to answer: `true`/`false` (or "yes"/"no") for yes/no
        questions, a number for integer/number questions, an option code for a
        single choice, a list of option codes for a multi choice.
    questionnaire
        The questionnaire the answers belong to.
    complete
        False for the answers given so far (a check stopped at an emergency):
        unanswered required questions are then allowed.

    Returns
    -------
    Answers
        The answers to the shown questions, normalised.

    Raises
    ------
    TriageInputError
        For an unknown question id, a value of the wrong type, an unknown option,
        a number out of range, or (when `complete`) a missing answer to a shown
        required question.
    """
    _check_keys(raw, questionnaire.questions, questionnaire)
    return _validate(raw, questionnaire.questions, {}, require=complete)


def validate_partial_answers(
    raw: Mapping[str, object],
    *,
    page_id: str,
    earlier: Mapping[str, object] | None = None,
    questionnaire: Questionnaire = QUESTIONNAIRE,
) -> Answers:
    """Check the answers to one page, given the validated answers of earlier pages.

    Parameters
    ----------
    raw
        Answers to questions of page `page_id` only.
    page_id
        The page being submitted.
    earlier
        Validated answers to other pages; they decide the skip logic of this page.
    questionnaire
        The questionnaire the answers belong to.

    Returns
    -------
    Answers
        The answers to the shown questions of this page.

    Raises
    ------
    TriageInputError
        As `validate_answers`; an id that is not on this page is "unknown".
        An unknown `page_id` raises it with the id "page".
    """
    try:
        page = questionnaire.page(page_id)
    except KeyError:
        raise TriageInputError(
            "page", f"{page_id!r} is not a page of this questionnaire"
        ) from None
    questions = tuple(questionnaire.question(q) for q in page.question_ids)
    _check_keys(raw, questions, questionnaire)
    context = {k: v for k, v in (earlier or {}).items() if k not in page.question_ids}
    return _validate(raw, questions, context)


def _check_keys(
    raw: object,
    questions: tuple[Question, ...],
    questionnaire: Questionnaire,
) -> None:
    """Reject a non-mapping and any id that is not one of `questions`."""
    if not isinstance(raw, Mapping):
        raise TriageInputError(
            "answers", "expected an object mapping question ids to answers"
        )
    allowed = {question.id for question in questions}
    for key in sorted(raw, key=str):
        if isinstance(key, str) and key in allowed:
            continue
        if isinstance(key, str) and questionnaire.has_question(key):
            raise TriageInputError(key, "is not a question on this page")
        raise TriageInputError(
            str(key), f"unknown question (not in questionnaire {questionnaire.version})"
        )


def _validate(
    raw: Mapping[str, object],
    questions: tuple[Question, ...],
    context: Mapping[str, object],
    *,
    require: bool = True,
) -> Answers:
    """Coerce the shown answers in order; hidden ones are dropped."""
    known: dict[str, object] = dict(context)
    kept: dict[str, AnswerValue] = {}
    for question in questions:
        if not is_shown(question, known):
            continue
        if question.id not in raw or raw[question.id] is None:
            if question.required and require:
                raise TriageInputError(question.id, "an answer is required")
            continue
        value = _coerce_answer(question, raw[question.id])
        kept[question.id] = value
        known[question.id] = value
    return Answers(kept)


def _coerce_answer(question: Question, value: object) -> AnswerValue:
    """Check one answer's type and range; return it normalised."""
    match question.answer_type:
        case AnswerType.YES_NO:
            return _coerce_yes_no(question, value)
        case AnswerType.INTEGER | AnswerType.NUMBER:
            return _coerce_number(question, value)
        case AnswerType.SINGLE_CHOICE:
            return _coerce_option(question, value)
        case AnswerType.MULTI_CHOICE:
            return _coerce_options(question, value)
    raise AssertionError(question.answer_type)  # pragma: no cover


def _describe(value: object) -> str:
    """How a wrong value is named in an error message."""
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return repr(value)


def _coerce_yes_no(question: Question, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _YES_NO_WORDS:
        return _YES_NO_WORDS[value.lower()]
    raise TriageInputError(
        question.id, f"expected yes or no (true/false), got {_describe(value)}"
    )


def _format_number(value: float) -> str:
    return (
        str(int(value))
        if float(value).is_integer() and abs(value) < 1e15
        else repr(value)
    )


def _coerce_number(question: Question, value: object) -> int | float:
    whole = question.answer_type is AnswerType.INTEGER
    kind = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TriageInputError(question.id, f"expected {kind}, got {_describe(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise TriageInputError(question.id, f"expected {kind}, got {value!r}")
    if whole and isinstance(value, float):
        if not value.is_integer():
            raise TriageInputError(question.id, f"expected {kind}, got {value!r}")
        value = int(value)
    number: int | float = value if whole else float(value)
    if question.minimum is not None and number < question.minimum:
        raise TriageInputError(
            question.id,
            f"{_format_number(number)} is below the minimum of "
            f"{_format_number(question.minimum)}",
        )
    if question.maximum is not None and number > question.maximum:
        raise TriageInputError(
            question.id,
            f"{_format_number(number)} is above the maximum of "
            f"{_format_number(question.maximum)}",
        )
    return number


def _coerce_option(question: Question, value: object) -> str:
    if not isinstance(value, str):
        raise TriageInputError(
            question.id, f"expected an option code, got {_describe(value)}"
        )
    if value not in question.option_codes:
        raise TriageInputError(
            question.id, f"{value!r} is not one of {', '.join(question.option_codes)}"
        )
    return value


def _coerce_options(question: Question, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TriageInputError(
            question.id, f"expected a list of option codes, got {_describe(value)}"
        )
    codes = [_coerce_option(question, code) for code in value]
    if len(set(codes)) != len(codes):
        raise TriageInputError(question.id, "an option is listed more than once")
    if not codes and question.required:
        raise TriageInputError(question.id, "choose at least one option")
    return tuple(code for code in question.option_codes if code in codes)
