"""Weekly bar charts as inline SVG: no chart library, nothing fetched at run time.

Server-drawn SVG scales on a phone, prints, and needs no script; each bar and
flag carries a <title> so a tap or hover names the week and the value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 16, 28


@dataclass(frozen=True, slots=True)
class Bar:
    week: date
    value: float
    flagged: str = ""  # flag titles in that week, "" if none


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html escapes before formatting)."""
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    """The top of the axis: four round steps (1, 2, 2.5 or 5 x 10^k) covering `value`."""
    if value <= 0:
        return 4.0
    rough = value / 4
    magnitude: float = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    return step * 4


def _grid(top_value: float, unit: str) -> SafeString:
    rows = []
    for i in range(5):
        value = top_value * i / 4
        y = TOP + (HEIGHT - TOP - BOTTOM) * (1 - i / 4)
        rows.append(
            (LEFT, _n(y), WIDTH - RIGHT, _n(y), LEFT - 4, _n(y + 4), f"{value:g}")
        )
    lines = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
        rows,
    )
    return format_html('{}<text x="4" y="10" class="axis">{}</text>', lines, unit)


def _bars(bars: Sequence[Bar], top_value: float, unit: str) -> SafeString:
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for i, bar in enumerate(bars):
        h = plot_h * bar.value / top_value
        x, y = LEFT + i * slot + slot * 0.12, TOP + plot_h - h
        cls = "bar flagged" if bar.flagged else "bar"
        title = f"Week of {bar.week:%d %b %Y}: {bar.value:.1f} {unit}"
        if bar.flagged:
            title += f" — {bar.flagged}"
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>',
                _n(x),
                _n(y),
                _n(slot * 0.76),
                _n(max(h, 0.0)),
                cls,
                title,
            )
        )
        if bar.flagged:
            cx = x + slot * 0.38
            parts.append(
                format_html(
                    '<path d="M{} {} l5 -9 l-10 0 z" class="flag-mark"><title>{}</title></path>',
                    _n(cx),
                    _n(y - 3),
                    bar.flagged,
                )
            )
    return SafeString("".join(parts))


def _labels(bars: Sequence[Bar]) -> SafeString:
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    every = max(1, math.ceil(len(bars) / 8))
    rows = [
        (_n(LEFT + i * slot + slot / 2), HEIGHT - 8, f"{bar.week:%d %b}")
        for i, bar in enumerate(bars)
        if i % every == 0
    ]
    return format_html_join(
        "", '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>', rows
    )


def weekly_bar_chart(bars: Sequence[Bar], *, unit: str, label: str) -> SafeString:
    """An accessible SVG bar chart of weekly values with flagged weeks marked."""
    top_value = _nice_max(max((b.value for b in bars), default=0.0))
    return format_html(
        '<svg viewBox="0 0 {} {}" class="chart" role="img" aria-label="{}">{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        _grid(top_value, unit),
        _bars(bars, top_value, unit),
        _labels(bars),
    )
