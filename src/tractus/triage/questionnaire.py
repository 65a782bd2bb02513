"""The shape of a symptom questionnaire: questions, answer types, pages, skip logic.

A questionnaire is data. Each `Question` has a snake_case id, plain-language text,
an answer type, its options or its allowed range, whether it must be answered,
and an optional `EnableWhen` condition (skip logic: the question is shown only
when an earlier answer has one of the given values). Questions are grouped into
ordered `Page`s so a phone shows a few at a time. `Questionnaire` checks its own
consistency when built, so a broken questionnaire fails at import, not in use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "AnswerType",
    "EnableWhen",
    "Option",
    "Page",
    "Question",
    "Questionnaire",
    "choice_question",
    "yes_no_question",
]

_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class AnswerType(StrEnum):
    """How a question is answered."""

    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    INTEGER = "integer"
    NUMBER = "number"


CHOICE_TYPES = frozenset({AnswerType.SINGLE_CHOICE, AnswerType.MULTI_CHOICE})
NUMERIC_TYPES = frozenset({AnswerType.INTEGER, AnswerType.NUMBER})


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option of a choice question: a stable code and the label shown."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class EnableWhen:
    """Skip logic: show the question only when `question_id`'s answer is in `values`.

    For a multi-choice controller the condition holds when any selected option is
    in `values`; for a yes/no controller the values are booleans.
    """

    question_id: str
    values: tuple[str | bool, ...]


@dataclass(frozen=True, slots=True)
class Question:
    """One question; `minimum`/`maximum` are inclusive and in `unit`."""

    id: str
    text: str
    answer_type: AnswerType
    help_text: str = ""
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    required: bool = True
    enable_when: EnableWhen | None = None

    @property
    def option_codes(self) -> tuple[str, ...]:
        """The option codes in display order."""
        return tuple(option.code for option in self.options)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description of the question."""
        data: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "help_text": self.help_text,
            "answer_type": str(self.answer_type),
            "required": self.required,
        }
        if self.options:
            data["options"] = [{"code": o.code, "label": o.label} for o in self.options]
        if self.answer_type in NUMERIC_TYPES:
            data.update(minimum=self.minimum, maximum=self.maximum, unit=self.unit)
        if self.enable_when is not None:
            data["enable_when"] = {
                "question_id": self.enable_when.question_id,
                "values": list(self.enable_when.values),
            }
        return data


@dataclass(frozen=True, slots=True)
class Page:
    """A screenful of questions, shown in order."""

    id: str
    title: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, repr=False)
class Questionnaire:
    """A versioned questionnaire; questions are ordered as the pages show them."""

    id: str
    version: str
    title: str
    pages: tuple[Page, ...]
    questions: tuple[Question, ...]
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {question.id: question for question in self.questions}
        object.__setattr__(self, "_by_id", by_id)
        _check_questionnaire(self)

    def __repr__(self) -> str:
        return (
            f"Questionnaire({self.id!r}, version={self.version!r}, "
            f"{len(self.pages)} pages, {len(self.questions)} questions)"
        )

    def question(self, question_id: str) -> Question:
        """The question with this id; `KeyError` if there is none."""
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        """Whether the questionnaire asks this question."""
        return question_id in self._by_id

    def page(self, page_id: str) -> Page:
        """The page with this id; `KeyError` if there is none."""
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Questionnaire:
        """Rebuild a questionnaire from its `to_dict` form (a published version)."""
        pages = []
        questions: list[Question] = []
        for page in data["pages"]:
            items = tuple(_question_from_dict(q) for q in page["questions"])
            pages.append(Page(page["id"], page["title"], tuple(q.id for q in items)))
            questions.extend(items)
        return cls(
            data["id"], data["version"], data["title"], tuple(pages), tuple(questions)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description (what `tractus triage --questions` prints)."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "pages": [
                {
                    "id": page.id,
                    "title": page.title,
                    "questions": [
                        self.question(q).to_dict() for q in page.question_ids
                    ],
                }
                for page in self.pages
            ],
        }


def _question_from_dict(data: dict[str, Any]) -> Question:
    """One question from its `Question.to_dict` form."""
    condition = data.get("enable_when")
    return Question(
        data["id"],
        data["text"],
        AnswerType(data["answer_type"]),
        data.get("help_text", ""),
        options=tuple(Option(o["code"], o["label"]) for o in data.get("options", ())),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
        unit=data.get("unit"),
        required=data["required"],
        enable_when=None
        if condition is None
        else EnableWhen(condition["question_id"], tuple(condition["values"])),
    )


def yes_no_question(
    qid: str,
    text: str,
    help_text: str = "",
    *,
    required: bool = True,
    when: EnableWhen | None = None,
) -> Question:
    """A yes/no question (answers are booleans)."""
    return Question(
        qid, text, AnswerType.YES_NO, help_text, required=required, enable_when=when
    )


def choice_question(
    qid: str,
    text: str,
    options: tuple[tuple[str, str], ...],
    help_text: str = "",
    *,
    multi: bool = False,
    required: bool = True,
    when: EnableWhen | None = None,
) -> Question:
    """A single- or multi-choice question from (code, label) pairs."""
    kind = AnswerType.MULTI_CHOICE if multi else AnswerType.SINGLE_CHOICE
    return Question(
        qid,
        text,
        kind,
        help_text,
        options=tuple(Option(code, label) for code, label in options),
        required=required,
        enable_when=when,
    )


def _check_questionnaire(questionnaire: Questionnaire) -> None:
    """Raise `ValueError` when ids, pages, options or skip logic are inconsistent."""
    ids = [question.id for question in questionnaire.questions]
    if len(set(ids)) != len(ids):
        raise ValueError("question ids must be unique")
    paged = [qid for page in questionnaire.pages for qid in page.question_ids]
    if paged != ids:
        raise ValueError("pages must list every question once, in question order")
    if len({page.id for page in questionnaire.pages}) != len(questionnaire.pages):
        raise ValueError("page ids must be unique")
    seen: dict[str, Question] = {}
    for question in questionnaire.questions:
        _check_question(question, seen)
        seen[question.id] = question


def _check_question(question: Question, earlier: dict[str, Question]) -> None:
    """Check one question against the questions that come before it."""
    if not _SNAKE_CASE.match(question.id):
        raise ValueError(f"{question.id}: ids must be snake_case")
    has_options = bool(question.options)
    if has_options != (question.answer_type in CHOICE_TYPES):
        raise ValueError(f"{question.id}: options go with choice questions only")
    if question.answer_type in NUMERIC_TYPES and (
        question.minimum is None or question.maximum is None or question.unit is None
    ):
        raise ValueError(f"{question.id}: numeric questions need a range and a unit")
    condition = question.enable_when
    if condition is None:
        return
    controller = earlier.get(condition.question_id)
    if controller is None:
        raise ValueError(f"{question.id}: skip logic must refer to an earlier question")
    allowed: tuple[str | bool, ...] = (
        (True, False)
        if controller.answer_type is AnswerType.YES_NO
        else controller.option_codes
    )
    if not condition.values or any(v not in allowed for v in condition.values):
        raise ValueError(
            f"{question.id}: skip logic values must be answers of {controller.id}"
        )
