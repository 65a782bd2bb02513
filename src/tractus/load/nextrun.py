"""How long the next run can be before it is a single-run spike.

Runners ask what load they can take on *today*, not only where their load
jumped. The single-run spike rule answers that directly: a run is compared
with the longest run of the 30 days before its day (Frandsen et al. 2025,
the same rule and bands as `flags`), so the distances at which the next run
would enter each band are known in advance. The reference run leaves the
window 30 days after it was run; from then on, a shorter run sets the limits.

References: clinical.md section 4.1 (Frandsen 2025: HRR 1.64 for >10-30%,
1.52 for 30-100%, 2.28 for >100% longer than the 30-day longest run).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from tractus.load.flags import FRANDSEN_2025, EvidenceStrength, LoadParams

__all__ = [
    "FRANDSEN_HAZARD_RATIOS",
    "SpikeBand",
    "SpikeLimits",
    "next_run_day",
    "spike_limits",
]

# Overuse-injury hazard rate ratio per band of the default LoadParams, from
# Frandsen et al. 2025 (clinical.md 4.1): >10-30%, >30-100%, >100% longer.
FRANDSEN_HAZARD_RATIOS = {10.0: 1.64, 30.0: 1.52, 100.0: 2.28}


@dataclass(frozen=True, slots=True)
class SpikeBand:
    """A run longer than `above_m` is in the band `>pct%` (hazard ratio if published)."""

    pct: float
    above_m: float
    hazard_ratio: float | None


@dataclass(frozen=True, slots=True)
class SpikeLimits:
    """Distances above which a run on `day` falls in each spike band.

    `longest_m` is the longest run of the `lookback_days` before `day` (None
    without any run then: the rule has nothing to compare with), run on
    `longest_day`; it stays the reference for runs up to `reference_until`.
    `bands` gives, per spike band, the distance a run must exceed to be in it.
    """

    day: date
    lookback_days: int
    longest_m: float | None
    longest_day: date | None
    reference_until: date | None
    bands: tuple[SpikeBand, ...]
    source: str = FRANDSEN_2025
    evidence: EvidenceStrength = EvidenceStrength.MODERATE


def next_run_day(runs: pd.DataFrame, *, today: date) -> date:
    """`today`, or tomorrow when the runs table already has a run today."""
    ran_today = bool((runs["local_date"] == pd.Timestamp(today)).any())
    return today + timedelta(days=1) if ran_today else today


def spike_limits(
    runs: pd.DataFrame, *, day: date, params: LoadParams | None = None
) -> SpikeLimits:
    """The spike-band limits for a run on `day` (see `SpikeLimits`).

    Parameters
    ----------
    runs : pandas.DataFrame
        The runs table (`tractus.load.schema.RUN_COLUMNS`).
    day : datetime.date
        The day of the next run; runs on or after it are not in the reference,
        as in `flags` (a second run on the same day is compared with the days
        before).
    params : LoadParams, optional
        The bands and the look-back window.

    References
    ----------
    clinical.md 4.1 (Frandsen 2025).
    """
    params = params or LoadParams()
    lookback = params.spike_lookback_days
    first = pd.Timestamp(day - timedelta(days=lookback))
    window = runs[
        (runs["local_date"] >= first) & (runs["local_date"] < pd.Timestamp(day))
    ]
    distance = window["distance_m"]
    if distance.empty or not distance.max() > 0:
        return SpikeLimits(day, lookback, None, None, None, ())
    longest_m = float(distance.max())
    # Of equal longest runs, the latest stays in the window longest.
    longest_day = window.loc[distance == longest_m, "local_date"].max().date()
    return SpikeLimits(
        day=day,
        lookback_days=lookback,
        longest_m=longest_m,
        longest_day=longest_day,
        reference_until=longest_day + timedelta(days=lookback),
        bands=tuple(
            SpikeBand(
                pct=pct,
                above_m=longest_m * (1.0 + pct / 100.0),
                hazard_ratio=FRANDSEN_HAZARD_RATIOS.get(pct),
            )
            for pct in params.spike_bands_pct
        ),
    )
