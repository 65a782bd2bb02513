"""The outcome measures and when a change in one is clinically meaningful.

NPRS: at least 2 points or 30% better counts as meaningful (Farrar 2001; Salaffi 2004;
clinical.md §7.2 design note), shown both ways; no ITBS-specific figure exists. LEFS:
9 points (Binkley 1999, §7.1). Pain-free running distance and time have no published
MCID, so a change is reported without the flag, and the product says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tractus.outcomes.lefs import LEFS_MAX

__all__ = [
    "Change",
    "MEASURES",
    "Measure",
    "MeasureInfo",
    "assess_change",
]


class Measure(StrEnum):
    """What is tracked over time."""

    PAIN_RUN = "pain_run"
    PAIN_REST = "pain_rest"
    PAIN_FREE_DISTANCE_KM = "pain_free_distance_km"
    PAIN_FREE_TIME_MIN = "pain_free_time_min"
    LEFS = "lefs"


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """Range, direction and minimal clinically important difference of a measure."""

    label: str
    unit: str
    low: float
    high: float | None
    higher_is_better: bool
    mcid_points: float | None
    mcid_pct: float | None
    mcid_source: str


_NPRS_SOURCE = "Farrar 2001, Pain 94:149; Salaffi 2004 (clinical.md §7.2)"

MEASURES: dict[Measure, MeasureInfo] = {
    Measure.PAIN_RUN: MeasureInfo(
        "Worst pain during a run", "/10", 0, 10, False, 2, 30, _NPRS_SOURCE
    ),
    Measure.PAIN_REST: MeasureInfo(
        "Pain at rest", "/10", 0, 10, False, 2, 30, _NPRS_SOURCE
    ),
    Measure.PAIN_FREE_DISTANCE_KM: MeasureInfo(
        "Pain-free running distance",
        "km",
        0,
        None,
        True,
        None,
        None,
        "No published minimal important difference (clinical.md §7.6)",
    ),
    Measure.PAIN_FREE_TIME_MIN: MeasureInfo(
        "Pain-free running time",
        "min",
        0,
        None,
        True,
        None,
        None,
        "No published minimal important difference (clinical.md §7.6)",
    ),
    Measure.LEFS: MeasureInfo(
        "Lower Extremity Functional Scale",
        "/80",
        0,
        LEFS_MAX,
        True,
        9,
        None,
        "Binkley 1999, Phys Ther 79(4):371: MCID 9 points (clinical.md §7.1)",
    ),
}


@dataclass(frozen=True, slots=True)
class Change:
    """A change from a baseline: its size, whether it is better, and if meaningful.

    `meaningful` is None when the measure has no known MCID.
    """

    measure: Measure
    baseline: float
    latest: float
    delta: float
    improved: bool
    meaningful: bool | None
    basis: str


def assess_change(measure: Measure, baseline: float, latest: float) -> Change:
    """Compare `latest` with `baseline` against the measure's MCID.

    A change is meaningful when it reaches the MCID in points or (where one is given)
    in percent of the baseline, in either direction: a meaningful worsening is
    flagged too.
    """
    info = MEASURES[measure]
    delta = latest - baseline
    gain = delta if info.higher_is_better else -delta
    if info.mcid_points is None:
        return Change(
            measure, baseline, latest, delta, gain > 0, None, info.mcid_source
        )
    by_points = abs(delta) >= info.mcid_points
    by_pct = (
        info.mcid_pct is not None
        and baseline > 0
        and abs(delta) / baseline * 100 >= info.mcid_pct
    )
    rule = f"{info.mcid_points:g} points"
    if info.mcid_pct is not None:
        rule += f" or {info.mcid_pct:g}%"
    basis = f"Meaningful change: {rule} ({info.mcid_source})"
    return Change(
        measure,
        baseline,
        latest,
        delta,
        gain > 0,
        (by_points or by_pct) and delta != 0,
        basis,
    )
