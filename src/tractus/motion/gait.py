"""Gait metrics from a side or rear view: foot contacts, cadence, knee, overstride, pelvis.

Side view: foot contacts are the moments each heel is furthest ahead of the pelvis
(Zeni, Richards & Higginson 2008, *Gait Posture* 27:710, the standard kinematic method;
pose.md §4 found steps 18.4 frames apart this way on the walking clip). From them:
cadence (clinical.md §4.5), knee flexion at contact and its peak early in stance
(clinical.md §0, §4.4: ITBS runners land with 13-21° flexion), overstride (heel ahead of
the hip at contact, in leg lengths) and forward trunk lean (clinical.md §4.4, Bramah).
Rear view: stance is the side whose ankle is lower in the picture; per stance the
contralateral pelvic drop and 2-D hip adduction peaks (clinical.md §4.4), and at each
contact the step width and crossover in leg lengths (clinical.md §4.6, Meardon 2012).
Knee valgus from 2-D is a qualitative note only (clinical.md §7.5). Every metric carries
its spread, the number of steps behind it, the view it needs and the landmark visibility.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tractus.motion.camera import View
from tractus.motion.filtering import MIN_VISIBILITY, compute_leg_length_px
from tractus.motion.geometry import (
    compute_joint_angle,
    compute_tilt_from_vertical,
    midpoint,
    side_points,
)
from tractus.motion.schema import FloatArray, Landmark, LandmarkSeries

__all__ = [
    "WALKING_MAX_CADENCE_SPM",
    "FootContact",
    "GaitMetric",
    "GaitReport",
    "analyse_gait",
    "compute_cadence",
    "detect_foot_contacts",
    "hidden_far_leg",
]

MIN_STEP_S = 0.25
"""Shortest step: 240 steps/min, above sprinting cadence (clinical.md §4.5 reports
168-176 spm for a distance runner)."""
MIN_CONTACT_PROMINENCE_LEG = 0.1
"""A heel excursion smaller than 10% of leg length is not a step."""
STANCE_WINDOW_STRIDE = 0.25
"""The stance knee-flexion peak is looked for within 25% of a stride after contact:
it falls at about 15% of the gait cycle in walking and running, the swing peak at ~70%,
and the other foot passes the stance foot at about 30%."""
WALKING_MAX_CADENCE_SPM = 140.0
"""Below this step rate a clip is called walking: runners step at about 150-190 per
minute (clinical.md §4.5: 168-176 in the case report, and ±10% of preferred rate in
Heiderscheit 2011 stays near or above 150), walking at about 100-120 (pose.md §4: the
walking clip at about 98). A convention, not a published cut-off."""
BOTH_HEELS_MIN_SHARE = 0.5
"""Below this share of frames with both heels seen, the far leg counts as hidden (a
convention: half the clip)."""
VALGUS_NOTE = (
    "Knee valgus is not measured: 2-D video angles of the knee in the frontal plane agree "
    "only moderately with 3-D (r 0.64-0.78, clinical.md §7.5); judge it by eye."
)


@dataclass(frozen=True, slots=True)
class FootContact:
    """A foot contact: row in the series, video frame and side."""

    row: int
    frame: int
    side: str


@dataclass(frozen=True, slots=True)
class GaitMetric:
    """One gait measure with its spread and the conditions under which it holds."""

    value: float
    uncertainty: float
    n: int
    unit: str
    view: View
    visibility: float
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "value": _round(self.value),
            "uncertainty": _round(self.uncertainty),
            "n": self.n,
            "unit": self.unit,
            "view": str(self.view),
            "needs": f"{self.view} view; hips, knees and ankles seen "
            f"(visibility >= {MIN_VISIBILITY})",
            "min_visibility": _round(self.visibility),
            "note": self.note,
        }


def _nanmax(values: FloatArray) -> float:
    """Largest finite value, NaN if there is none (no warning)."""
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else float("nan")


def _round(x: float) -> float | None:
    return round(float(x), 2) if np.isfinite(x) else None


@dataclass(frozen=True, slots=True)
class GaitReport:
    """Gait analysis of one clip."""

    view: View
    contacts: tuple[FootContact, ...]
    metrics: dict[str, GaitMetric]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def cadence_spm(self) -> float | None:
        """Steps per minute, or None if too few contacts were found."""
        metric = self.metrics.get("cadence_spm")
        return metric.value if metric else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (metrics keyed by name, each with value and uncertainty)."""
        return {
            "view": str(self.view),
            "foot_contacts": [
                {"frame": c.frame, "side": c.side} for c in self.contacts
            ],
            "metrics": {k: m.to_dict() for k, m in self.metrics.items()},
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


def _peaks(d: FloatArray, *, fps: float, prominence: float) -> FloatArray:
    """Local maxima at least MIN_STEP_S apart that stand out by `prominence`."""
    half = max(1, int(round(MIN_STEP_S * fps)))
    out: list[int] = []
    for i in np.flatnonzero(np.isfinite(d)):
        window = d[max(0, i - half) : i + half + 1]
        if d[i] < np.nanmax(window) or i in (0, len(d) - 1):
            continue
        around = d[max(0, i - 2 * half) : i + 2 * half + 1]
        if d[i] - np.nanmin(around) >= prominence and (not out or i - out[-1] >= half):
            out.append(int(i))
    return np.array(out, dtype=int)


def _direction(series: LandmarkSeries) -> float:
    """+1 if the person walks towards image right, -1 towards the left."""
    hip = midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 0]
    seen = hip[np.isfinite(hip)]
    travel = seen[-1] - seen[0] if seen.size > 1 else 0.0
    if abs(travel) > 0.5 * compute_leg_length_px(series):
        return float(np.sign(travel))
    toe = midpoint(series, Landmark.LEFT_FOOT_INDEX, Landmark.RIGHT_FOOT_INDEX)
    heel = midpoint(series, Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL)
    return float(np.sign(np.nanmedian(toe[:, 0] - heel[:, 0])) or 1.0)


def _heel_ahead(series: LandmarkSeries) -> tuple[FloatArray, FloatArray]:
    """How far each heel is ahead of the hip (frames x 2: left, right), and which leads.

    The model often swaps left and right for the far leg in a side view, so contacts are
    found on the leading heel, whichever label it carries: that signal peaks once per
    step however the labels swap.
    """
    direction = _direction(series)
    hip = midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 0]
    near = hidden_far_leg(series)
    if near is not None:  # the far hip is behind the body too: the near one stands in
        hip = np.where(np.isfinite(hip), hip, side_points(series, near)["hip"][:, 0])
    ahead = np.stack(
        [
            (side_points(series, s)["heel"][:, 0] - hip) * direction
            for s in ("left", "right")
        ],
        axis=1,
    )
    lead = np.where(ahead[:, 1] > ahead[:, 0], 1, 0)
    # Where one heel is not seen, the seen one leads.
    lead = np.where(np.isnan(ahead[:, 0]), 1, np.where(np.isnan(ahead[:, 1]), 0, lead))
    return ahead, lead


def hidden_far_leg(series: LandmarkSeries) -> str | None:
    """The near leg's side when the far leg is hidden most of the time, else None.

    On a treadmill filmed from the side the far leg is often behind the near one or
    the treadmill's side (its landmarks below the visibility limit, so NaN once
    cleaned). Contacts are then found on the near heel alone, one per stride.
    """
    seen = np.stack(
        [np.isfinite(side_points(series, s)["heel"][:, 0]) for s in ("left", "right")],
        axis=1,
    )
    if seen.all(axis=1).mean() >= BOTH_HEELS_MIN_SHARE:
        return None
    share = seen.mean(axis=0)
    if share.max() < BOTH_HEELS_MIN_SHARE:
        return None  # neither leg seen enough: nothing to count on
    return ("left", "right")[int(np.argmax(share))]


def _side_contacts(series: LandmarkSeries) -> list[FootContact]:
    ahead, lead = _heel_ahead(series)
    near = hidden_far_leg(series)
    if near is not None:
        leading = ahead[:, ("left", "right").index(near)]
    else:
        leading = np.where(np.isnan(ahead).any(axis=1), np.nan, np.max(ahead, axis=1))
    prominence = MIN_CONTACT_PROMINENCE_LEG * compute_leg_length_px(series)
    return [
        FootContact(
            int(row), int(series.frame_index[row]), ("left", "right")[lead[row]]
        )
        for row in _peaks(leading, fps=series.fps, prominence=prominence)
    ]


def _rear_contacts(series: LandmarkSeries) -> list[FootContact]:
    """A contact where the stance switches: the other ankle becomes the lower one."""
    diff = (
        series.point(Landmark.LEFT_ANKLE)[:, 1]
        - series.point(Landmark.RIGHT_ANKLE)[:, 1]
    )
    limit = 0.03 * compute_leg_length_px(series)
    state, found = 0, []
    for row, d in enumerate(diff):
        new = 1 if d > limit else -1 if d < -limit else 0
        if new and new != state:
            if state:
                side = "left" if new > 0 else "right"
                found.append(FootContact(row, int(series.frame_index[row]), side))
            state = new
    return found


def detect_foot_contacts(series: LandmarkSeries, *, view: View) -> list[FootContact]:
    """Foot contacts in time order (side view: heel furthest ahead; rear: stance switch).

    References
    ----------
    Zeni et al. 2008 *Gait Posture* 27:710; pose.md §4 (steps 18.4 frames apart).
    """
    return _side_contacts(series) if view is View.SIDE else _rear_contacts(series)


def _metric(
    values: list[float], unit: str, view: View, vis: float, note: str = ""
) -> GaitMetric:
    arr = np.array([v for v in values if np.isfinite(v)])
    if arr.size == 0:
        return GaitMetric(np.nan, np.nan, 0, unit, view, vis, note)
    spread = float(np.std(arr, ddof=1)) if arr.size > 1 else np.nan
    return GaitMetric(float(np.mean(arr)), spread, int(arr.size), unit, view, vis, note)


def _visibility(
    series: LandmarkSeries, rows: list[int], names: tuple[str, ...]
) -> float:
    if not rows:
        return float("nan")
    cols = [Landmark(n).index for n in names]
    return float(np.nanmin(series.visibility[np.ix_(rows, cols)]))


def compute_cadence(
    contacts: list[FootContact], fps: float, *, steps_per_contact: int = 1
) -> tuple[float, float, int]:
    """Cadence in steps/min, its 95% confidence half-width, and the number of steps.

    The half-width combines the step-to-step spread (1.96 x SD / sqrt(n)) with the
    timing resolution of one frame per contact. `steps_per_contact` is 2 when the
    contacts are one leg's (the far leg hidden): each interval is a stride, two steps.

    References
    ----------
    clinical.md §4.5 (cadence in steps/min).
    """
    times = np.array([c.row for c in contacts], dtype=float) / fps
    steps = np.diff(times) / steps_per_contact
    if steps.size < 2:
        return float("nan"), float("nan"), int(steps.size * steps_per_contact)
    mean_step = float(np.mean(steps))
    sem = float(np.std(steps, ddof=1)) / np.sqrt(steps.size)
    frame_error = (1.0 / fps) / np.sqrt(6.0)  # difference of two uniform timing errors
    frame_error /= steps_per_contact
    half = 1.96 * np.hypot(sem, frame_error / np.sqrt(steps.size))
    cadence = 60.0 / mean_step
    return cadence, cadence * half / mean_step, int(steps.size * steps_per_contact)


def _knee_flexion(series: LandmarkSeries, side: str) -> FloatArray:
    p = side_points(series, side)
    return 180.0 - compute_joint_angle(p["hip"], p["knee"], p["ankle"])


_LEG = ("hip", "knee", "ankle")


def _side_metrics(
    series: LandmarkSeries, contacts: list[FootContact]
) -> dict[str, GaitMetric]:
    view, fps = View.SIDE, series.fps
    leg = compute_leg_length_px(series)
    direction = _direction(series)
    near = hidden_far_leg(series)
    per = 1 if near is None else 2  # one leg's contacts are a stride apart
    steps = np.diff([c.row for c in contacts])
    stride = 2.0 / per * float(np.median(steps)) if steps.size else np.nan
    window = int(round(STANCE_WINDOW_STRIDE * stride)) if np.isfinite(stride) else 0
    hip = midpoint(series, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    ahead, lead = _heel_ahead(series)
    # The stance leg early in stance is the leading one (label-swap proof).
    both = np.stack([_knee_flexion(series, s) for s in ("left", "right")], axis=1)
    flex = both[np.arange(series.n_frames), lead]
    at_contact, peak, over = [], [], []
    for c in contacts:
        at_contact.append(float(flex[c.row]))
        peak.append(_nanmax(flex[c.row : c.row + window + 1]))
        over.append(float(ahead[c.row, lead[c.row]] / leg))
    rows = [c.row for c in contacts]
    legs = ("left", "right") if near is None else (near,)
    vis = _visibility(series, rows, tuple(f"{s}_{j}" for s in legs for j in _LEG))
    cadence, half, n = compute_cadence(contacts, fps, steps_per_contact=per)
    shoulder = midpoint(series, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    lean = compute_tilt_from_vertical(hip, shoulder) * direction
    lean_vis = _visibility(
        series,
        list(range(series.n_frames)),
        ("left_hip", "right_hip", "left_shoulder", "right_shoulder"),
    )
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
        "knee_flexion_at_contact_deg": _metric(at_contact, "deg", view, vis),
        "peak_knee_flexion_stance_deg": _metric(peak, "deg", view, vis),
        "overstride_leg_lengths": _metric(
            over, "leg lengths", view, vis, "heel ahead of the hip at contact"
        ),
        "trunk_forward_lean_deg": _metric(
            [float(v) for v in lean[np.isfinite(lean)]],
            "deg",
            view,
            lean_vis,
            "mean over the clip; uncertainty is the frame-to-frame SD",
        ),
    }


def analyse_gait(series: LandmarkSeries, *, view: View) -> GaitReport:
    """Gait metrics of a cleaned series (`clean_series(..., Movement.GAIT)`).

    Parameters
    ----------
    series : the subject's landmarks; `view` : View.SIDE, or View.REAR / View.FRONT
        (frontal plane: the same measures, the runner seen from behind or in front).

    Returns
    -------
    GaitReport with foot contacts and named metrics (value, spread, n, view,
    the lowest landmark visibility at the frames used).

    References
    ----------
    clinical.md §4.4-4.6, §7.5; Zeni et al. 2008; pose.md §4.
    """
    if view not in (View.SIDE, View.REAR, View.FRONT):
        raise ValueError(f"gait needs a side, rear or front view, not {view}")
    contacts = detect_foot_contacts(series, view=view)
    warnings: list[str] = []
    if len(contacts) < 3:
        warnings.append(
            f"Only {len(contacts)} foot contacts were found; film at least 4 steps "
            "(about 3 s) for cadence and per-step measures."
        )
    sides = [c.side for c in contacts]
    near = hidden_far_leg(series) if view is View.SIDE else None
    if near is not None:
        warnings.append(
            f"The far leg is hidden most of the time: cadence comes from the {near} "
            "(near) leg's strides, every other step, and the per-step measures from "
            "that leg only."
        )
    elif any(a == b for a, b in zip(sides, sides[1:], strict=False)):
        warnings.append(
            "Left and right contacts do not alternate: the far leg is partly hidden, so "
            "side labels (not cadence) are uncertain."
        )
    from tractus.motion.gait_frontal import frontal_metrics

    metrics = (
        _side_metrics(series, contacts)
        if view is View.SIDE
        else frontal_metrics(series, contacts, view)
    )
    cadence = metrics["cadence_spm"].value if "cadence_spm" in metrics else None
    if cadence is not None and cadence < WALKING_MAX_CADENCE_SPM:
        warnings.append(
            f"This looks like walking rather than running ({cadence:.0f} steps/min; "
            f"running is usually above {WALKING_MAX_CADENCE_SPM:.0f}): the running "
            "measures and their reference values may not apply."
        )
    notes = () if view is View.SIDE else (VALGUS_NOTE,)
    return GaitReport(view, tuple(contacts), metrics, tuple(warnings), notes)
