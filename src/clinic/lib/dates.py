"""Dates written one way across the app: "6 Dec 2026", "Sun 6 Dec 2026", "6 Dec".

Templates use the `dates` filters (`day`, `weekday`, `day_month`), Python code
the functions below, so a date reads the same in a page, a chart's summary and
a tooltip: day without a leading zero, the month's short name, then the year.
"""

from __future__ import annotations

from datetime import date

from django.utils import dateformat

DATE = "j M Y"  # 6 Dec 2026
WEEKDAY_DATE = "D j M Y"  # Sun 6 Dec 2026
DAY_MONTH = "j M"  # 6 Dec: only where the year is said nearby (chart ticks)


def day_text(value: date) -> str:
    return dateformat.format(value, DATE)


def weekday_text(value: date) -> str:
    return dateformat.format(value, WEEKDAY_DATE)


def day_month_text(value: date) -> str:
    return dateformat.format(value, DAY_MONTH)
