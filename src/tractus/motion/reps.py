"""Repetition segmentation of one angle signal, with range and tempo per repetition.

A repetition is an excursion of the exercise's main angle away from its resting level and
back. `detect_reps` uses two thresholds (hysteresis) so noise around one level cannot
count twice: a rep starts when the angle rises past half of the clip's typical excursion
and ends when it falls back below a fifth of it; its exact start and end are the lowest
points around those crossings. A candidate only counts if its range reaches the
exercise's minimum, its duration is plausible and the body is in the exercise's posture
for most of it; this is what keeps walking or fidgeting from being counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tractus.motion.schema import BoolArray, FloatArray

__all__ = ["Rep", "detect_reps"]

MIN_REP_S = 0.6
"""Shortest rep counted. Clinical.md §6.2 describes about 2 s up / 2 s down (clamshell);
anything much faster than that is not a controlled repetition."""
MAX_REP_S = 30.0
"""Longest rep (a side-plank hold counts as one rep; the programme's holds are 15-40 s,
clinical.md §6.2)."""
MIN_POSTURE_SHARE = 0.8
_UP, _DOWN, _STILL, _PLATEAU = 0.5, 0.2, 0.05, 0.9


@dataclass(frozen=True, slots=True)
class Rep:
    """One repetition, by row index in the series, with range (degrees) and tempo (s)."""

    start: int
    peak: int
    end: int
    range_deg: float
    up_s: float
    hold_s: float
    down_s: float


def _tempo(
    x: FloatArray, start: int, end: int, fps: float
) -> tuple[float, float, float]:
    seg = x[start : end + 1]
    base = min(seg[0], seg[-1])
    top = np.flatnonzero(seg >= base + _PLATEAU * (np.nanmax(seg) - base))
    first, last = int(top[0]), int(top[-1])
    return first / fps, (last - first) / fps, (len(seg) - 1 - last) / fps


def _onset(x: FloatArray, i: int, step: int, stop: int, level: float) -> int:
    """Walk from `i` in direction `step` down the slope while above `level`.

    Stops at `stop`, at the rest level, or where the angle turns up again (the next
    rep starting without a pause).
    """
    while i != stop and np.isfinite(x[i + step]) and level < x[i + step] <= x[i]:
        i += step
    return i


def _candidates(
    x: FloatArray, hi: float, lo: float, still: float
) -> list[tuple[int, int]]:
    """(start, end) of each excursion above `hi` that returns below `lo`.

    Start and end are where the angle leaves and comes back to within `still` of rest.
    """
    out: list[tuple[int, int]] = []
    i, n, prev_end = 0, len(x), 0
    while i < n:
        if not x[i] > hi:
            i += 1
            continue
        j = i
        while j < n and not x[j] < lo:
            j += 1
        if j >= n:
            break  # the clip ends mid-rep: not counted
        start = max(prev_end, _onset(x, i, -1, prev_end, still) - 1)
        end = min(n - 1, _onset(x, j, 1, n - 1, still) + 1)
        out.append((start, end))
        prev_end, i = end, end + 1
    return out


def detect_reps(
    signal_deg: FloatArray,
    in_posture: BoolArray,
    *,
    fps: float,
    min_range_deg: float,
    min_rep_s: float = MIN_REP_S,
    max_rep_s: float = MAX_REP_S,
) -> list[Rep]:
    """Find repetitions in an angle signal.

    Parameters
    ----------
    signal_deg : the exercise's main angle per frame (NaN where unknown).
    in_posture : per frame, whether the body is in the exercise's posture.
    fps : frame rate; `min_range_deg` : smallest range that counts as a rep.

    Returns
    -------
    list of Rep, in time order.

    References
    ----------
    Tempo and holds: clinical.md §6.2 (about 2 s up / 2 s down; side plank holds).
    """
    x = np.where(in_posture, np.asarray(signal_deg, dtype=float), np.nan)
    if np.count_nonzero(np.isfinite(x)) < 3:
        return []
    rest, top = np.nanpercentile(x, [5, 95])
    span = max(top - rest, min_range_deg)
    hi, lo = rest + _UP * span, rest + _DOWN * span
    reps = []
    for start, end in _candidates(x, hi, lo, rest + _STILL * span):
        seg = x[start : end + 1]
        if np.mean(np.isfinite(seg)) < MIN_POSTURE_SHARE or not np.isfinite(x[start]):
            continue
        peak = start + int(np.nanargmax(seg))
        rng = float(x[peak] - x[start])
        duration = (end - start) / fps
        if rng < min_range_deg or not min_rep_s <= duration <= max_rep_s:
            continue
        reps.append(Rep(start, peak, end, rng, *_tempo(x, start, end, fps)))
    return reps
