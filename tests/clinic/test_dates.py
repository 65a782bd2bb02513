"""Dates are written one way across the app (issue 15): "6 Dec 2026", "Sun 6 Dec 2026, 14:00"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.template import Context, Template

SRC = Path(__file__).resolve().parents[2] / "src/clinic"
# Day, short month, year; a weekday in front when it helps; time after a comma.
# "j M" only where the year is said nearby (a range, a chart's ends).
ONE_WAY = {
    "j M Y",
    "D j M Y",
    "j M Y, H:i",
    "j M Y, H:i e",  # with the time zone, where staff in two zones read it
    "D j M Y, H:i",
    "j M Y, H:i:s",
    "H:i",
    "j M",
}


def _template_formats() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in [*SRC.rglob("*.html"), *SRC.rglob("*.txt")]:
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            found.setdefault(fmt, set()).add(str(path.relative_to(SRC)))
    return found


def test_every_template_writes_dates_one_way() -> None:
    others = {
        fmt: paths for fmt, paths in _template_formats().items() if fmt not in ONE_WAY
    }
    assert others == {}


def test_python_code_shown_to_people_does_not_pad_days_or_spell_iso_dates() -> None:
    # strftime's %d pads ("09 Nov"); people read dates through clinic.lib.dates.
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"%d %b|%b %d|%A\b|%B\b", path.read_text())
    ]
    assert offenders == []


def test_the_dates_filters_write_the_same_as_the_templates() -> None:
    rendered = Template(
        '{% load dates %}{{ d|day }}|{{ d|weekday }}|{{ d|day_month }}|{{ d|date:"j M Y" }}'
    ).render(Context({"d": date(2026, 11, 9)}))
    assert rendered == "9 Nov 2026|Mon 9 Nov 2026|9 Nov|9 Nov 2026"
