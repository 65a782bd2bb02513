"""Weekly bar charts: the bars as inline SVG, every word and number as HTML.

Text inside a scaled SVG shrinks with the screen (11 units of a 720-unit
drawing are 5 px on a 390 px phone), so the drawing holds only bars, grid
lines and flag marks, stretched to the card (preserveAspectRatio="none"),
while the axis values, week labels and the summary are ordinary HTML at body
size around it (`training/_bar_chart.html`). No chart library, nothing fetched
at run time, no script. Each bar carries a <title> naming its week and value;
the drawing's accessible name is a sentence summing the chart up; the weeks
themselves are a table one tap away on the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from clinic.lib.dates import day_month_text, day_text

SLOT_W = 10  # drawing units per week
PLOT_H = 100  # drawing height; CSS sets the height shown
TOP_GAP = 12  # room for a flag mark above the tallest bar
TICKS = 4  # grid steps; the template places tick i at (PLOT_H - TOP_GAP) * i / 4


@dataclass(frozen=True, slots=True)
class Bar:
    week: date
    value: float
    flagged: str = ""  # flag titles in that week, "" if none
    # Days counted so far when this is the week in progress (1 on its Monday);
    # None for a week that is over. A Monday's 0.0 km is not a week without runs.
    days_so_far: int | None = None

    def week_text(self) -> str:
        """ "Week of 7 Dec 2026", with "so far (1 day)" while the week is on."""
        text = f"Week of {day_text(self.week)}"
        if self.days_so_far is None:
            return text
        return f"{text} so far ({_days(self.days_so_far)})"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


@dataclass(frozen=True, slots=True)
class BarChart:
    """What `training/_bar_chart.html` lays out around the drawing."""

    svg: SafeString
    name: str  # unique on the page: the summary's id is "<name>-summary"
    unit: str
    y_ticks: tuple[str, ...]  # bottom to top
    x_labels: tuple[str, ...]  # first week, middle week, last week
    summary: str


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html escapes before formatting)."""
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    """The top of the axis: four round steps (1, 2, 2.5 or 5 x 10^k) covering `value`."""
    if value <= 0:
        return 4.0
    rough = value / TICKS
    magnitude: float = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    return step * TICKS


def _y(value: float, top_value: float) -> float:
    return PLOT_H - (PLOT_H - TOP_GAP) * value / top_value


def _grid(width: float) -> SafeString:
    rows = [(_n(_y(i, TICKS)), _n(width), _n(_y(i, TICKS))) for i in range(TICKS + 1)]
    return format_html_join(
        "",
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="grid" '
        'vector-effect="non-scaling-stroke"/>',
        rows,
    )


def _bar_class(bar: Bar) -> str:
    classes = ["bar"]
    if bar.flagged:
        classes.append("flagged")
    if bar.days_so_far is not None:
        classes.append("in-progress")
    return " ".join(classes)


def _bar(i: int, bar: Bar, top_value: float, unit: str) -> SafeString:
    x, y = i * SLOT_W + SLOT_W * 0.14, _y(bar.value, top_value)
    title = f"{bar.week_text()}: {bar.value:.1f} {unit}"
    if bar.flagged:
        title += f" — {bar.flagged}"
    rect = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}" '
        'vector-effect="non-scaling-stroke"><title>{}</title></rect>',
        _n(x),
        _n(y),
        _n(SLOT_W * 0.72),
        _n(max(PLOT_H - y, 0.0)),
        _bar_class(bar),
        title,
    )
    if not bar.flagged:
        return rect
    mark = format_html(
        '<path d="M{} {} l3 -7 l-6 0 z" class="flag-mark"><title>{}</title></path>',
        _n(i * SLOT_W + SLOT_W / 2),
        _n(y - 2),
        bar.flagged,
    )
    return SafeString(rect + mark)


def _summary(bars: Sequence[Bar], *, unit: str, label: str) -> str:
    highest = max(bars, key=lambda b: b.value)
    flagged = sum(1 for b in bars if b.flagged)
    weeks = "1 week" if len(bars) == 1 else f"{len(bars)} weeks"
    return (
        f"{label}: {weeks} from {day_text(bars[0].week)} to "
        f"{day_text(bars[-1].week)}: highest {highest.value:.1f} {unit} "
        f"(week of {day_text(highest.week)}), {_latest(bars, unit=unit)}; "
        f"{flagged} {'week' if flagged == 1 else 'weeks'} with a flag."
    )


def _latest(bars: Sequence[Bar], *, unit: str) -> str:
    """The newest week; while it is on, the last full week beside it."""
    latest = bars[-1]
    if latest.days_so_far is None:
        return f"latest {latest.value:.1f} {unit}"
    so_far = f"this week so far {latest.value:.1f} {unit} ({_days(latest.days_so_far)})"
    if len(bars) == 1:
        return so_far
    full = bars[-2]
    return (
        f"last full week {full.value:.1f} {unit} (week of {day_text(full.week)}), "
        + so_far
    )


def weekly_bar_chart(
    bars: Sequence[Bar], *, unit: str, label: str, name: str
) -> BarChart | None:
    """An accessible bar chart of weekly values with flagged weeks marked.

    The drawing is named by the summary the template prints under it
    (aria-labelledby), so what a screen reader hears is on the screen too.
    """
    if not bars:
        return None
    top_value = _nice_max(max(b.value for b in bars))
    width = len(bars) * SLOT_W
    summary = _summary(bars, unit=unit, label=label)
    svg = format_html(
        '<svg viewBox="0 0 {} {}" preserveAspectRatio="none" class="chart" '
        'role="img" aria-labelledby="{}-summary">{}{}</svg>',
        width,
        PLOT_H,
        name,
        _grid(width),
        SafeString("".join(_bar(i, b, top_value, unit) for i, b in enumerate(bars))),
    )
    middle = bars[len(bars) // 2]
    return BarChart(
        svg=svg,
        name=name,
        unit=unit,
        y_ticks=tuple(f"{top_value * i / TICKS:g}" for i in range(TICKS + 1)),
        x_labels=tuple(day_month_text(b.week) for b in (bars[0], middle, bars[-1])),
        summary=summary,
    )
