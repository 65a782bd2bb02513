"""One call for a runner's load page: series, flags, ACWR, next-run spike limits.

References: clinical.md section 4.1; activities.md section 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from tractus.load.acwr import AcwrValue, acwr_on
from tractus.load.flags import LoadFlag, LoadParams, compute_flags
from tractus.load.nextrun import SpikeLimits, next_run_day, spike_limits
from tractus.load.series import daily_load, weekly_load

__all__ = ["LoadReport", "load_report"]


@dataclass(frozen=True, slots=True)
class LoadReport:
    """Series, flags and the ACWR (with its caveat) of a history up to `today`.

    `next_run` gives the spike-band limits for the next run: today, or
    tomorrow when the history already has a run today.
    """

    today: date
    daily: pd.DataFrame = field(repr=False, compare=False)
    weekly: pd.DataFrame = field(repr=False, compare=False)
    flags: tuple[LoadFlag, ...]
    acwr: AcwrValue
    next_run: SpikeLimits


def load_report(
    runs: pd.DataFrame,
    *,
    today: date,
    params: LoadParams | None = None,
    start: date | None = None,
) -> LoadReport:
    """Build the load report of the runs table up to `today`.

    Parameters
    ----------
    runs : pandas.DataFrame
        The runs table (`tractus.load.schema.RUN_COLUMNS`).
    today : datetime.date
        Last day of the series (passed in; the core never reads the clock).
    params : LoadParams, optional
        Flag thresholds.
    start : datetime.date, optional
        First day of the series; default: the first run's day, or `today` minus
        27 days when there is no run.

    References
    ----------
    clinical.md 4.1; activities.md section 4.
    """
    runs = runs[runs["local_date"] <= pd.Timestamp(today)]
    if start is None:
        start = (
            runs["local_date"].min().date() if len(runs) else today - timedelta(days=27)
        )
    daily = daily_load(runs, start=start, end=today)
    return LoadReport(
        today=today,
        daily=daily,
        weekly=weekly_load(daily),
        flags=compute_flags(runs, today=today, params=params),
        acwr=acwr_on(daily["distance_m"], today),
        next_run=spike_limits(runs, day=next_run_day(runs, today=today), params=params),
    )
