"""`{% load dates %}`: the app's one way of writing a date (see clinic.lib.dates)."""

from __future__ import annotations

from datetime import date

from django import template

from clinic.lib.dates import day_month_text, day_text, weekday_text

register = template.Library()


@register.filter(expects_localtime=True)
def day(value: date | None) -> str:
    return "" if value is None else day_text(value)


@register.filter(expects_localtime=True)
def weekday(value: date | None) -> str:
    return "" if value is None else weekday_text(value)


@register.filter(expects_localtime=True)
def day_month(value: date | None) -> str:
    return "" if value is None else day_month_text(value)
