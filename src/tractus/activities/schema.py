"""The data contract of an activity: its samples, its device totals and its summary.

A reader turns a file into one or more `Recording` objects (one per activity or
per FIT session). A `Recording` holds the samples as a pandas DataFrame with the
columns in `SAMPLE_COLUMNS` (validated once by `validate_samples`) and the totals
the device wrote, if any. `summarize` (in `summary.py`) turns a `Recording` into
an `Activity`, the one-row summary the rest of the product stores and compares.

Sample columns (index: a plain RangeIndex in recording order):

- ``time`` datetime64[ns, UTC]: sample time; NaT where the file had none.
- ``lat_deg``, ``lon_deg`` float64: WGS84 position, degrees; NaN without a fix.
- ``elevation_m`` float64: elevation (barometric where the device has one).
- ``distance_m`` float64: cumulative distance written by the device; NaN if none.
- ``hr_bpm`` float64: heart rate, beats/min; NaN if none.
- ``cadence_spm`` float64: running cadence, steps/min (both feet); NaN if none.
- ``speed_m_s`` float64: speed written by the device, m/s; NaN if none.
- ``segment`` int32: GPX track segment or TCX track; distance is not counted
  across a segment break.

Cadence: every source in the fixtures stores running cadence *per foot* (FIT
`cadence`, TCX `RunCadence`, Polar TCX `Cadence`, GPX `gpxtpx:cad`); the readers
double it. See `cadence.py` for the detection rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd

from tractus.errors import ActivityFileError, ActivityProblem

__all__ = [
    "SAMPLE_COLUMNS",
    "Activity",
    "DeviceTotals",
    "DistanceSource",
    "ElevationSource",
    "LocalDateBasis",
    "Recording",
    "SourceFormat",
    "Sport",
    "build_samples",
    "validate_samples",
]

SAMPLE_COLUMNS: dict[str, str] = {
    "time": "datetime64[ns, UTC]",
    "lat_deg": "float64",
    "lon_deg": "float64",
    "elevation_m": "float64",
    "distance_m": "float64",
    "hr_bpm": "float64",
    "cadence_spm": "float64",
    "speed_m_s": "float64",
    "segment": "int32",
}


class Sport(enum.StrEnum):
    """What the activity was; only `RUNNING` counts towards running load."""

    RUNNING = "running"
    WALKING = "walking"
    HIKING = "hiking"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    TRANSITION = "transition"
    OTHER = "other"
    UNKNOWN = "unknown"


class SourceFormat(enum.StrEnum):
    """Where an activity came from."""

    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    STRAVA_CSV = "strava_csv"


class LocalDateBasis(enum.StrEnum):
    """How the runner's local date was obtained (see `summary.summarize`)."""

    TIMEZONE = "timezone"
    FILE_OFFSET = "file_offset"
    UTC = "utc"


class DistanceSource(enum.StrEnum):
    """Which number the activity's distance is."""

    DEVICE_TOTAL = "device_total"
    DEVICE_SAMPLES = "device_samples"
    POSITIONS = "positions"
    NONE = "none"


class ElevationSource(enum.StrEnum):
    """Which numbers the elevation gain and loss are."""

    DEVICE_TOTAL = "device_total"
    SMOOTHED_SAMPLES = "smoothed_samples"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class DeviceTotals:
    """Totals the device wrote into the file (FIT session, TCX laps); None if absent."""

    start_time: datetime | None = None
    elapsed_time_s: float | None = None
    timer_time_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None


@dataclass(frozen=True, slots=True)
class Recording:
    """One activity as read from a file, before it is summarised.

    `clock_is_local` is True when the file only gave local wall-clock times (FIT
    files with device-relative timestamps anchored on `local_timestamp`); the
    summary then converts them with the runner's time zone when one is given.
    """

    file: str
    format: SourceFormat
    index: int
    sport: Sport
    sport_label: str | None
    samples: pd.DataFrame = field(repr=False, compare=False)
    device: DeviceTotals = field(default_factory=DeviceTotals)
    utc_offset_s: int | None = None
    clock_is_local: bool = False
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """Summary of one activity, in SI units, times in UTC.

    `duration_s` is the elapsed (wall-clock) time, `moving_time_s` the time spent
    moving (see `summary.py`). Every optional number is None when the file did not
    have what it takes to compute it; it is never silently 0.
    """

    file: str
    format: SourceFormat
    index: int
    sport: Sport
    sport_inferred: bool
    start_time: datetime
    local_date: date
    local_date_basis: LocalDateBasis
    duration_s: float
    moving_time_s: float | None
    distance_m: float | None
    distance_source: DistanceSource
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    elevation_source: ElevationSource
    downhill_distance_m: float | None
    grade_adjusted_distance_m: float | None
    avg_cadence_spm: float | None
    avg_hr_bpm: float | None
    n_samples: int
    name: str | None = None

    @property
    def is_run(self) -> bool:
        """True for running, the only sport that counts towards running load."""
        return self.sport is Sport.RUNNING


def validate_samples(samples: pd.DataFrame, *, file: str) -> pd.DataFrame:
    """Check that `samples` follows `SAMPLE_COLUMNS` (names, dtypes, value ranges).

    Parameters
    ----------
    samples : pandas.DataFrame
        Samples built by a reader.
    file : str
        File name used in the error message.

    Returns
    -------
    pandas.DataFrame
        The same frame, unchanged.

    Raises
    ------
    ActivityFileError
        If a column is missing, has the wrong dtype, or holds impossible values
        (latitude outside +/-90 degrees, negative heart rate).
    """
    missing = [c for c in SAMPLE_COLUMNS if c not in samples.columns]
    if missing:
        raise ActivityFileError(
            file, f"samples lack columns {missing}", kind=ActivityProblem.INTERNAL
        )
    for column, dtype in SAMPLE_COLUMNS.items():
        if str(samples[column].dtype) != dtype:
            raise ActivityFileError(
                file,
                f"column {column} is {samples[column].dtype}, expected {dtype}",
                kind=ActivityProblem.INTERNAL,
            )
    lat = samples["lat_deg"].to_numpy()
    lon = samples["lon_deg"].to_numpy()
    if np.any(np.abs(lat[~np.isnan(lat)]) > 90) or np.any(
        np.abs(lon[~np.isnan(lon)]) > 180
    ):
        raise ActivityFileError(
            file,
            "a position lies outside the globe",
            kind=ActivityProblem.IMPOSSIBLE_VALUES,
        )
    hr = samples["hr_bpm"].to_numpy()
    if np.any(hr[~np.isnan(hr)] < 0):
        raise ActivityFileError(
            file, "a heart rate is negative", kind=ActivityProblem.IMPOSSIBLE_VALUES
        )
    return samples


def build_samples(
    time: pd.DatetimeIndex,
    *,
    lat_deg: np.ndarray | None = None,
    lon_deg: np.ndarray | None = None,
    elevation_m: np.ndarray | None = None,
    distance_m: np.ndarray | None = None,
    hr_bpm: np.ndarray | None = None,
    cadence_spm: np.ndarray | None = None,
    speed_m_s: np.ndarray | None = None,
    segment: np.ndarray | None = None,
) -> pd.DataFrame:
    """Assemble a samples frame following `SAMPLE_COLUMNS`; absent channels are NaN.

    Parameters
    ----------
    time : pandas.DatetimeIndex
        UTC sample times (NaT allowed); its length sets the number of samples.
    lat_deg, lon_deg, elevation_m, distance_m, hr_bpm, cadence_spm, speed_m_s : array
        Channels of the same length, or None when the file has no such channel.
    segment : array of int, optional
        Segment number of each sample; all 0 when None.

    Returns
    -------
    pandas.DataFrame
        The samples, with the dtypes of `SAMPLE_COLUMNS`.
    """
    n = len(time)
    empty = np.full(n, np.nan)

    def channel(values: np.ndarray | None) -> np.ndarray:
        return empty if values is None else np.asarray(values, dtype=np.float64)

    if time.tz is None:
        time = time.tz_localize("UTC")
    elif time.tz is not UTC:
        time = time.tz_convert("UTC")
    # The frame is built from the times' DatetimeArray rather than the index:
    # pandas then skips its Index-to-column conversion, half the build time.
    # A dict of arrays is still copied into frame-owned, consolidated blocks.
    return pd.DataFrame(
        {
            "time": time.array,
            "lat_deg": channel(lat_deg),
            "lon_deg": channel(lon_deg),
            "elevation_m": channel(elevation_m),
            "distance_m": channel(distance_m),
            "hr_bpm": channel(hr_bpm),
            "cadence_spm": channel(cadence_spm),
            "speed_m_s": channel(speed_m_s),
            "segment": (
                np.zeros(n, dtype=np.int32)
                if segment is None
                else np.asarray(segment, dtype=np.int32)
            ),
        }
    )
