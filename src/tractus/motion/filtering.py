"""Cleaning a landmark series: drop unsure points, fill short gaps, low-pass filter, scale.

Order matters and is fixed in `clean_series`: points whose visibility is below a floor are
set to NaN (MediaPipe still guesses occluded points), gaps up to `max_gap_s` are filled by
linear interpolation (longer gaps stay NaN: inventing a quarter of a stride would invent
the event we measure), then each unbroken run is low-pass filtered with a zero-lag
(forward-backward) second-order Butterworth filter. The cut-off depends on the movement:
6 Hz for gait, the value Sports2D uses on the same clip (pose.md §5) and the usual choice
for walking and running kinematics; 3 Hz for exercises, which clinical.md §6.2 describes
at about 2 s up / 2 s down (0.25 Hz), so 3 Hz keeps every harmonic that shapes a rep.
Body-relative units divide pixel distances by the subject's own leg length.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from tractus.motion.schema import FloatArray, Landmark, LandmarkSeries

__all__ = [
    "Movement",
    "butterworth_filtfilt",
    "clean_series",
    "compute_leg_length_px",
    "compute_torso_length_px",
    "fill_gaps",
]

MIN_VISIBILITY = 0.5
"""Below this MediaPipe visibility a landmark is treated as unseen (pose.md §4 reports
minimum hip/knee/ankle visibility 0.72 on clear footage)."""
MAX_GAP_S = 0.2
"""Longest gap filled by interpolation: under a third of a walking step (pose.md §4)."""


class Movement(StrEnum):
    """What the series shows; it sets the filter cut-off."""

    GAIT = "gait"
    EXERCISE = "exercise"


CUTOFF_HZ = {Movement.GAIT: 6.0, Movement.EXERCISE: 3.0}
"""Low-pass cut-offs (see the module docstring; pose.md §5, clinical.md §6.2)."""


def _biquad(cutoff_hz: float, fs_hz: float) -> tuple[FloatArray, FloatArray]:
    """Second-order Butterworth low-pass by the bilinear transform (prewarped)."""
    k = np.tan(np.pi * cutoff_hz / fs_hz)
    norm = 1.0 / (1.0 + np.sqrt(2.0) * k + k * k)
    b0 = k * k * norm
    b = np.array([b0, 2 * b0, b0])
    a = np.array([1.0, 2 * (k * k - 1) * norm, (1 - np.sqrt(2.0) * k + k * k) * norm])
    return b, a


def _lfilter(b: FloatArray, a: FloatArray, x: FloatArray) -> FloatArray:
    """Filter along axis 0, starting in the steady state of the first sample."""
    y = np.empty_like(x)
    z1 = (b[1] + b[2] - a[1] - a[2]) * x[0]
    z2 = (b[2] - a[2]) * x[0]
    for i in range(x.shape[0]):
        y[i] = b[0] * x[i] + z1
        z1 = b[1] * x[i] - a[1] * y[i] + z2
        z2 = b[2] * x[i] - a[2] * y[i]
    return y


def butterworth_filtfilt(
    x: FloatArray, *, cutoff_hz: float, fs_hz: float
) -> FloatArray:
    """Zero-lag low-pass filter of `x` along axis 0 (no NaN allowed).

    A second-order Butterworth run forwards then backwards (fourth order overall, no phase
    shift), with odd-reflection padding so the ends do not droop. A cut-off at or above
    0.8 of the Nyquist frequency is lowered to that, so low frame rates still work.

    Parameters
    ----------
    x : array, shape (n, ...)
    cutoff_hz, fs_hz : cut-off and sampling frequency in Hz.

    References
    ----------
    Winter, *Biomechanics and Motor Control of Human Movement*, ch. 2 (filtering);
    pose.md §5 (Butterworth 6 Hz on the walking clip).
    """
    data = np.asarray(x, dtype=float)
    n = data.shape[0]
    if n < 4:
        return data.copy()
    b, a = _biquad(min(cutoff_hz, 0.4 * fs_hz), fs_hz)
    pad = min(n - 1, max(9, int(round(fs_hz / cutoff_hz))))
    head = 2 * data[0] - data[pad:0:-1]
    tail = 2 * data[-1] - data[-2 : -pad - 2 : -1]
    padded = np.concatenate([head, data, tail])
    forward = _lfilter(b, a, padded)
    backward = _lfilter(b, a, forward[::-1])[::-1]
    return backward[pad : pad + n]


def _runs(valid: FloatArray) -> list[tuple[int, int]]:
    """Start/stop indices of runs of True."""
    edges = np.diff(np.concatenate([[0], valid.astype(int), [0]]))
    return list(
        zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True)
    )


def fill_gaps(x: FloatArray, *, max_gap: int) -> FloatArray:
    """Linearly interpolate NaN runs of at most `max_gap` samples inside a 1-D signal.

    Gaps at the start or end, and longer gaps, stay NaN.
    """
    out = np.array(x, dtype=float)
    for start, stop in _runs(np.isnan(out)):
        if start == 0 or stop == out.size or stop - start > max_gap:
            continue
        left, right = out[start - 1], out[stop]
        frac = np.arange(1, stop - start + 1) / (stop - start + 1)
        out[start:stop] = left + (right - left) * frac
    return out


def _filter_signal(x: FloatArray, cutoff_hz: float, fs_hz: float) -> FloatArray:
    out = np.array(x, dtype=float)
    for start, stop in _runs(~np.isnan(out)):
        if stop - start >= 4:
            out[start:stop] = butterworth_filtfilt(
                out[start:stop], cutoff_hz=cutoff_hz, fs_hz=fs_hz
            )
    return out


def clean_series(
    series: LandmarkSeries,
    *,
    movement: Movement,
    min_visibility: float = MIN_VISIBILITY,
    max_gap_s: float = MAX_GAP_S,
) -> LandmarkSeries:
    """Mask unsure landmarks, fill short gaps and low-pass filter every coordinate.

    Visibility of a filled point is kept as the floor value so later steps can tell it
    was estimated; points left as gaps keep NaN visibility.

    References
    ----------
    Cut-offs and gap limit: module docstring (pose.md §4-5, clinical.md §6.2).
    """
    xyz = np.array(series.xyz_px, dtype=float)
    vis = np.array(series.visibility, dtype=float)
    unsure = ~(vis >= min_visibility)
    xyz[unsure] = np.nan
    vis[unsure] = np.nan
    max_gap = int(round(max_gap_s * series.fps))
    cutoff = CUTOFF_HZ[movement]
    for j in range(xyz.shape[1]):
        for c in range(3):
            filled = fill_gaps(xyz[:, j, c], max_gap=max_gap)
            xyz[:, j, c] = _filter_signal(filled, cutoff, series.fps)
        filled_now = np.isnan(vis[:, j]) & ~np.isnan(xyz[:, j, 0])
        vis[filled_now, j] = min_visibility
    return series.__class__(
        xyz_px=xyz,
        visibility=vis,
        time_s=series.time_s,
        frame_size_px=series.frame_size_px,
        fps=series.fps,
        frame_index=series.frame_index,
    )


def _segment_px(series: LandmarkSeries, a: Landmark, b: Landmark) -> FloatArray:
    length: FloatArray = np.linalg.norm(series.point(a) - series.point(b), axis=1)
    return length


def compute_leg_length_px(series: LandmarkSeries) -> float:
    """Median 2-D leg length (hip-knee plus knee-ankle) over frames and sides, in pixels.

    Used to express distances in leg lengths, as clinical.md §4.6 does for step width
    (Meardon 2012: ±5% of leg length). Returns NaN when no leg is ever fully seen.
    """
    sides = []
    for hip, knee, ankle in (
        (Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE),
        (Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE),
    ):
        sides.append(_segment_px(series, hip, knee) + _segment_px(series, knee, ankle))
    lengths = np.concatenate(sides)
    lengths = lengths[np.isfinite(lengths)]
    # The longest projections are closest to the true length (2-D only shortens).
    return float(np.percentile(lengths, 75)) if lengths.size else float("nan")


def compute_torso_length_px(series: LandmarkSeries) -> float:
    """Median 2-D distance from mid-hip to mid-shoulder, in pixels (NaN if never seen)."""
    hips = (series.point(Landmark.LEFT_HIP) + series.point(Landmark.RIGHT_HIP)) / 2
    shoulders = (
        series.point(Landmark.LEFT_SHOULDER) + series.point(Landmark.RIGHT_SHOULDER)
    ) / 2
    lengths = np.linalg.norm(shoulders - hips, axis=1)
    lengths = lengths[np.isfinite(lengths)]
    return float(np.percentile(lengths, 75)) if lengths.size else float("nan")
