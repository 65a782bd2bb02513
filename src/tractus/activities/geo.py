"""Geometry for tracks: great-circle step distances and grade adjustment.

Distances use the haversine formula on a sphere of the IUGG mean Earth radius
(differences from gpxpy's radius are below 0.2%). Grade adjustment uses the
speed factors reverse-engineered from Strava's 2017 model, interpolated
linearly and clipped at +/-45% grade. References: activities.md section 4
("Grade-adjusted pace").
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "EARTH_RADIUS_M",
    "STRAVA_GAP_FACTORS",
    "cumulative_distance_m",
    "grade_factor",
    "step_distances_m",
]

FloatArray = npt.NDArray[np.float64]

EARTH_RADIUS_M = 6_371_008.8
# grade (%) -> speed factor, aaron-schroeder/specialsauce sources/strava.py, as
# quoted in activities.md section 4.
STRAVA_GAP_FACTORS: tuple[tuple[float, float], ...] = (
    (-30.0, 1.495),
    (-20.0, 1.081),
    (-15.0, 0.941),
    (-10.0, 0.876),
    (-8.0, 0.876),
    (-6.0, 0.891),
    (-4.0, 0.918),
    (-2.0, 0.96),
    (0.0, 1.0),
    (2.0, 1.055),
    (4.0, 1.135),
    (6.0, 1.228),
    (8.0, 1.337),
    (10.0, 1.459),
    (15.0, 1.846),
    (20.0, 2.297),
    (30.0, 3.158),
)
_GAP_GRADES = np.array([g for g, _ in STRAVA_GAP_FACTORS])
_GAP_VALUES = np.array([f for _, f in STRAVA_GAP_FACTORS])
_MAX_GRADE_PCT = 45.0
# Speed factor per grade percent of the table's steepest uphill and downhill spans.
_SLOPE_UP = (_GAP_VALUES[-1] - _GAP_VALUES[-2]) / (_GAP_GRADES[-1] - _GAP_GRADES[-2])
_SLOPE_DOWN = (_GAP_VALUES[1] - _GAP_VALUES[0]) / (_GAP_GRADES[1] - _GAP_GRADES[0])


def step_distances_m(
    lat_deg: FloatArray, lon_deg: FloatArray, segment: npt.NDArray[np.int32]
) -> FloatArray:
    """Haversine distance from each point to the next one, in metres.

    Parameters
    ----------
    lat_deg, lon_deg : numpy.ndarray
        Positions in degrees (no NaN: drop points without a fix first).
    segment : numpy.ndarray of int
        Segment of each point; a step that crosses a segment break counts 0.

    Returns
    -------
    numpy.ndarray
        ``len(lat_deg) - 1`` step distances (empty for fewer than two points).

    References
    ----------
    activities.md section 2 (numpy haversine, 26 Mpts/s).
    """
    if lat_deg.size < 2:
        return np.zeros(0)
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    cos_lat = np.cos(lat)  # once per point, shared by the steps before and after it
    # Slices rather than np.diff: the same numbers without its per-call overhead.
    a = (
        np.sin((lat[1:] - lat[:-1]) / 2) ** 2
        + cos_lat[:-1] * cos_lat[1:] * np.sin((lon[1:] - lon[:-1]) / 2) ** 2
    )
    steps: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    steps[segment[1:] != segment[:-1]] = 0.0
    return steps


def cumulative_distance_m(
    lat_deg: FloatArray, lon_deg: FloatArray, segment: npt.NDArray[np.int32]
) -> FloatArray:
    """Cumulative haversine distance along the points (first point at 0 m)."""
    return np.concatenate(
        ([0.0], np.cumsum(step_distances_m(lat_deg, lon_deg, segment)))
    )


def grade_factor(grade: FloatArray) -> FloatArray:
    """Strava-model speed factor for decimal grades (0.05 = 5% uphill).

    References
    ----------
    activities.md section 4 (reverse-engineered Strava GAP factors).
    """
    pct = np.clip(grade * 100.0, -_MAX_GRADE_PCT, _MAX_GRADE_PCT)
    gap: FloatArray = np.interp(pct, _GAP_GRADES, _GAP_VALUES)
    # Beyond +/-30% the table ends; extend its last slope up to the +/-45% clip.
    # Steps that steep are rare, so only they are computed.
    up = pct > 30.0
    if up.any():
        gap[up] = _GAP_VALUES[-1] + (pct[up] - 30.0) * _SLOPE_UP
    down = pct < -30.0
    if down.any():
        gap[down] = _GAP_VALUES[0] + (pct[down] + 30.0) * _SLOPE_DOWN
    return gap
