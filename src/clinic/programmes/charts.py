"""Outcome charts as inline SVG, with the minimal clinically important difference marked.

Drawn on the server like the training charts (no script, prints, scales on a phone).
The dashed line is where the first value would have to move to for a meaningful
improvement (clinical.md §7.1, §7.2); a measure without a known MCID has none.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from clinic.lib.dates import day_month_text
from clinic.programmes.selectors import OutcomeSeries

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 22


def _mcid_target(series: OutcomeSeries) -> float | None:
    info = series.info
    if info.mcid_points is None or not series.entries:
        return None
    first = series.entries[0].value
    step = info.mcid_points
    if info.mcid_pct is not None:
        step = min(step, first * info.mcid_pct / 100) if first > 0 else step
    target = first + step if info.higher_is_better else first - step
    top = info.high if info.high is not None else target
    return max(info.low, min(top, target))


def _scale(series: OutcomeSeries) -> tuple[float, float]:
    values = [e.value for e in series.entries]
    high = series.info.high
    top = high if high is not None else max([*values, 1.0]) * 1.2
    return float(series.info.low), float(top)


def outcome_chart(series: OutcomeSeries) -> SafeString:
    """A line of the measure's values over time; empty when there are none."""
    if not series.entries:
        return mark_safe("")  # noqa: S308 - a constant empty string
    low, top = _scale(series)
    first, last = series.entries[0].recorded_on, series.entries[-1].recorded_on
    span = max((last - first).days, 1)

    def x(day_index: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * day_index / span

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / ((top - low) or 1))

    points = [(x((e.recorded_on - first).days), y(e.value), e) for e in series.entries]
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5"><title>{}: {}</title></circle>',
        (
            (f"{px:.1f}", f"{py:.1f}", e.recorded_on, f"{e.value:g}")
            for px, py, e in points
        ),
    )
    target = _mcid_target(series)
    mcid = (
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="mcid"/>'
            '<text x="{}" y="{}" class="axis">meaningful change</text>',
            LEFT,
            WIDTH - RIGHT,
            f"{y(target):.1f}",
            f"{y(target):.1f}",
            LEFT + 4,
            f"{y(target) - 3:.1f}",
        )
        if target is not None
        else ""
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" class="chart outcome" role="img" aria-label="{}">'
        '<text x="2" y="{}" class="axis">{}</text><text x="2" y="{}" class="axis">{}</text>'
        '{}<polyline points="{}" class="line"/>{}'
        '<text x="{}" y="{}" class="axis">{}</text>'
        '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text></svg>',
        WIDTH,
        HEIGHT,
        series.info.label,
        TOP + 8,
        f"{top:g}",
        HEIGHT - BOTTOM,
        f"{low:g}",
        mcid,
        path,
        dots,
        LEFT,
        HEIGHT - 6,
        day_month_text(first),
        WIDTH - RIGHT,
        HEIGHT - 6,
        day_month_text(last),
    )
