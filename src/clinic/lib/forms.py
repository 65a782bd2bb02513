"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator


def cap_fields(form: forms.BaseForm, most: dict[str, int]) -> None:
    """Give model-form number fields the upper bound their column lacks.

    A typing slip (a week as 10,080,000 minutes) is refused with a message
    instead of reaching the database or the schedule.
    """
    for name, limit in most.items():
        field = form.fields[name]
        field.validators.append(MaxValueValidator(limit))
        field.widget.attrs["max"] = limit
