"""Overuse flags over a runner's history, each with its basis, source and evidence.

- Single-run spike (Frandsen et al., BJSM 2025): a run longer than the longest
  run of the 30 calendar days before its day, in the bands >10%, >30% and
  >100%. Runs earlier on the same day are not in the reference.
- Two-week progression (Nielsen et al., JOSPT 2014): a week's distance more
  than 30% above the mean of the two weeks before it. The paper's exact
  operationalisation could not be checked (clinical.md 4.1, abstract only);
  this is the reading used here. A week that is not above every week of the
  `LoadParams.repeat_window_weeks` before it is not flagged: that load was
  already carried (and, if it was a jump, already flagged) within the 30-day
  window that Frandsen 2025 found predictive, while the week-to-week ratio
  alone showed no relationship with injury (clinical.md 4.1). A return to a
  usual week after a short break is therefore not a spike.
- Descent spike (expert opinion, clinical.md 4.2): a run whose elevation loss
  exceeds the largest of the previous 30 days by more than 30% and is at least
  `LoadParams.descent_spike_min_m`, so flat-run noise does not fire it.
- Consecutive running days (expert opinion: "abrupt increases in frequency",
  BMJ Best Practice): a streak reaching `LoadParams.streak_days`.

References: clinical.md sections 4.1 and 4.2; activities.md section 4.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from tractus.load.series import daily_load, weekly_load

__all__ = [
    "EvidenceStrength",
    "FlagKind",
    "LoadFlag",
    "LoadParams",
    "compute_flags",
]

FRANDSEN_2025 = (
    "Frandsen et al., 'How much running is too much?', Br J Sports Med 2025;59:1203, "
    "doi:10.1136/bjsports-2024-109380"
)
NIELSEN_2014 = (
    "Nielsen et al., 'Excessive progression in weekly running distance and risk of "
    "running-related injuries', JOSPT 2014;44(10):739-747"
)
DOWNHILL_SOURCE = (
    "Expert opinion: BMJ Best Practice; American Family Physician, 2007; mechanism "
    "Orchard JW et al., 1996, American Journal of Sports Medicine"
)
# Sources as a runner reads them (authors, year, journal); the evidence behind
# them is clinical.md 4.2 (downhill) and 4.1 (frequency).
FREQUENCY_SOURCE = "Expert opinion: BMJ Best Practice"


class FlagKind(enum.StrEnum):
    """What a flag is about."""

    SINGLE_RUN_SPIKE = "single_run_spike"
    WEEKLY_PROGRESSION = "weekly_progression"
    DESCENT_SPIKE = "descent_spike"
    CONSECUTIVE_DAYS = "consecutive_days"


class EvidenceStrength(enum.StrEnum):
    """Strength of the evidence behind a flag (clinical.md grading)."""

    MODERATE = "moderate"
    WEAK = "weak"
    EXPERT_OPINION = "expert_opinion"


@dataclass(frozen=True, slots=True)
class LoadParams:
    """Thresholds of the flags; clinics may override them (defaults cited above)."""

    spike_bands_pct: tuple[float, ...] = (10.0, 30.0, 100.0)
    spike_lookback_days: int = 30
    progression_pct: float = 30.0
    descent_spike_pct: float = 30.0
    descent_spike_min_m: float = 50.0
    streak_days: int = 7
    # About the 30-day reference window of Frandsen 2025 (clinical.md 4.1).
    repeat_window_weeks: int = 4


@dataclass(frozen=True, slots=True)
class LoadFlag:
    """One flag: what was seen, against which threshold, and on what evidence."""

    id: str
    kind: FlagKind
    day: date
    value: float
    threshold: float
    unit: str
    basis: str
    source: str
    evidence: EvidenceStrength
    band: str | None = None


def _prior_max(values: np.ndarray, days: int) -> np.ndarray:
    """Max of `values` over the `days` entries before each index (0 if none)."""
    series = pd.Series(values).shift(1, fill_value=0.0)
    return series.rolling(days, min_periods=1).max().to_numpy()


def _spike_band(pct: float, bands: tuple[float, ...]) -> float | None:
    above = [b for b in bands if pct > b]
    return max(above) if above else None


def _run_spikes(
    runs: pd.DataFrame, daily: pd.DataFrame, params: LoadParams
) -> list[LoadFlag]:
    prior = _prior_max(daily["longest_run_m"].to_numpy(), params.spike_lookback_days)
    offsets = (runs["local_date"] - daily.index[0]).dt.days.to_numpy()
    reference = prior[offsets]
    distance = runs["distance_m"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pct = np.where(reference > 0, (distance / reference - 1.0) * 100.0, np.nan)
    flags = []
    for i in np.flatnonzero(pct > min(params.spike_bands_pct)):
        band = _spike_band(float(pct[i]), params.spike_bands_pct)
        day = runs["local_date"].iloc[i].date()
        flags.append(
            LoadFlag(
                id=f"{FlagKind.SINGLE_RUN_SPIKE}:{day}:{runs['run_id'].iloc[i]}",
                kind=FlagKind.SINGLE_RUN_SPIKE,
                day=day,
                value=round(float(pct[i]), 1),
                threshold=float(band) if band is not None else 0.0,
                unit="%",
                band=f">{band:g}%",
                basis=(
                    f"run of {distance[i] / 1000:.1f} km vs the longest run of the "
                    f"previous {params.spike_lookback_days} days, "
                    f"{reference[i] / 1000:.1f} km"
                ),
                source=FRANDSEN_2025,
                evidence=EvidenceStrength.MODERATE,
            )
        )
    return flags


def _progression(weekly: pd.DataFrame, params: LoadParams) -> list[LoadFlag]:
    distance = weekly["distance_m"].to_numpy()
    previous = (np.roll(distance, 1) + np.roll(distance, 2)) / 2.0
    previous[:2] = np.nan
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pct = np.where(previous > 0, (distance / previous - 1.0) * 100.0, np.nan)
    recent_max = _prior_max(distance, params.repeat_window_weeks)
    new_load = distance > recent_max
    flags = []
    weeks = cast(pd.DatetimeIndex, weekly.index)  # weekly_load's Mondays
    for i in np.flatnonzero((pct > params.progression_pct) & new_load):
        day = weeks[int(i)].date()
        flags.append(
            LoadFlag(
                id=f"{FlagKind.WEEKLY_PROGRESSION}:{day}",
                kind=FlagKind.WEEKLY_PROGRESSION,
                day=day,
                value=round(float(pct[i]), 1),
                threshold=params.progression_pct,
                unit="%",
                basis=(
                    f"{distance[i] / 1000:.1f} km that week vs a mean of "
                    f"{previous[i] / 1000:.1f} km over the two weeks before"
                ),
                source=NIELSEN_2014,
                evidence=EvidenceStrength.MODERATE,
            )
        )
    return flags


def _descent_spikes(
    runs: pd.DataFrame, daily: pd.DataFrame, params: LoadParams
) -> list[LoadFlag]:
    prior = _prior_max(
        daily["largest_descent_m"].to_numpy(), params.spike_lookback_days
    )
    offsets = (runs["local_date"] - daily.index[0]).dt.days.to_numpy()
    reference = prior[offsets]
    descent = runs["descent_m"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pct = np.where(reference > 0, (descent / reference - 1.0) * 100.0, np.nan)
    hits = (pct > params.descent_spike_pct) & (descent >= params.descent_spike_min_m)
    flags = []
    for i in np.flatnonzero(hits):
        day = runs["local_date"].iloc[i].date()
        flags.append(
            LoadFlag(
                id=f"{FlagKind.DESCENT_SPIKE}:{day}:{runs['run_id'].iloc[i]}",
                kind=FlagKind.DESCENT_SPIKE,
                day=day,
                value=round(float(pct[i]), 1),
                threshold=params.descent_spike_pct,
                unit="%",
                basis=(
                    f"{descent[i]:.0f} m of descent vs at most {reference[i]:.0f} m "
                    "in a "
                    f"run of the previous {params.spike_lookback_days} days"
                ),
                source=DOWNHILL_SOURCE,
                evidence=EvidenceStrength.EXPERT_OPINION,
            )
        )
    return flags


def _streaks(daily: pd.DataFrame, params: LoadParams) -> list[LoadFlag]:
    ran = daily["runs"].to_numpy() > 0
    # Length of the run-day streak ending on each day.
    breaks = np.flatnonzero(~ran)
    last_break = np.full(ran.size, -1)
    last_break[breaks] = breaks
    last_break = np.maximum.accumulate(last_break)
    streak = np.arange(ran.size) - last_break
    flags = []
    days = cast(pd.DatetimeIndex, daily.index)  # daily_load's days
    for i in np.flatnonzero(streak == params.streak_days):
        day = days[int(i)].date()
        flags.append(
            LoadFlag(
                id=f"{FlagKind.CONSECUTIVE_DAYS}:{day}",
                kind=FlagKind.CONSECUTIVE_DAYS,
                day=day,
                value=float(params.streak_days),
                threshold=float(params.streak_days),
                unit="days",
                basis=f"{params.streak_days} consecutive days with a run",
                source=FREQUENCY_SOURCE,
                evidence=EvidenceStrength.EXPERT_OPINION,
            )
        )
    return flags


def compute_flags(
    runs: pd.DataFrame,
    *,
    today: date,
    params: LoadParams | None = None,
    since: date | None = None,
) -> tuple[LoadFlag, ...]:
    """All flags of the history up to `today`, sorted by day.

    Parameters
    ----------
    runs : pandas.DataFrame
        The runs table (`tractus.load.schema.RUN_COLUMNS`); runs after `today`
        are ignored.
    today : datetime.date
        The last day considered (the core never reads the clock).
    params : LoadParams, optional
        Thresholds; the defaults follow the cited sources.
    since : datetime.date, optional
        Only flags on or after this day are returned (the history before it
        still serves as reference).

    Returns
    -------
    tuple of LoadFlag

    References
    ----------
    clinical.md 4.1 (Frandsen 2025 bands; Nielsen 2014 >30%), 4.2 (downhill).
    """
    params = params or LoadParams()
    runs = runs[runs["local_date"] <= pd.Timestamp(today)]
    if runs.empty:
        return ()
    first = runs["local_date"].min().date()
    daily = daily_load(runs, start=first, end=today)
    flags = (
        _run_spikes(runs, daily, params)
        + _progression(weekly_load(daily), params)
        + _descent_spikes(runs, daily, params)
        + _streaks(daily, params)
    )
    if since is not None:
        flags = [f for f in flags if f.day >= since]
    return tuple(sorted(flags, key=lambda f: (f.day, f.kind)))
