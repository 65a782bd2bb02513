"""Cadence units: steps per minute from the per-foot values that files store.

Every running source examined (FIT ``cadence`` + ``fractional_cadence``, TCX
``RunCadence``, Polar TCX ``<Cadence>``, GPX ``gpxtpx:cad``, Strava CSV
``Average Cadence``) stores strides per minute, i.e. steps of one foot, with
medians of 78-88 in the fixtures (activities.md section 1). Detection rule: for
a run on foot, if the median of the non-zero values is below
`PER_FOOT_CADENCE_MAX` the values are per foot and are doubled; a median at or
above it means the writer already stored steps per minute (both feet), since
nobody runs at 130+ strides of one foot per minute. Non-foot sports (cycling
rpm, swimming strokes) carry no step cadence and give NaN.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tractus.activities.schema import Sport

__all__ = ["FOOT_SPORTS", "PER_FOOT_CADENCE_MAX", "to_steps_per_min"]

# Running step rates are 150-200 steps/min (clinical.md 4.5: 168 -> 176 spm),
# i.e. 75-100 per foot; walking 100-130 steps/min, 50-65 per foot. 120 sits
# above any per-foot value and below any both-feet running value.
PER_FOOT_CADENCE_MAX = 120.0
FOOT_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING, Sport.UNKNOWN})


def to_steps_per_min(
    raw: npt.NDArray[np.float64], sport: Sport
) -> npt.NDArray[np.float64]:
    """Convert cadence values as stored in a file to steps per minute.

    Parameters
    ----------
    raw : numpy.ndarray
        Cadence as stored (per foot for every known writer), NaN where absent.
    sport : Sport
        The activity's sport; only sports on foot have a step cadence.

    Returns
    -------
    numpy.ndarray
        Steps per minute (both feet); all NaN for sports not on foot.

    References
    ----------
    activities.md section 1 ("Cadence units"); clinical.md section 4.5.
    """
    if sport not in FOOT_SPORTS:
        return np.full(raw.shape, np.nan)
    moving = raw[raw > 0]
    if moving.size and float(np.median(moving)) >= PER_FOOT_CADENCE_MAX:
        return raw.astype(np.float64, copy=True)
    return raw * 2.0
