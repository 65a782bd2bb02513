"""Every number a form takes is bounded on both sides (issue 8, item 10).

An unbounded integer reaches the database as an out-of-range error (a 500 on
PostgreSQL) and an unbounded float as a nonsense dose or time.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

import clinic

NUMERIC = (forms.IntegerField, forms.FloatField, forms.DecimalField)


def _project_forms() -> Iterator[type[forms.BaseForm]]:
    for module in pkgutil.iter_modules(clinic.__path__):
        try:
            importlib.import_module(f"clinic.{module.name}.forms")
        except ModuleNotFoundError:
            continue
    seen: set[type[forms.BaseForm]] = set()
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("clinic.") and sub not in seen:
                seen.add(sub)
                yield sub


def _fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The fields of a form as built (some add bounds in __init__)."""
    needed: dict[str, Any] = {
        name: None
        for name, param in inspect.signature(form_class.__init__).parameters.items()
        if param.kind is param.KEYWORD_ONLY and param.default is param.empty
    }
    try:
        return dict(form_class(**needed).fields)
    except (TypeError, AttributeError):  # cannot be built bare: its declared fields
        return dict(getattr(form_class, "base_fields", {}))


@pytest.mark.django_db
def test_every_numeric_form_field_has_both_bounds() -> None:
    unbounded = []
    for form_class in _project_forms():
        for name, field in _fields(form_class).items():
            if not isinstance(field, NUMERIC):
                continue
            kinds = {type(v) for v in field.validators}
            if not {MinValueValidator, MaxValueValidator} <= kinds:
                unbounded.append(
                    f"{form_class.__module__}.{form_class.__name__}.{name}"
                )
    assert unbounded == []


def test_a_huge_id_is_refused_by_the_form() -> None:
    from clinic.bookings.forms import SlotChoiceForm

    form = SlotChoiceForm({"clinician": str(10**30), "at": "2026-01-05T09:00:00Z"})
    assert not form.is_valid()
    assert "clinician" in form.errors
