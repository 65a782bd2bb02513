"""Moving through the questionnaire's pages, honouring its skip logic.

A page is shown only when at least one of its questions is visible given the
answers so far; answers to questions the skip logic hides are dropped, so
going back and changing an answer never leaves stale answers behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from clinic.triage.forms import PageForm
from tractus.triage import (
    QUESTIONNAIRE,
    Answers,
    EmergencyStop,
    Page,
    Question,
    Questionnaire,
    screen_so_far,
    validate_answers,
    visible_questions,
)


def page_ids() -> list[str]:
    return [p.id for p in QUESTIONNAIRE.pages]


def page(page_id: str) -> Page:
    return next(p for p in QUESTIONNAIRE.pages if p.id == page_id)


def _questions_by_id() -> dict[str, Question]:
    return {q.id: q for q in QUESTIONNAIRE.questions}


def visible_on_page(page_id: str, answers: Mapping[str, Any]) -> list[Question]:
    visible = {q.id for q in visible_questions(answers, questionnaire=QUESTIONNAIRE)}
    by_id = _questions_by_id()
    return [by_id[qid] for qid in page(page_id).question_ids if qid in visible]


def renderable_on_page(page_id: str, answers: Mapping[str, Any]) -> list[Question]:
    """The questions to put on the page: the visible ones, plus those that depend
    on another question of the same page (the page's script shows them once the
    answer they depend on is given)."""
    on_page = set(page(page_id).question_ids)
    visible = {q.id for q in visible_on_page(page_id, answers)}
    by_id = _questions_by_id()
    return [
        by_id[qid]
        for qid in page(page_id).question_ids
        if qid in visible or _depends_on_any(by_id[qid], on_page)
    ]


def _depends_on_any(question: Question, question_ids: set[str]) -> bool:
    return (
        question.enable_when is not None
        and question.enable_when.question_id in question_ids
    )


def _visible_pages(answers: Mapping[str, Any]) -> list[str]:
    return [pid for pid in page_ids() if visible_on_page(pid, answers)]


def answers_through(page_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers on `page_id` and the pages before it.

    After a runner went back to change a mis-tapped emergency answer, the
    session also holds the later pages' answers; an earlier page must not stop
    the check for an answer the runner is about to change on its own page.
    """
    upto = page_ids()[: page_ids().index(page_id) + 1]
    asked = {qid for pid in upto for qid in page(pid).question_ids}
    return {qid: value for qid, value in answers.items() if qid in asked}


def stop_page_id(answers: Mapping[str, Any]) -> str:
    """The page whose answers made the check an emergency (where it stopped).

    The check stops on the first page after which the answers so far hold an
    emergency flag; the flags only ever grow with more answers (see
    `screen_so_far`), so replaying the pages in order finds that page again.
    """
    for pid in _visible_pages(answers):
        if emergency_so_far(answers_through(pid, answers)) is not None:
            return pid
    return first_page_id(answers)


def first_page_id(answers: Mapping[str, Any]) -> str:
    return _visible_pages(answers)[0]


def next_page_id(page_id: str, answers: Mapping[str, Any]) -> str | None:
    later = page_ids()[page_ids().index(page_id) + 1 :]
    return next((pid for pid in later if visible_on_page(pid, answers)), None)


def previous_url(page_id: str, answers: Mapping[str, Any]) -> str:
    earlier = page_ids()[: page_ids().index(page_id)]
    previous = [pid for pid in earlier if visible_on_page(pid, answers)]
    if not previous:
        return reverse("triage:start")
    return reverse("triage:page", kwargs={"page_id": previous[-1]})


def progress(page_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    pages = _visible_pages(answers)
    position = pages.index(page_id) + 1 if page_id in pages else 1
    return {
        "step": position,
        "steps": len(pages),
        "percent": round(100 * (position - 1) / max(len(pages), 1)),
        "is_last": next_page_id(page_id, answers) is None,
        "back_url": previous_url(page_id, answers),
    }


def bind_page(
    page_id: str, data: Mapping[str, Any], answers: Mapping[str, Any]
) -> PageForm:
    """A bound form holding the questions visible once this page's answers count.

    A question on this page can depend on another on the same page, so the
    visible set is worked out from the answers with this page's values merged in.
    """
    by_id = _questions_by_id()
    everything = PageForm([by_id[qid] for qid in page(page_id).question_ids], data=data)
    with_page = merge(answers, page_id, everything.partial_answers())
    return PageForm(visible_on_page(page_id, with_page), data=data)


def merge(
    answers: Mapping[str, Any], page_id: str, page_answers: Mapping[str, Any]
) -> dict[str, Any]:
    """The answers with this page's replaced, minus any the skip logic now hides."""
    on_page = set(page(page_id).question_ids)
    merged = {k: v for k, v in answers.items() if k not in on_page}
    merged.update({k: v for k, v in page_answers.items() if v is not None})
    visible = {q.id for q in visible_questions(merged, questionnaire=QUESTIONNAIRE)}
    return {k: v for k, v in merged.items() if k in visible}


def page_of_question(question_id: str) -> str:
    for p in QUESTIONNAIRE.pages:
        if question_id in p.question_ids:
            return p.id
    return page_ids()[0]


def enable_when_for_page(page_id: str) -> dict[str, Any]:
    """Skip-logic conditions of this page's questions, for the page's script."""
    by_id = _questions_by_id()
    conditions: dict[str, Any] = {}
    for qid in page(page_id).question_ids:
        condition = by_id[qid].enable_when
        if condition is not None:
            conditions[qid] = {
                "question": condition.question_id,
                "values": [_form_value(v) for v in condition.values],
            }
    return conditions


def answered_questions(
    answers: Mapping[str, Any], questionnaire: Questionnaire
) -> list[tuple[str, str]]:
    """(question, answer in words) pairs, in the order of the questionnaire they were
    given under (an older version for older checks), for the result page."""
    rows = []
    for question in questionnaire.questions:
        if question.id in answers:
            rows.append((question.text, _describe(question, answers[question.id])))
    return rows


def _form_value(value: str | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _describe(question: Question, value: Any) -> str:
    labels = {o.code: o.label for o in question.options}
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        codes: list[str] = value  # a multi-choice answer: option codes
        return ", ".join(labels.get(v, v) for v in codes) or "None"
    if value in labels:
        return labels[value]
    return f"{value} {question.unit or ''}".strip()


def validated(
    answers: Mapping[str, Any], questionnaire: Questionnaire, *, complete: bool
) -> Answers:
    return validate_answers(answers, questionnaire=questionnaire, complete=complete)


def emergency_so_far(answers: Mapping[str, Any]) -> EmergencyStop | None:
    """The emergency red flags in the answers given so far (None when there is none)."""
    return screen_so_far(validate_answers(answers, complete=False))
