"""The assessment form's number inputs with their units."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from clinic.workspace.forms import unit_of

register = template.Library()


@register.filter
def unit(field: BoundField) -> str:
    """The unit of a number field, from its name ("body_mass_kg" -> "kg")."""
    return unit_of(field.name)
