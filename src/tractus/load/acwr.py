"""Acute:chronic workload ratio, uncoupled rolling and EWMA, always with its caveats.

Uncoupled rolling ratio: acute = distance of the last 7 days (t-6..t);
chronic = mean weekly distance of the three weeks before (t-27..t-7), so the
acute week is not part of its own reference (Lolli et al., BJSM 2019). EWMA
ratio (Williams et al., BJSM 2017): EWMA_t = load_t * l + (1 - l) * EWMA_t-1,
l = 2 / (N + 1), N = 7 and 28, seeded with the first day's load; values in the
first 28 days are left out as warm-up. Both are NaN where the chronic load is 0.
The ratio is contested (Impellizzeri et al. 2020, 2021) and in runners showed
a *negative* dose-response (Frandsen et al., BJSM 2025), so it is reported as
a number with `ACWR_CAVEAT`, never as a flag or a traffic light.
References: activities.md section 4; clinical.md section 4.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

__all__ = [
    "ACUTE_DAYS",
    "ACWR_CAVEAT",
    "CHRONIC_DAYS",
    "AcwrValue",
    "acwr_on",
    "ewma_acwr",
    "uncoupled_acwr",
]

# 7 and 28 days are the windows of the published ratios (Gabbett 2016;
# Williams 2017), not values validated for runners.
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
ACWR_CAVEAT = (
    "The acute:chronic workload ratio is contested: dividing by fixed or random "
    "'chronic' loads reproduces its injury associations (Impellizzeri et al., Sports "
    "Med 2021), and in 5,205 runners it showed a negative dose-response while a "
    "single run longer than the longest of the previous 30 days did predict injury "
    "(Frandsen et al., BJSM 2025). The 0.8-1.3 'sweet spot' comes from team sports "
    "and is not established for runners. Read it alongside the run-spike and "
    "progression flags, never on its own."
)


def uncoupled_acwr(
    daily_distance: pd.Series,
    *,
    acute_days: int = ACUTE_DAYS,
    chronic_days: int = CHRONIC_DAYS,
) -> pd.Series:
    """Uncoupled rolling ACWR of a daily load series (NaN until `chronic_days` of data).

    References
    ----------
    activities.md section 4 (Lolli et al. BJSM 2019; Windt & Gabbett BJSM 2019).
    """
    values = daily_distance.to_numpy(dtype=np.float64)
    cumulative = np.concatenate(([0.0], np.cumsum(values)))
    n = values.size
    t = np.arange(n)
    ratio = np.full(n, np.nan)
    ok = t >= chronic_days - 1
    end = t[ok] + 1
    acute = cumulative[end] - cumulative[end - acute_days]
    chronic_weeks = (chronic_days - acute_days) / 7.0
    chronic = (
        cumulative[end - acute_days] - cumulative[end - chronic_days]
    ) / chronic_weeks
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio[ok] = np.where(chronic > 0, acute / chronic, np.nan)
    return pd.Series(ratio, index=daily_distance.index, name="acwr_uncoupled")


def ewma_acwr(
    daily_distance: pd.Series,
    *,
    acute_days: int = ACUTE_DAYS,
    chronic_days: int = CHRONIC_DAYS,
) -> pd.Series:
    """EWMA ACWR (Williams et al. 2017); NaN during the `chronic_days` warm-up.

    References
    ----------
    activities.md section 4 (Williams, West, Cross, Stokes, BJSM 2017;51:209-210).
    """
    acute = daily_distance.ewm(alpha=2.0 / (acute_days + 1), adjust=False).mean()
    chronic = daily_distance.ewm(alpha=2.0 / (chronic_days + 1), adjust=False).mean()
    ratio = (acute / chronic.where(chronic > 0)).to_numpy(copy=True)
    ratio[: chronic_days - 1] = np.nan
    return pd.Series(ratio, index=daily_distance.index, name="acwr_ewma")


@dataclass(frozen=True, slots=True)
class AcwrValue:
    """Both ratios on one day, with the caveat that must be shown with them."""

    day: date
    uncoupled: float | None
    ewma: float | None
    caveat: str = ACWR_CAVEAT


def acwr_on(daily_distance: pd.Series, day: date) -> AcwrValue:
    """Both ratios on `day` (None where undefined: warm-up or no chronic load)."""
    key = pd.Timestamp(day)

    def pick(series: pd.Series) -> float | None:
        value = series.get(key)
        return None if value is None or np.isnan(value) else float(value)

    return AcwrValue(
        day=day,
        uncoupled=pick(uncoupled_acwr(daily_distance)),
        ewma=pick(ewma_acwr(daily_distance)),
    )
