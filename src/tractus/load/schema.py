"""The runs table that every load metric takes, and how to build it.

Load metrics work on a pandas DataFrame of runs, one row per run, so the web
layer can build it straight from stored rows and the core never needs the
activity files. Columns (`RUN_COLUMNS`):

- ``start_time`` datetime64[ns, UTC]: start of the run.
- ``local_date`` datetime64[ns] (midnight, no zone): the runner's calendar day.
- ``distance_m`` float64, ``duration_s`` float64 (elapsed), ``descent_m`` float64
  (elevation loss; NaN when unknown, counted as unknown, not 0, in flags).
- ``run_id`` object: an identifier shown in flags (file name, database id).

Only runs belong in it: `runs_frame` keeps `Activity.is_run` rows.
References: activities.md section 4; clinical.md section 4.1.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tractus.activities.schema import Activity
from tractus.errors import TractusError

__all__ = ["RUN_COLUMNS", "runs_frame", "validate_runs"]

RUN_COLUMNS: dict[str, str] = {
    "start_time": "datetime64[ns, UTC]",
    "local_date": "datetime64[ns]",
    "distance_m": "float64",
    "duration_s": "float64",
    "descent_m": "float64",
    "run_id": "object",
}


def runs_frame(activities: Iterable[Activity]) -> pd.DataFrame:
    """Build the runs table from activities, keeping runs with a distance only.

    Returns
    -------
    pandas.DataFrame
        Columns `RUN_COLUMNS`, sorted by start time.
    """
    runs = [a for a in activities if a.is_run and a.distance_m is not None]
    frame = pd.DataFrame(
        {
            "start_time": pd.DatetimeIndex(
                [a.start_time for a in runs], dtype="datetime64[ns, UTC]"
            ),
            "local_date": pd.DatetimeIndex(
                [pd.Timestamp(a.local_date) for a in runs], dtype="datetime64[ns]"
            ),
            "distance_m": np.array([a.distance_m for a in runs], dtype=np.float64),
            "duration_s": np.array([a.duration_s for a in runs], dtype=np.float64),
            "descent_m": np.array(
                [
                    np.nan if a.elevation_loss_m is None else a.elevation_loss_m
                    for a in runs
                ],
                dtype=np.float64,
            ),
            "run_id": pd.Series([f"{a.file}#{a.index}" for a in runs], dtype=object),
        }
    )
    return frame.sort_values("start_time", kind="stable").reset_index(drop=True)


def validate_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Check the runs table against `RUN_COLUMNS` and for negative distances.

    Raises
    ------
    TractusError
        Naming the column that is missing, mistyped or out of range.
    """
    for column, dtype in RUN_COLUMNS.items():
        if column not in runs.columns:
            raise TractusError(f"runs table: missing column {column}")
        if str(runs[column].dtype) != dtype:
            raise TractusError(
                f"runs table: {column} is {runs[column].dtype}, not {dtype}"
            )
    if (runs["distance_m"] < 0).any() or (runs["duration_s"] < 0).any():
        raise TractusError("runs table: negative distance or duration")
    return runs
