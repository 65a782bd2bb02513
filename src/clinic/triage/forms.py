"""A Django form for one page of the questionnaire.

The questionnaire itself is core data; this module only maps its answer types to
form fields, so the browser gets the right inputs and the first line of
validation. The core validates again on completion and has the final word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from tractus.triage import Question

YES_NO = [("yes", "Yes"), ("no", "No")]


def _choices(question: Question) -> list[tuple[str, str]]:
    return [(o.code, o.label) for o in question.options]


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    kind = question.answer_type.value
    if kind == "yes_no":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == "single_choice":
        return forms.ChoiceField(
            choices=_choices(question), widget=forms.RadioSelect, **common
        )
    if kind == "multi_choice":
        return forms.MultipleChoiceField(
            choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common
        )
    # Any, like `common`: the stubs want int bounds for IntegerField, but Django's
    # validators compare any number, and the catalogue's bounds are floats.
    bounds: dict[str, Any] = {
        "min_value": question.minimum,
        "max_value": question.maximum,
    }
    field: forms.Field
    if kind == "integer":
        field = forms.IntegerField(**bounds, **common)
        field.widget.attrs["inputmode"] = "numeric"
    else:
        field = forms.FloatField(**bounds, **common)
        field.widget.attrs["inputmode"] = "decimal"
        field.widget.attrs["step"] = "any"
    if question.unit:
        field.widget.attrs["aria-describedby"] = f"unit-{question.id}"
    field.unit = question.unit or ""  # type: ignore[attr-defined]  # shown beside the box
    return field


def to_form_value(question: Question, value: Any) -> Any:
    """An answer as stored, turned into what the form field shows."""
    if question.answer_type.value == "yes_no" and isinstance(value, bool):
        return "yes" if value else "no"
    return value


def to_answer(question: Question, value: Any) -> Any:
    """A cleaned form value turned into the answer the core expects."""
    if value in (None, "", []):
        return None
    if question.answer_type.value == "yes_no":
        return value == "yes"
    if question.answer_type.value == "multi_choice":
        return list(value)
    return value


class PageForm(forms.Form):
    def __init__(
        self,
        questions: Sequence[Question],
        data: Mapping[str, Any] | None = None,
        initial_answers: Mapping[str, Any] | None = None,
    ) -> None:
        initial = {
            q.id: to_form_value(q, initial_answers[q.id])
            for q in questions
            if initial_answers and q.id in initial_answers
        }
        super().__init__(data=data, initial=initial)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.id] = _field_for(question)

    def answers(self) -> dict[str, Any]:
        """The valid answers on this page (None for a question left blank)."""
        return {q.id: to_answer(q, self.cleaned_data.get(q.id)) for q in self.questions}

    def partial_answers(self) -> dict[str, Any]:
        """Whatever the visitor filled in correctly, for going back without errors."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            q.id: to_answer(q, cleaned[q.id]) for q in self.questions if q.id in cleaned
        }
