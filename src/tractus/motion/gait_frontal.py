"""Gait measures in the frontal plane (runner filmed from behind or in front).

Per stance: the contralateral pelvic drop and the 2-D hip adduction peaks (clinical.md
§4.4: Bramah 2018, Noehren 2007; Willy & Davis used >= 20° peak adduction as a research
cut-off); at each contact: step width and crossover in leg lengths (clinical.md §4.6,
Meardon 2012: narrower steps raise ITB strain; crossover = the foot landing on or across
the body's midline).
"""

from __future__ import annotations

import numpy as np

from tractus.motion.camera import View
from tractus.motion.exercise_checks import SideContext, pelvic_drop_deg
from tractus.motion.gait import (
    _LEG,
    FootContact,
    GaitMetric,
    _metric,
    _nanmax,
    _visibility,
    compute_cadence,
)
from tractus.motion.geometry import side_points
from tractus.motion.schema import FloatArray, LandmarkSeries

__all__ = ["frontal_metrics"]


def _hip_adduction(series: LandmarkSeries, side: str) -> FloatArray:
    """2-D hip adduction: thigh angle from the pelvis' downward normal, + towards midline."""
    me, other = (
        side_points(series, side),
        side_points(series, "right" if side == "left" else "left"),
    )
    across = other["hip"] - me["hip"]
    across /= np.linalg.norm(across, axis=1, keepdims=True)
    down = np.stack([-across[:, 1], across[:, 0]], axis=1)
    down *= np.sign(down[:, 1:2])  # make it point down the picture
    thigh = me["knee"] - me["hip"]
    adduction: FloatArray = np.degrees(
        np.arctan2(np.sum(thigh * across, axis=1), np.sum(thigh * down, axis=1))
    )
    return adduction


def frontal_metrics(
    series: LandmarkSeries, contacts: list[FootContact], view: View
) -> dict[str, GaitMetric]:
    """Pelvic drop, hip adduction, step width, crossover and cadence per stance.

    References
    ----------
    clinical.md §4.4 (pelvic drop, hip adduction), §4.6 (step width, crossover).
    """
    drop, add, width, cross = [], [], [], []
    bounds = [c.row for c in contacts] + [series.n_frames]
    for c, end in zip(contacts, bounds[1:], strict=True):
        ctx = SideContext(c.side)
        stance = slice(c.row, end)
        drop.append(_nanmax(pelvic_drop_deg(series, ctx)[stance]))
        add.append(_nanmax(_hip_adduction(series, c.side)[stance]))
        legs = [side_points(series, s) for s in (c.side, ctx.other)]
        leg = float(
            np.linalg.norm(legs[0]["hip"][c.row] - legs[0]["knee"][c.row])
            + np.linalg.norm(legs[0]["knee"][c.row] - legs[0]["ankle"][c.row])
        )
        width.append(abs(legs[0]["ankle"][c.row, 0] - legs[1]["ankle"][c.row, 0]) / leg)
        mid = (legs[0]["hip"][c.row, 0] + legs[1]["hip"][c.row, 0]) / 2
        own_side = np.sign(legs[0]["hip"][c.row, 0] - mid)
        cross.append(float((legs[0]["ankle"][c.row, 0] - mid) * own_side / leg))
    rows = [c.row for c in contacts]
    vis = _visibility(
        series, rows, tuple(f"{s}_{j}" for s in ("left", "right") for j in _LEG)
    )
    crossed = int(np.sum(np.array(cross) < 0))
    cadence, half, n = compute_cadence(contacts, series.fps)
    return {
        "cadence_spm": GaitMetric(
            cadence,
            half,
            n,
            "steps/min",
            view,
            vis,
            "uncertainty is the 95% confidence half-width",
        ),
        "contralateral_pelvic_drop_deg": _metric(
            drop, "deg", view, vis, "peak per stance"
        ),
        "hip_adduction_deg": _metric(add, "deg", view, vis, "2-D peak per stance"),
        "step_width_leg_lengths": _metric(width, "leg lengths", view, vis),
        "crossover_leg_lengths": _metric(
            cross,
            "leg lengths",
            view,
            vis,
            f"foot from the midline on its own side (<0 = crossed); crossed in "
            f"{crossed} of {len(cross)} steps",
        ),
    }
