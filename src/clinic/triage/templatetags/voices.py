"""The runner's and the clinician's wording of a symptom check (core rules)."""

from __future__ import annotations

from django import template

from tractus.triage import LoadRisk, RedFlag
from tractus.triage.voices import runner_evidence, runner_source, runner_text

register = template.Library()


@register.filter
def plain_source(item: LoadRisk | RedFlag) -> str:
    """The item's source as authors, year, journal."""
    prefix = "load." if isinstance(item, LoadRisk) else "red_flag."
    return runner_source(prefix + item.id, item.source)


@register.filter
def plain_evidence(code: str) -> str:
    return runner_evidence(code)


@register.filter
def plain_text(text: str) -> str:
    return runner_text(text)
