"""`{% problem item %}`: an import row's or an analysis's error, worded plainly."""

from __future__ import annotations

from django import template

from clinic.lib.problems import Problem, problem_of
from clinic.motionlab.models import Analysis
from clinic.training.models import ImportItem

register = template.Library()


@register.inclusion_tag("lib/_problem.html")
def problem(row: ImportItem | Analysis) -> dict[str, Problem | None]:
    return {"problem": problem_of(row)}
