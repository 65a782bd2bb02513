"""Summary of one recording: time, distance, elevation, downhill, cadence, heart rate.

The pinned methods (each number says where it came from in `Activity`):

- Distance: the device's total (FIT session, TCX laps) where present, else
  the device's cumulative distance samples, else the haversine length of the
  positions within segments.
- Moving time: the sum of sample intervals of at most `MAX_MOVING_STEP_S`
  during which the runner covered at least `MOVING_SPEED_MIN_M_S`; without any
  distance data, the device timer time.
- Elevation gain and loss: the device totals (barometric where fitted) when
  both are present; otherwise the sum of rises and falls of the elevation after
  a centred moving average over `ELEVATION_SMOOTHING_SAMPLES` samples (the
  "9-pt MA" column of activities.md section 4, whose anchors the tests check).
- Grade: the smoothed elevation is resampled every `GRADE_STEP_M` metres of
  distance and averaged over `GRADE_WINDOW_STEPS` steps (30 m), because GPS
  noise over shorter spans makes grades explode. Downhill distance is the
  distance on steps steeper than `DOWNHILL_GRADE`; the grade-adjusted distance
  scales the distance by the mean Strava speed factor of the steps.
- Start time and local date: see `summarize`.

References: activities.md section 4 (smoothing sensitivity, GAP, descent).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, tzinfo

import numpy as np
import numpy.typing as npt
import pandas as pd

from tractus.activities.geo import cumulative_distance_m, grade_factor
from tractus.activities.schema import (
    Activity,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    Recording,
    Sport,
)

__all__ = [
    "DOWNHILL_GRADE",
    "ELEVATION_SMOOTHING_SAMPLES",
    "GRADE_STEP_M",
    "GRADE_WINDOW_STEPS",
    "INFERRED_RUN_MIN_MOVING_SHARE",
    "INFERRED_RUN_SPEED_M_S",
    "MAX_MOVING_STEP_S",
    "MOVING_SPEED_MIN_M_S",
    "smoothed_elevation_m",
    "summarize",
    "with_sport",
]

FloatArray = npt.NDArray[np.float64]
_NAT = np.iinfo(np.int64).min  # how numpy and pandas store NaT in int64

# 0.5 m/s (1.8 km/h) is well below walking pace; slower drifts are GPS noise.
MOVING_SPEED_MIN_M_S = 0.5
# Smart recording writes a point every few seconds; a longer gap is a pause.
MAX_MOVING_STEP_S = 120.0
ELEVATION_SMOOTHING_SAMPLES = 9
GRADE_STEP_M = 10.0
GRADE_WINDOW_STEPS = 3
# Project choice (no published cut-off for ITBS): 5% is a clearly felt
# descent; clinical.md 4.2 lists downhill running as an (expert-opinion) risk.
DOWNHILL_GRADE = 0.05
# An activity of unknown sport whose moving speed lies in this range is taken
# as a run (7:56 to 2:47 min/km): walks and hikes are slower, rides faster. It
# must also have moved for at least half its duration (a walk with long stops
# can show a run-like moving speed between sparse points).
INFERRED_RUN_SPEED_M_S = (2.1, 6.0)
INFERRED_RUN_MIN_MOVING_SHARE = 0.5
# Fraction of samples that must carry device distance for that channel to be used.
_DEVICE_CHANNEL_MIN_COVERAGE = 0.5


def _fill_by_index(values: FloatArray) -> FloatArray:
    """Fill NaN by linear interpolation over the sample index (edges held)."""
    valid = np.isfinite(values)
    if valid.all():
        return values
    index = np.arange(values.size)
    return np.interp(index, index[valid], values[valid])


def _cumulative_distance(
    samples: pd.DataFrame,
) -> tuple[FloatArray | None, DistanceSource]:
    """Cumulative distance per sample and its source (None without any)."""
    device = samples["distance_m"].to_numpy()
    if np.isfinite(device).mean() >= _DEVICE_CHANNEL_MIN_COVERAGE:
        return np.maximum.accumulate(
            _fill_by_index(device)
        ), DistanceSource.DEVICE_SAMPLES
    lat = samples["lat_deg"].to_numpy()
    lon = samples["lon_deg"].to_numpy()
    fix = np.isfinite(lat) & np.isfinite(lon)
    if np.count_nonzero(fix) < 2:
        return None, DistanceSource.NONE
    seg = samples["segment"].to_numpy()[fix]
    along = np.full(lat.size, np.nan)
    along[fix] = cumulative_distance_m(lat[fix], lon[fix], seg)
    return _fill_by_index(along), DistanceSource.POSITIONS


def smoothed_elevation_m(elevation_m: FloatArray) -> FloatArray:
    """Centred moving average over `ELEVATION_SMOOTHING_SAMPLES` (shrinking at edges).

    References
    ----------
    activities.md section 4 ("Descent (elevation-loss) volume and smoothing").
    """
    kernel = np.ones(min(ELEVATION_SMOOTHING_SAMPLES, elevation_m.size))
    sums = np.convolve(elevation_m, kernel, mode="same")
    counts = np.convolve(np.ones(elevation_m.size), kernel, mode="same")
    return sums / counts


def _elevation(
    recording: Recording, elevation: FloatArray
) -> tuple[float | None, float | None, ElevationSource]:
    device = recording.device
    if device.ascent_m is not None and device.descent_m is not None:
        return device.ascent_m, device.descent_m, ElevationSource.DEVICE_TOTAL
    valid = elevation[np.isfinite(elevation)]
    if valid.size < 2:
        return None, None, ElevationSource.NONE
    steps = np.diff(smoothed_elevation_m(valid))
    gain = float(steps[steps > 0].sum())
    loss = float(-steps[steps < 0].sum())
    return gain, loss, ElevationSource.SMOOTHED_SAMPLES


def _grades(cumulative: FloatArray, elevation: FloatArray) -> FloatArray | None:
    """Decimal grade of each `GRADE_STEP_M` step along the track, or None."""
    valid = np.isfinite(elevation)
    if np.count_nonzero(valid) < 2:
        return None
    along = cumulative[valid]
    height = smoothed_elevation_m(elevation[valid])
    grid = np.arange(along[0], along[-1], GRADE_STEP_M)
    if grid.size < 2:
        return np.zeros(0)
    on_grid = np.interp(grid, along, height)
    window = np.ones(min(GRADE_WINDOW_STEPS, grid.size)) / min(
        GRADE_WINDOW_STEPS, grid.size
    )
    on_grid = np.convolve(on_grid, window, mode="same")
    return np.diff(on_grid) / GRADE_STEP_M


def _moving_time_s(
    samples: pd.DataFrame, cumulative: FloatArray | None, timer_s: float | None
) -> float | None:
    if cumulative is None:
        return timer_s
    stamps = _time_ns(samples)
    seconds = np.where(stamps == _NAT, np.nan, stamps / 1e9)
    dt = np.diff(seconds)
    dd = np.diff(cumulative)
    same_segment = np.diff(samples["segment"].to_numpy()) == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        moving = (
            same_segment
            & (dt > 0)
            & (dt <= MAX_MOVING_STEP_S)
            & (dd >= MOVING_SPEED_MIN_M_S * dt)
        )
    return float(np.sum(dt[moving]))


def _time_ns(samples: pd.DataFrame) -> npt.NDArray[np.int64]:
    """Sample times as int64 ns since the epoch (`_NAT` where missing), without copies."""
    ns: npt.NDArray[np.int64] = samples["time"].array.asi8
    return ns


def _mean_positive(values: FloatArray) -> float | None:
    positive = values[values > 0]
    return float(positive.mean()) if positive.size else None


def _infer_sport(
    recording: Recording,
    distance_m: float | None,
    moving_s: float | None,
    duration_s: float,
) -> tuple[Sport, bool]:
    """Take an unlabelled activity as a run when its speed says so (see constants)."""
    if recording.sport is not Sport.UNKNOWN or not distance_m or not moving_s:
        return recording.sport, False
    low, high = INFERRED_RUN_SPEED_M_S
    continuous = moving_s >= INFERRED_RUN_MIN_MOVING_SHARE * duration_s
    if continuous and low <= distance_m / moving_s <= high:
        return Sport.RUNNING, True
    return recording.sport, False


def _start_and_local_date(
    recording: Recording, first_time: datetime, timezone: tzinfo | None
) -> tuple[datetime, datetime, LocalDateBasis]:
    """(UTC start, local wall-clock start, basis of the local date)."""
    start = recording.device.start_time or first_time
    if recording.clock_is_local:
        # The file's times are local wall-clock times stored as if UTC.
        wall = start.replace(tzinfo=None)
        if timezone is not None:
            utc = wall.replace(tzinfo=timezone).astimezone(UTC)
            return utc, wall.replace(tzinfo=UTC), LocalDateBasis.TIMEZONE
        return start, start, LocalDateBasis.FILE_OFFSET
    if timezone is not None:
        return start, start.astimezone(timezone), LocalDateBasis.TIMEZONE
    if recording.utc_offset_s is not None:
        local = start + pd.Timedelta(seconds=recording.utc_offset_s).to_pytimedelta()
        return start, local, LocalDateBasis.FILE_OFFSET
    return start, start, LocalDateBasis.UTC


def _total_distance(
    recording: Recording, cumulative: FloatArray | None, source: DistanceSource
) -> tuple[float | None, DistanceSource]:
    if recording.device.distance_m is not None and recording.device.distance_m > 0:
        return recording.device.distance_m, DistanceSource.DEVICE_TOTAL
    if cumulative is None:
        return None, DistanceSource.NONE
    return float(cumulative[-1] - cumulative[0]), source


def summarize(recording: Recording, *, timezone: tzinfo | None = None) -> Activity:
    """Summarise a recording into an `Activity`.

    Parameters
    ----------
    recording : Recording
        As returned by a reader.
    timezone : datetime.tzinfo, optional
        The runner's time zone, used for the local date (and, for files that
        only hold local wall-clock times, to convert them to UTC). Without it
        the file's own UTC offset is used where it has one (FIT
        ``activity.local_timestamp``, GPX times written with ``+02:00``); else
        the UTC date. `Activity.local_date_basis` records which.

    Returns
    -------
    Activity
        The summary; numbers the file cannot support are None.

    References
    ----------
    activities.md section 4 (smoothing, grade adjustment, descent, local time).
    """
    samples = recording.samples
    stamps = _time_ns(samples)
    valid_ns = stamps[stamps != _NAT]
    first = pd.Timestamp(valid_ns[0], tz="UTC")
    last = pd.Timestamp(valid_ns[-1], tz="UTC")
    start, local, basis = _start_and_local_date(
        recording, first.to_pydatetime(), timezone
    )
    cumulative, channel_source = _cumulative_distance(samples)
    distance_m, distance_source = _total_distance(recording, cumulative, channel_source)
    elevation = samples["elevation_m"].to_numpy()
    gain, loss, elevation_source = _elevation(recording, elevation)
    grades = None if cumulative is None else _grades(cumulative, elevation)
    moving_s = _moving_time_s(samples, cumulative, recording.device.timer_time_s)
    device = recording.device
    duration_s = device.elapsed_time_s or float((last - first).total_seconds())
    sport, inferred = _infer_sport(recording, distance_m, moving_s, duration_s)
    cadence = device.avg_cadence_spm or _mean_positive(
        samples["cadence_spm"].to_numpy()
    )
    return Activity(
        file=recording.file,
        format=recording.format,
        index=recording.index,
        sport=sport,
        sport_inferred=inferred,
        start_time=start,
        local_date=local.date(),
        local_date_basis=basis,
        duration_s=duration_s,
        moving_time_s=moving_s,
        distance_m=distance_m,
        distance_source=distance_source,
        elevation_gain_m=gain,
        elevation_loss_m=loss,
        elevation_source=elevation_source,
        downhill_distance_m=(
            None
            if grades is None
            else float(np.count_nonzero(grades < -DOWNHILL_GRADE) * GRADE_STEP_M)
        ),
        grade_adjusted_distance_m=(
            None
            if grades is None or distance_m is None
            else distance_m
            * (float(grade_factor(grades).mean()) if grades.size else 1.0)
        ),
        avg_cadence_spm=cadence,
        avg_hr_bpm=device.avg_hr_bpm or _mean_positive(samples["hr_bpm"].to_numpy()),
        n_samples=len(samples),
        name=recording.name,
    )


def with_sport(activity: Activity, sport: Sport) -> Activity:
    """Return `activity` with its sport replaced (e.g. from a Strava CSV row)."""
    return dataclasses.replace(activity, sport=sport, sport_inferred=False)
