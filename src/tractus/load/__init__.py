"""Training load over a runner's history: series, overuse flags and the ACWR.

Build the runs table with `runs_frame` (or from stored rows following
`RUN_COLUMNS`), then call `daily_load` / `weekly_load`, `compute_flags`,
`uncoupled_acwr` / `ewma_acwr`, `spike_limits` (how long the next run can be),
`week_so_far` (this week beside the usual one),
or `load_report` for all of them.
References: clinical.md section 4.1-4.2; activities.md section 4.
"""

from __future__ import annotations

from tractus.load.acwr import (
    ACWR_CAVEAT,
    AcwrValue,
    acwr_on,
    ewma_acwr,
    uncoupled_acwr,
)
from tractus.load.flags import (
    EvidenceStrength,
    FlagKind,
    LoadFlag,
    LoadParams,
    compute_flags,
)
from tractus.load.nextrun import SpikeLimits, next_run_day, spike_limits
from tractus.load.report import LoadReport, load_report
from tractus.load.schema import RUN_COLUMNS, runs_frame, validate_runs
from tractus.load.series import DAILY_COLUMNS, daily_load, weekly_load
from tractus.load.week import RECENT_WEEKS, WeekSoFar, week_so_far
from tractus.load.weekly_flags import HAZARD_RATIO_NOTE, FlaggedWeek, group_by_week

__all__ = [
    "ACWR_CAVEAT",
    "AcwrValue",
    "DAILY_COLUMNS",
    "EvidenceStrength",
    "FlagKind",
    "FlaggedWeek",
    "HAZARD_RATIO_NOTE",
    "LoadFlag",
    "LoadParams",
    "LoadReport",
    "RECENT_WEEKS",
    "RUN_COLUMNS",
    "SpikeLimits",
    "WeekSoFar",
    "acwr_on",
    "compute_flags",
    "daily_load",
    "ewma_acwr",
    "group_by_week",
    "load_report",
    "next_run_day",
    "runs_frame",
    "spike_limits",
    "uncoupled_acwr",
    "validate_runs",
    "week_so_far",
    "weekly_load",
]
