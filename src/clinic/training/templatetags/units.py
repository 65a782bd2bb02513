"""Template filters that show SI values the way runners read them."""

from __future__ import annotations

from datetime import date, timedelta

from django import template

from clinic.training.selectors import describe_flag
from tractus.load import HAZARD_RATIO_NOTE, FlaggedWeek, LoadFlag, group_by_week
from tractus.load.weekly_flags import EVIDENCE_ORDER

register = template.Library()


@register.filter
def km(distance_m: float | None) -> str:
    return "—" if distance_m is None else f"{distance_m / 1000:.2f} km"


@register.filter
def hms(duration_s: float | None) -> str:
    if duration_s is None:
        return "—"
    total = round(duration_s)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    )


@register.filter
def pace(seconds_per_km: float | None) -> str:
    if seconds_per_km is None:
        return "—"
    minutes, seconds = divmod(round(seconds_per_km), 60)
    return f"{minutes}:{seconds:02d} /km"


@register.filter
def metres(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} m"


@register.filter
def whole(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


_EVIDENCE_LABELS = {
    "moderate": "moderate",
    "weak": "weak",
    "expert_opinion": "expert opinion",
}


@register.filter
def flag_label(flag: LoadFlag) -> str:
    return describe_flag(flag)


@register.filter
def flag_evidence(flag: LoadFlag) -> str:
    return _EVIDENCE_LABELS.get(flag.evidence.value, flag.evidence.value)


@register.filter
def by_week(flags: list[LoadFlag]) -> tuple[FlaggedWeek, ...]:
    """The flags as one line per week, the strongest evidence first (core rule)."""
    return group_by_week(flags)


@register.simple_tag
def hazard_ratio_note() -> str:
    return HAZARD_RATIO_NOTE


@register.filter
def flag_sources(weeks: tuple[FlaggedWeek, ...]) -> list[str]:
    """The studies behind the flags of `weeks`, each once, strongest evidence first.

    Every flag of a kind cites the same study; naming it once under the list
    keeps eight flagged weeks from repeating one citation eight times.
    """
    ordered = sorted(
        (flag for week in weeks for flag in week.flags),
        key=lambda flag: EVIDENCE_ORDER.get(flag.kind, len(EVIDENCE_ORDER)),
    )
    return list(dict.fromkeys(flag.source for flag in ordered))


@register.filter
def weeks_ago(week_start: date, day: date) -> str:
    """How long ago the week starting `week_start` was, seen from `day`."""
    weeks = (day - timedelta(days=day.weekday()) - week_start).days // 7
    if weeks <= 0:
        return "this week"
    return "last week" if weeks == 1 else f"{weeks} weeks ago"
