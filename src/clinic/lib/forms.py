"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form and field drawn by the project's templates (`templates/forms/`).

    Django (5.0+) points each input's `aria-describedby` at `<id>_helptext` and
    `<id>_error`; these templates print the help text and the error list under
    exactly those ids, so a screen reader reads why a field is invalid, not just
    "invalid". A page that lays a field out by hand includes
    `forms/help_and_errors.html` beside the input for the same ids.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def cap_fields(form: forms.BaseForm, most: dict[str, int]) -> None:
    """Give model-form number fields the upper bound their column lacks.

    A typing slip (a week as 10,080,000 minutes) is refused with a message
    instead of reaching the database or the schedule.
    """
    for name, limit in most.items():
        field = form.fields[name]
        field.validators.append(MaxValueValidator(limit))
        field.widget.attrs["max"] = limit
