"""Outcomes: pain (NPRS), pain-free running, the LEFS, and change against the MCID.

`score_lefs` scores the Lower Extremity Functional Scale (clinical.md §7.1);
`assess_change` says whether a change between two values of a measure is clinically
meaningful, by that measure's minimal clinically important difference (§7.1, §7.2).
"""

from __future__ import annotations

from tractus.outcomes.lefs import (
    LEFS_ATTRIBUTION,
    LEFS_ITEMS,
    LEFS_LICENCE_NOTE,
    LEFS_MAX,
    LEFS_OPTIONS,
    LEFS_STEM,
    score_lefs,
)
from tractus.outcomes.measures import (
    MEASURES,
    Change,
    Measure,
    MeasureInfo,
    assess_change,
)

__all__ = [
    "Change",
    "LEFS_ATTRIBUTION",
    "LEFS_ITEMS",
    "LEFS_LICENCE_NOTE",
    "LEFS_MAX",
    "LEFS_OPTIONS",
    "LEFS_STEM",
    "MEASURES",
    "Measure",
    "MeasureInfo",
    "assess_change",
    "score_lefs",
]
