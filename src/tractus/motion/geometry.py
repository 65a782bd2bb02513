"""2-D joint and segment angles on image coordinates (x right, y down), vectorised over frames.

Every function takes (frames x 2) pixel arrays and returns degrees per frame, NaN where a
point is missing. Angles in the image plane are what 2-D video can measure; clinical.md
§7.5 gives their agreement with 3-D (r 0.64-0.78, SEM 2-4°), which is why thresholds
elsewhere are never finer than that.
"""

from __future__ import annotations

import numpy as np

from tractus.motion.schema import FloatArray, Landmark, LandmarkSeries

__all__ = [
    "compute_joint_angle",
    "compute_line_tilt",
    "compute_signed_deviation",
    "compute_tilt_from_vertical",
    "midpoint",
    "side_points",
]


def compute_joint_angle(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Angle ABC at vertex `b` in degrees, in [0, 180]."""
    u, v = a - b, c - b
    dot = np.sum(u * v, axis=-1)
    cross = u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]
    angle: FloatArray = np.degrees(np.abs(np.arctan2(cross, dot)))
    return angle


def compute_tilt_from_vertical(lower: FloatArray, upper: FloatArray) -> FloatArray:
    """Signed angle of the segment lower->upper from image vertical, degrees.

    Positive when `upper` lies to the image right of `lower`.
    """
    d = upper - lower
    return np.degrees(np.arctan2(d[..., 0], -d[..., 1]))


def compute_line_tilt(left: FloatArray, right: FloatArray) -> FloatArray:
    """Signed angle of the line between two points from image horizontal, degrees.

    Positive when the point `right` (larger x after ordering) is lower in the image.
    The result lies in (-90, 90], so which point is called left does not matter.
    """
    d = right - left
    flip = d[..., 0] < 0
    d = np.where(flip[..., None], -d, d)
    return np.degrees(np.arctan2(d[..., 1], d[..., 0]))


def compute_signed_deviation(
    a: FloatArray, b: FloatArray, c: FloatArray, *, up: FloatArray
) -> FloatArray:
    """How far `b` sits off the straight line a-c, as an angle at `b` (degrees).

    Zero when a, b, c are collinear; positive when `b` is displaced in the direction
    `up` (a unit 2-D vector, e.g. (0, -1) for image up), negative otherwise.
    """
    bend = 180.0 - compute_joint_angle(a, b, c)
    mid = (a + c) / 2
    side: FloatArray = np.sign(np.sum((b - mid) * up, axis=-1))
    return bend * side


def midpoint(series: LandmarkSeries, left: Landmark, right: Landmark) -> FloatArray:
    """Per-frame midpoint of two landmarks, pixels."""
    return (series.point(left) + series.point(right)) / 2


def side_points(series: LandmarkSeries, side: str) -> dict[str, FloatArray]:
    """The shoulder, hip, knee, ankle, heel and toe of one side ('left' or 'right')."""
    names = ("shoulder", "hip", "knee", "ankle", "heel", "foot_index")
    return {n: series.point(Landmark(f"{side}_{n}")) for n in names}
