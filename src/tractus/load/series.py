"""Daily and weekly load series: distance, time, descent, number of runs.

Days are the runner's local calendar days (``local_date``); weeks run Monday to
Sunday and are labelled by their Monday. Days without a run hold 0 (a rest day
is a real zero load), while unknown descent stays out of the sum and is
counted in ``runs_without_descent``. References: activities.md section 4.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import numpy as np
import pandas as pd

__all__ = ["DAILY_COLUMNS", "daily_load", "weekly_load"]

DAILY_COLUMNS = (
    "distance_m",
    "duration_s",
    "descent_m",
    "runs",
    "longest_run_m",
    "largest_descent_m",
    "runs_without_descent",
)


def daily_load(runs: pd.DataFrame, *, start: date, end: date) -> pd.DataFrame:
    """Daily totals over ``start..end`` inclusive (runs outside are ignored).

    Parameters
    ----------
    runs : pandas.DataFrame
        The runs table (`tractus.load.schema.RUN_COLUMNS`).
    start, end : datetime.date
        First and last day of the series.

    Returns
    -------
    pandas.DataFrame
        Indexed by day (DatetimeIndex, daily), columns `DAILY_COLUMNS`.
    """
    days = pd.date_range(start, end, freq="D")
    n = len(days)
    offset = ((runs["local_date"] - pd.Timestamp(start)).dt.days).to_numpy()
    inside = (offset >= 0) & (offset < n)
    idx = offset[inside].astype(np.int64)
    distance = runs["distance_m"].to_numpy()[inside]
    descent = runs["descent_m"].to_numpy()[inside]
    known = ~np.isnan(descent)
    longest = np.zeros(n)
    np.maximum.at(longest, idx, distance)
    largest_descent = np.zeros(n)
    np.maximum.at(largest_descent, idx[known], descent[known])
    return pd.DataFrame(
        {
            "distance_m": np.bincount(idx, weights=distance, minlength=n),
            "duration_s": np.bincount(
                idx, weights=runs["duration_s"].to_numpy()[inside], minlength=n
            ),
            "descent_m": np.bincount(idx[known], weights=descent[known], minlength=n),
            "runs": np.bincount(idx, minlength=n),
            "longest_run_m": longest,
            "largest_descent_m": largest_descent,
            "runs_without_descent": np.bincount(idx[~known], minlength=n),
        },
        index=days,
    )


def weekly_load(daily: pd.DataFrame) -> pd.DataFrame:
    """Weekly (Monday-Sunday) totals of a daily series, labelled by the Monday.

    Returns
    -------
    pandas.DataFrame
        Columns: distance_m, duration_s, descent_m, runs, longest_run_m,
        runs_without_descent, days (days of the week inside the series).
    """
    days = cast(pd.DatetimeIndex, daily.index)  # daily_load's index: one row a day
    monday = days - pd.to_timedelta(days.weekday, unit="D")
    grouped = daily.groupby(monday)
    weekly = grouped[
        ["distance_m", "duration_s", "descent_m", "runs", "runs_without_descent"]
    ].sum()
    weekly["longest_run_m"] = grouped["longest_run_m"].max()
    weekly["days"] = grouped.size()
    weekly.index.name = "week_start"
    return weekly
