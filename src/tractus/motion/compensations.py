"""Reading a compensation over one rep, as its record in `tractus.motion.rules` says.

Each `FaultRule` names a signal, a way to read it over the rep (`FaultMode`), a sign and
a threshold; `read_fault` returns a `Fault` when the reading passes the threshold. The
live coach's `analysis.mjs` reads faults the same way. Thresholds without a published
value are the 2-D video minimal detectable change (clinical.md §7.5).
"""

from __future__ import annotations

import numpy as np

from tractus.motion.exercise_checks import Fault
from tractus.motion.reps import Rep
from tractus.motion.rules import FaultMode, FaultRule
from tractus.motion.schema import FloatArray

__all__ = ["HOLD_TOP_SHARE", "read_fault"]

HOLD_TOP_SHARE = 0.3
"""A hold's frames are those within 30% of the rep's range of its top."""


def _nanmax(values: FloatArray) -> float:
    return float(np.nanmax(values)) if np.isfinite(values).any() else np.nan


def _reading(rule: FaultRule, values: FloatArray, angle: FloatArray, rep: Rep) -> float:
    v = rule.sign * values
    if rule.mode is FaultMode.RISE:
        return float(v[rep.peak] - v[rep.start])
    if rule.mode is FaultMode.AT_PEAK:
        return float(v[rep.peak])
    if rule.mode is FaultMode.NEAR_PEAK:
        return _nanmax(v[max(rep.start, rep.peak - 2) : rep.peak + 3])
    top = angle[rep.start : rep.end + 1]
    with np.errstate(invalid="ignore"):
        held = top >= _nanmax(top) - HOLD_TOP_SHARE * rep.range_deg
    return _nanmax(v[rep.start : rep.end + 1][held]) if held.any() else np.nan


def read_fault(
    rule: FaultRule, values: FloatArray, angle: FloatArray, rep: Rep
) -> Fault | None:
    """The fault `rule` describes in `rep`, or None.

    Parameters
    ----------
    values : the rule's signal per frame; `angle` : the exercise's main angle (for holds).
    """
    reading = _reading(rule, values, angle, rep)
    if np.isfinite(reading) and reading > rule.threshold:
        return Fault(rule.code, rule.message, reading, rule.threshold, rule.source)
    return None
