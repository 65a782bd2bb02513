"""Elevation and grade along a track: gain and loss, downhill and graded distance.

The elevation is smoothed by a centred moving average over
`ELEVATION_SMOOTHING_SAMPLES` samples (the "9-pt MA" column of activities.md
section 4, whose anchors the tests check). Grade: the smoothed elevation is
resampled every `GRADE_STEP_M` metres of distance and averaged over
`GRADE_WINDOW_STEPS` steps (30 m), because GPS noise over shorter spans makes
grades explode. The grid has at most `MAX_GRADE_POINTS_PER_SAMPLE` points per
sample (its step grows beyond 10 m past that), so its size follows the file,
never the distances the file claims. Downhill distance is the distance on
steps steeper than `DOWNHILL_GRADE`; the grade-adjusted distance scales the
distance by the mean Strava speed factor of the steps. References:
activities.md section 4 (smoothing sensitivity, GAP, descent).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tractus.activities.geo import grade_factor

__all__ = [
    "DOWNHILL_GRADE",
    "ELEVATION_SMOOTHING_SAMPLES",
    "GRADE_STEP_M",
    "GRADE_WINDOW_STEPS",
    "MAX_GRADE_POINTS_PER_SAMPLE",
    "compute_grades",
    "gain_and_loss_m",
    "grade_totals_m",
    "smoothed_elevation_m",
]

FloatArray = npt.NDArray[np.float64]

ELEVATION_SMOOTHING_SAMPLES = 9
GRADE_STEP_M = 10.0
GRADE_WINDOW_STEPS = 3
# Between two samples the elevation is interpolated linearly, so grid points
# closer than the samples add nothing but work. 32 per sample keeps the 10 m
# step for samples up to 320 m apart (a point a minute at 5 m/s; the real
# fixtures have at most 5 per sample) and bounds the grid by the file's size.
MAX_GRADE_POINTS_PER_SAMPLE = 32
# Project choice (no published cut-off for ITBS): 5% is a clearly felt
# descent; clinical.md 4.2 lists downhill running as an (expert-opinion) risk.
DOWNHILL_GRADE = 0.05


def smoothed_elevation_m(elevation_m: FloatArray) -> FloatArray:
    """Centred moving average over `ELEVATION_SMOOTHING_SAMPLES` (shrinking at edges).

    References
    ----------
    activities.md section 4 ("Descent (elevation-loss) volume and smoothing").
    """
    kernel = np.ones(min(ELEVATION_SMOOTHING_SAMPLES, elevation_m.size))
    sums = np.convolve(elevation_m, kernel, mode="same")
    counts = np.convolve(np.ones(elevation_m.size), kernel, mode="same")
    smoothed: FloatArray = sums / counts
    return smoothed


def _steps(values: FloatArray) -> FloatArray:
    steps: FloatArray = values[1:] - values[:-1]
    return steps


def gain_and_loss_m(smoothed_m: FloatArray) -> tuple[float, float]:
    """Sums of the rises and of the falls of a smoothed elevation, metres."""
    steps = _steps(smoothed_m)
    return float(steps[steps > 0].sum()), float(-steps[steps < 0].sum())


def compute_grades(
    along_m: FloatArray, smoothed_m: FloatArray
) -> tuple[FloatArray, float]:
    """Decimal grade of each step along the track, and the step in metres.

    Parameters
    ----------
    along_m, smoothed_m : numpy.ndarray
        Distance (metres, non-decreasing) and smoothed elevation of the
        samples that have an elevation.

    Returns
    -------
    tuple of (numpy.ndarray, float)
        The grades (at most ``MAX_GRADE_POINTS_PER_SAMPLE * len(along_m)``)
        and the step: `GRADE_STEP_M`, or longer where that would give more.
    """
    span_m = float(along_m[-1] - along_m[0])
    if not np.isfinite(span_m):
        return np.zeros(0), GRADE_STEP_M
    step_m = max(GRADE_STEP_M, span_m / (MAX_GRADE_POINTS_PER_SAMPLE * along_m.size))
    grid = np.arange(along_m[0], along_m[-1], step_m)
    if grid.size < 2:
        return np.zeros(0), step_m
    on_grid = np.interp(grid, along_m, smoothed_m)
    window = min(GRADE_WINDOW_STEPS, grid.size)
    on_grid = np.convolve(on_grid, np.ones(window) / window, mode="same")
    return _steps(on_grid) / step_m, step_m


def grade_totals_m(
    along_m: FloatArray, smoothed_m: FloatArray, distance_m: float | None
) -> tuple[float, float | None]:
    """(downhill distance, grade-adjusted `distance_m` or None without one), metres.

    References
    ----------
    activities.md section 4 ("Grade-adjusted pace", "Descent").
    """
    grades, step_m = compute_grades(along_m, smoothed_m)
    downhill_m = float(np.count_nonzero(grades < -DOWNHILL_GRADE) * step_m)
    if distance_m is None:
        return downhill_m, None
    factor = float(grade_factor(grades).mean()) if grades.size else 1.0
    return downhill_m, distance_m * factor
