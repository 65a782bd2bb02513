"""Sources and notes on runner pages: studies and plain words, not our reference file."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tractus.citations import Citation, citations, without_file_references

register = template.Library()


def _cited(citation: Citation) -> SafeString:
    if citation.url:
        return format_html('<a href="{}">{}</a>', citation.url, citation.text)
    return format_html("{}", citation.text)


@register.filter
def readable_source(source: str) -> SafeString:
    """The studies a source names, linked when they have a DOI; empty when none."""
    return format_html_join("; ", "{}", ((_cited(c),) for c in citations(source)))


@register.filter
def plain_note(text: str) -> str:
    """A note without the references to our reference file."""
    return without_file_references(text)
