"""What the load page shows: series, flags and recent runs of one runner."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict, cast

import pandas as pd
from django.db.models import QuerySet

from clinic.lib.dates import day_text
from clinic.runners.models import Runner
from clinic.training.charts import Bar, BarChart, weekly_bar_chart
from clinic.training.convert import to_core
from clinic.training.load_cache import cached_for_runner
from clinic.training.models import Activity
from tractus.load import (
    AcwrValue,
    FlagKind,
    LoadFlag,
    SpikeLimits,
    WeekSoFar,
    load_report,
    runs_frame,
    week_so_far,
)

RANGES_WEEKS = {"12": 12, "26": 26, "52": 52, "all": None}
DEFAULT_RANGE = "26"


class WeekRow(TypedDict):
    """One week of the training page's table and charts."""

    week: date
    distance_km: float
    descent_m: float
    runs: float
    flags: str
    descent_flags: str
    days_so_far: int | None  # the week in progress: its days up to today


@dataclass(frozen=True)
class TrainingOverview:
    runs_count: int
    first_day: date | None
    last_day: date | None
    report_day: date
    flags: list[LoadFlag]
    flags_in_range: list[LoadFlag]
    acwr: AcwrValue | None
    # Spike limits for the next run; None when the history is not current.
    next_run: SpikeLimits | None
    # This week so far beside the weeks before; None when the history is not current.
    this_week: WeekSoFar | None
    distance_chart: BarChart | None
    descent_chart: BarChart | None
    weeks: list[WeekRow]


def runs_of(runner: Runner) -> QuerySet[Activity]:
    return Activity.objects.filter(runner=runner, sport="running")


def runs_table(runner: Runner) -> pd.DataFrame:
    """The runner's runs as the core's runs table (`tractus.load.RUN_COLUMNS`)."""
    return runs_frame(to_core(row) for row in runs_of(runner).order_by("start_time"))


def recent_runs(runner: Runner, *, today: date, limit: int = 15) -> list[Activity]:
    """The newest runs; kept with the load page until the runs change."""
    return cached_for_runner(
        runner,
        today=today,
        variant=f"recent:{limit}",
        compute=lambda: list(runs_of(runner).order_by("-start_time")[:limit]),
    )


def report_day(runner: Runner, today: date) -> date:
    """Today, or the last run's day when the history ended long ago (an old export)."""
    last = (
        runs_of(runner)
        .order_by("-local_date")
        .values_list("local_date", flat=True)
        .first()
    )
    if last is None or today - last <= timedelta(days=28):
        return today
    return last


def _days_so_far(monday: date, *, today: date) -> int | None:
    """Days of the week up to today when `monday` starts today's week, else None."""
    days = (today - monday).days + 1
    return days if 1 <= days <= 7 else None


def _flags_by_week(flags: list[LoadFlag]) -> dict[pd.Timestamp, list[str]]:
    by_week: dict[pd.Timestamp, list[str]] = defaultdict(list)
    for flag in flags:
        monday = pd.Timestamp(flag.day - timedelta(days=flag.day.weekday()))
        by_week[monday].append(flag_title(flag))
    return by_week


FLAG_LABELS = {
    FlagKind.SINGLE_RUN_SPIKE: "Single run much longer than usual",
    FlagKind.WEEKLY_PROGRESSION: "Weekly distance up sharply",
    FlagKind.DESCENT_SPIKE: "Much more downhill than usual",
    FlagKind.CONSECUTIVE_DAYS: "Many days in a row",
}


def describe_flag(flag: LoadFlag) -> str:
    label = FLAG_LABELS.get(flag.kind, flag.kind.value.replace("_", " "))
    return f"{label} ({flag.band})" if flag.band else label


def flag_title(flag: LoadFlag) -> str:
    return f"{describe_flag(flag)} on {day_text(flag.day)}"


def training_overview(
    runner: Runner, *, today: date, range_key: str
) -> TrainingOverview | None:
    """The load page's series, flags and charts; kept until the runs or day change.

    `today` is the runner's own date (their time zone); see `load_cache` for what
    refreshes the kept result.
    """
    return cached_for_runner(
        runner,
        today=today,
        variant=range_key,
        compute=lambda: compute_overview(runner, today=today, range_key=range_key),
    )


def compute_overview(
    runner: Runner, *, today: date, range_key: str
) -> TrainingOverview | None:
    """`training_overview` computed from the database (no cache)."""
    day = report_day(runner, today)
    runs = runs_table(runner)
    if runs.empty:
        return None
    report = load_report(runs, today=day)
    weekly = report.weekly
    weeks_shown = RANGES_WEEKS.get(range_key, RANGES_WEEKS[DEFAULT_RANGE])
    if weeks_shown is not None:
        weekly = weekly.iloc[-weeks_shown:]
    first_week = weekly.index.min()
    in_range = [f for f in report.flags if pd.Timestamp(f.day) >= first_week]
    descent_marks = _flags_by_week(
        [f for f in in_range if f.kind is FlagKind.DESCENT_SPIKE]
    )
    distance_marks = _flags_by_week(
        [f for f in in_range if f.kind is not FlagKind.DESCENT_SPIKE]
    )
    # weekly_load labels each week by its Monday.
    weeks = cast("Iterable[tuple[pd.Timestamp, pd.Series[float]]]", weekly.iterrows())
    rows: list[WeekRow] = [
        {
            "week": monday.date(),
            "distance_km": float(row["distance_m"]) / 1000,
            "descent_m": float(row["descent_m"]),
            "runs": float(row["runs"]),
            "flags": "; ".join(distance_marks.get(monday, [])),
            "descent_flags": "; ".join(descent_marks.get(monday, [])),
            "days_so_far": _days_so_far(monday.date(), today=today),
        }
        for monday, row in weeks
    ]
    return TrainingOverview(
        runs_count=len(runs),
        first_day=runs["local_date"].min().date(),
        last_day=runs["local_date"].max().date(),
        report_day=day,
        flags=sorted(report.flags, key=lambda f: f.day, reverse=True),
        flags_in_range=sorted(in_range, key=lambda f: f.day, reverse=True),
        acwr=report.acwr,
        next_run=report.next_run if day == today else None,
        this_week=week_so_far(report.weekly, today=day) if day == today else None,
        distance_chart=weekly_bar_chart(
            [
                Bar(r["week"], r["distance_km"], r["flags"], r["days_so_far"])
                for r in rows
            ],
            unit="km",
            label="Weekly running distance",
            name="distance",
        ),
        descent_chart=weekly_bar_chart(
            [
                Bar(r["week"], r["descent_m"], r["descent_flags"], r["days_so_far"])
                for r in rows
            ],
            unit="m",
            label="Weekly descent",
            name="descent",
        ),
        weeks=rows,
    )
