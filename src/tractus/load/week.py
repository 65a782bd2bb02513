"""This week so far, beside the weeks before it: the first thing a runner asks.

A load page opens on "how much have I run this week, and is that a lot for
me?". The answer compares the current week (Monday to `today`, so it is
usually incomplete) with last week and with the mean of the full weeks
before it. Plain sums of the weekly series: no threshold and no clinical
claim, so nothing to cite; the flags (`compute_flags`) carry the judgements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

__all__ = ["RECENT_WEEKS", "WeekSoFar", "week_so_far"]

# How many full weeks before this one make "your usual week": four covers a
# month, the span runners plan in, without reaching back to another season.
RECENT_WEEKS = 4


@dataclass(frozen=True, slots=True)
class WeekSoFar:
    """The week that holds `today`, up to `today`, and the weeks before it.

    `days_in` counts the days from Monday to `today` (1-7). `last_week_m` is
    None when the history starts this week; `usual_week_m` is the mean of up
    to `RECENT_WEEKS` full weeks before this one (None without any), over
    `usual_weeks` weeks.
    """

    week_start: date
    today: date
    distance_m: float
    runs: int
    days_in: int
    last_week_m: float | None
    usual_week_m: float | None
    usual_weeks: int


def week_so_far(
    weekly: pd.DataFrame, *, today: date, recent_weeks: int = RECENT_WEEKS
) -> WeekSoFar:
    """Sum up the week of `today` from the weekly series (`weekly_load`'s frame).

    Parameters
    ----------
    weekly : pandas.DataFrame
        Weekly totals labelled by their Monday (`tractus.load.weekly_load`),
        with at least the columns distance_m and runs.
    today : datetime.date
        The runner's own date (passed in; the core never reads the clock).
    recent_weeks : int
        Full weeks before this one that make the usual week.
    """
    monday = today - timedelta(days=today.weekday())
    index = pd.DatetimeIndex(weekly.index)
    this = weekly[index == pd.Timestamp(monday)]
    before = weekly[index < pd.Timestamp(monday)].iloc[-recent_weeks:]
    distance = before["distance_m"].astype(float)
    return WeekSoFar(
        week_start=monday,
        today=today,
        distance_m=float(this["distance_m"].sum()),
        runs=int(this["runs"].sum()),
        days_in=today.weekday() + 1,
        last_week_m=float(distance.iloc[-1]) if len(distance) else None,
        usual_week_m=float(distance.mean()) if len(distance) else None,
        usual_weeks=len(distance),
    )
