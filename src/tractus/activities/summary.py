"""Summary of one recording: time, distance, elevation, downhill, cadence, heart rate.

The pinned methods (each number says where it came from in `Activity`):

- Distance: the device's total (FIT session, TCX laps) where present and
  possible in the time taken, else the device's cumulative distance samples,
  else the haversine length of the positions within segments. A step between
  samples faster than anyone moves in the sport is not counted (see
  `plausibility`); an activity longer than `MAX_ACTIVITY_DURATION_S` is refused.
- Moving time: the sum of sample intervals of at most `MAX_MOVING_STEP_S`
  during which the runner covered at least `MOVING_SPEED_MIN_M_S`; without any
  distance data, the device timer time.
- Elevation gain and loss: the device totals (barometric where fitted) when
  both are present; otherwise the sum of rises and falls of the smoothed
  elevation (see `terrain`).
- Grade, downhill and grade-adjusted distance: see `terrain`.
- Start time and local date: see `summarize`.

References: activities.md section 4 (smoothing sensitivity, GAP, descent).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np
import numpy.typing as npt
import pandas as pd

from tractus.activities.geo import step_distances_m
from tractus.activities.plausibility import (
    MAX_ACTIVITY_DURATION_S,
    is_plausible_total,
    max_speed_m_s,
    plausible_steps_m,
)
from tractus.activities.schema import (
    Activity,
    DeviceTotals,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    Recording,
    Sport,
)
from tractus.activities.terrain import (
    DOWNHILL_GRADE,
    ELEVATION_SMOOTHING_SAMPLES,
    GRADE_STEP_M,
    GRADE_WINDOW_STEPS,
    MAX_GRADE_POINTS_PER_SAMPLE,
    gain_and_loss_m,
    grade_totals_m,
    smoothed_elevation_m,
)
from tractus.errors import ActivityFileError, ActivityProblem

__all__ = [
    "DOWNHILL_GRADE",
    "ELEVATION_SMOOTHING_SAMPLES",
    "GRADE_STEP_M",
    "GRADE_WINDOW_STEPS",
    "INFERRED_RUN_MIN_MOVING_SHARE",
    "INFERRED_RUN_SPEED_M_S",
    "MAX_GRADE_POINTS_PER_SAMPLE",
    "MAX_MOVING_STEP_S",
    "MOVING_SPEED_MIN_M_S",
    "smoothed_elevation_m",
    "summarize",
    "with_sport",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_NAT = np.iinfo(np.int64).min  # how numpy and pandas store NaT in int64

# 0.5 m/s (1.8 km/h) is well below walking pace; slower drifts are GPS noise.
MOVING_SPEED_MIN_M_S = 0.5
# Smart recording writes a point every few seconds; a longer gap is a pause.
MAX_MOVING_STEP_S = 120.0
# An activity of unknown sport whose moving speed lies in this range is taken
# as a run (7:56 to 2:47 min/km): walks and hikes are slower, rides faster. It
# must also have moved for at least half its duration (a walk with long stops
# can show a run-like moving speed between sparse points).
INFERRED_RUN_SPEED_M_S = (2.1, 6.0)
INFERRED_RUN_MIN_MOVING_SHARE = 0.5
# Fraction of samples that must carry device distance for that channel to be used.
_DEVICE_CHANNEL_MIN_COVERAGE = 0.5


def _fill_by_index(values: FloatArray, valid: BoolArray) -> FloatArray:
    """Fill the values not `valid` by linear interpolation over the index (edges held)."""
    if valid.all():
        return values
    index = np.arange(values.size)
    return np.interp(index, index[valid], values[valid])


def _steps(values: FloatArray) -> FloatArray:
    """Differences between neighbours, as `np.diff` but without its argument checks."""
    steps: FloatArray = values[1:] - values[:-1]
    return steps


def _float_columns(samples: pd.DataFrame) -> dict[str, FloatArray]:
    """Every sample column as a float64 array, from one pandas conversion.

    On a fresh frame pandas takes about 12 us to box each column as a Series,
    more than the arithmetic on a typical track; one `to_numpy` of the whole
    frame costs about as much as two. The int32 segment numbers convert
    exactly; the times lose precision here and are read by `_time_ns` instead.
    """
    table = samples.to_numpy(dtype=np.float64).T  # one contiguous row per column
    return dict(zip(map(str, samples.columns), table, strict=True))


def _accumulate(cleaned_m: FloatArray) -> FloatArray | None:
    """Cumulative distance of cleaned steps; None if no step was possible.

    A track whose every step was impossible has no distance we know, which is
    not the same as 0 m.
    """
    if not cleaned_m.any():
        return None
    return np.concatenate(([0.0], np.cumsum(cleaned_m)))


def _device_cumulative(
    device_m: FloatArray, valid: BoolArray, step_s: FloatArray, max_speed: float
) -> FloatArray | None:
    """The device's cumulative distance, without the steps nobody can make."""
    filled = _fill_by_index(device_m, valid)
    cumulative = np.maximum.accumulate(filled)
    steps = _steps(cumulative)
    if np.array_equal(plausible_steps_m(steps, step_s, max_speed=max_speed), steps):
        return cumulative  # nothing impossible: the device's own numbers
    # Judge each raw step instead, so that one wild sample does not hold the
    # running maximum for the rest of the activity; a decrease counts 0.
    return _accumulate(plausible_steps_m(_steps(filled), step_s, max_speed=max_speed))


def _cumulative_distance(
    columns: dict[str, FloatArray], seconds: FloatArray, max_speed: float
) -> tuple[FloatArray | None, DistanceSource]:
    """Cumulative distance per sample and its source (None without any).

    `seconds` are the sample times (missing ones filled) that steps are judged
    over, against `max_speed` (m/s).
    """
    device_m = columns["distance_m"]
    has_device = np.isfinite(device_m)
    # Same test as "share of finite samples >= coverage", without the mean's cost.
    if np.count_nonzero(has_device) >= _DEVICE_CHANNEL_MIN_COVERAGE * device_m.size:
        cumulative = _device_cumulative(
            device_m, has_device, _steps(seconds), max_speed
        )
        if cumulative is None:
            return None, DistanceSource.NONE
        return cumulative, DistanceSource.DEVICE_SAMPLES
    lat = columns["lat_deg"]
    lon = columns["lon_deg"]
    fix = np.isfinite(lat) & np.isfinite(lon)
    if np.count_nonzero(fix) < 2:
        return None, DistanceSource.NONE
    segment = columns["segment"][fix].astype(np.int32)  # back from float, exactly
    steps = step_distances_m(lat[fix], lon[fix], segment)
    cleaned = plausible_steps_m(steps, _steps(seconds[fix]), max_speed=max_speed)
    fix_along = (
        np.concatenate(([0.0], np.cumsum(cleaned)))
        if np.array_equal(cleaned, steps) or cleaned.any()
        else None  # every step impossible
    )
    if fix_along is None:
        return None, DistanceSource.NONE
    along = np.full(lat.size, np.nan)
    along[fix] = fix_along
    return _fill_by_index(along, fix), DistanceSource.POSITIONS


def _elevation(
    device: DeviceTotals, smoothed_m: FloatArray | None
) -> tuple[float | None, float | None, ElevationSource]:
    if device.ascent_m is not None and device.descent_m is not None:
        return device.ascent_m, device.descent_m, ElevationSource.DEVICE_TOTAL
    if smoothed_m is None:
        return None, None, ElevationSource.NONE
    gain, loss = gain_and_loss_m(smoothed_m)
    return gain, loss, ElevationSource.SMOOTHED_SAMPLES


def _moving_time_s(
    time_ns: IntArray, has_time: BoolArray, cumulative: FloatArray, segment: FloatArray
) -> float:
    seconds = time_ns / 1e9
    if not has_time.all():
        seconds[~has_time] = np.nan
    dt = _steps(seconds)
    dd = _steps(cumulative)
    same_segment = segment[1:] == segment[:-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        moving = (
            same_segment
            & (dt > 0)
            & (dt <= MAX_MOVING_STEP_S)
            & (dd >= MOVING_SPEED_MIN_M_S * dt)
        )
    return float(dt[moving].sum())


def _time_ns(samples: pd.DataFrame) -> IntArray:
    """Sample times as int64 ns since the epoch (`_NAT` where missing), without copies."""
    ns: IntArray = samples["time"].array.asi8
    return ns


def _span_s(first_ns: np.int64, last_ns: np.int64) -> float:
    """Seconds from the first to the last sample time, as pandas counts them (whole us)."""
    span = pd.Timestamp(last_ns, tz="UTC") - pd.Timestamp(first_ns, tz="UTC")
    return float(span.total_seconds())


def _timer_s(timer_s: float | None) -> float | None:
    """The device's timer time, if it is a possible one."""
    if timer_s is None or not 0 <= timer_s <= MAX_ACTIVITY_DURATION_S:  # NaN too
        return None
    return timer_s


def _mean_positive(values: FloatArray) -> float | None:
    positive = values[(values > 0) & np.isfinite(values)]
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
    recording: Recording, first_ns: np.int64, timezone: tzinfo | None
) -> tuple[datetime, datetime, LocalDateBasis]:
    """(UTC start, local wall-clock start, basis of the local date).

    `first_ns` is the first sample time, the start when the device wrote none.
    """
    start = (
        recording.device.start_time or pd.Timestamp(first_ns, tz="UTC").to_pydatetime()
    )
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
        local = start + timedelta(seconds=recording.utc_offset_s)
        return start, local, LocalDateBasis.FILE_OFFSET
    return start, start, LocalDateBasis.UTC


def _duration_s(recording: Recording, first_ns: np.int64, last_ns: np.int64) -> float:
    """The device's elapsed time where it has a possible one, else the time span.

    Raises
    ------
    ActivityFileError
        If the activity lasts longer than `MAX_ACTIVITY_DURATION_S`.
    """
    elapsed = recording.device.elapsed_time_s
    if elapsed is None or not 0 < elapsed <= MAX_ACTIVITY_DURATION_S:
        elapsed = _span_s(first_ns, last_ns)
    if not elapsed <= MAX_ACTIVITY_DURATION_S:
        raise ActivityFileError(
            recording.file,
            f"activity {recording.index + 1} spans {elapsed / 86400:.0f} days; "
            f"no single activity lasts over {MAX_ACTIVITY_DURATION_S / 86400:.0f} "
            "days (a wrong clock?)",
            kind=ActivityProblem.IMPOSSIBLE_VALUES,
        )
    return elapsed


def _total_distance(
    recording: Recording,
    cumulative: FloatArray | None,
    source: DistanceSource,
    duration_s: float,
) -> tuple[float | None, DistanceSource]:
    total = recording.device.distance_m
    if (
        total is not None
        and total > 0
        and is_plausible_total(total, duration_s, sport=recording.sport)
    ):
        return total, DistanceSource.DEVICE_TOTAL
    if cumulative is None:
        return None, DistanceSource.NONE
    along_m = float(cumulative[-1] - cumulative[0])
    # Each step is judged over at least a second, so many samples stamped in
    # one second could still add up to more than the whole time allows.
    if not is_plausible_total(along_m, duration_s, sport=recording.sport):
        return None, DistanceSource.NONE
    return along_m, source


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
    device = recording.device
    time_ns = _time_ns(samples)
    has_time = time_ns != _NAT
    valid_ns = time_ns[has_time]
    # Earliest and latest rather than first and last: a file whose samples are
    # out of order must not give a negative duration.
    first_ns, last_ns = valid_ns.min(), valid_ns.max()
    duration_s = _duration_s(recording, first_ns, last_ns)
    start, local, basis = _start_and_local_date(recording, first_ns, timezone)
    columns = _float_columns(samples)
    cumulative, channel_source = _cumulative_distance(
        columns,
        _fill_by_index(time_ns / 1e9, has_time),
        max_speed_m_s(recording.sport),
    )
    distance_m, distance_source = _total_distance(
        recording, cumulative, channel_source, duration_s
    )
    elevation_m = columns["elevation_m"]
    has_elevation = np.isfinite(elevation_m)
    # Smoothed once, for both the elevation totals and the grades.
    smoothed_m = (
        smoothed_elevation_m(elevation_m[has_elevation])
        if np.count_nonzero(has_elevation) >= 2
        else None
    )
    gain, loss, elevation_source = _elevation(device, smoothed_m)
    downhill_m, graded_m = (
        (None, None)
        if cumulative is None or smoothed_m is None
        else grade_totals_m(cumulative[has_elevation], smoothed_m, distance_m)
    )
    moving_s = (
        _timer_s(device.timer_time_s)
        if cumulative is None
        else _moving_time_s(time_ns, has_time, cumulative, columns["segment"])
    )
    sport, inferred = _infer_sport(recording, distance_m, moving_s, duration_s)
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
        downhill_distance_m=downhill_m,
        grade_adjusted_distance_m=graded_m,
        avg_cadence_spm=device.avg_cadence_spm
        or _mean_positive(columns["cadence_spm"]),
        avg_hr_bpm=device.avg_hr_bpm or _mean_positive(columns["hr_bpm"]),
        n_samples=len(samples),
        name=recording.name,
    )


def with_sport(activity: Activity, sport: Sport) -> Activity:
    """Return `activity` with its sport replaced (e.g. from a Strava CSV row)."""
    return dataclasses.replace(activity, sport=sport, sport_inferred=False)
