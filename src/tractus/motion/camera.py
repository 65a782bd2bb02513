"""Camera check: is the clip filmed so that it can be measured, and if not, how to fix it.

Run before any analysis. It names, in plain words with the fix, the four problems that
spoil video measurements: the wrong view (2-D angles are only valid in the plane the
camera faces, clinical.md §7.5), the body partly out of the picture, the person too small
(a few pixels of error become many degrees), and a dark picture (the pose model's
visibility drops; pose.md §4 needed visibility >= 0.7 for stable hips, knees, ankles).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from tractus.motion.filtering import MIN_VISIBILITY, compute_torso_length_px
from tractus.motion.schema import BoolArray, FloatArray, Landmark, LandmarkSeries

__all__ = [
    "CameraCheck",
    "CameraIssue",
    "View",
    "check_camera",
    "classify_view",
    "subject_box",
]

MIN_BRIGHTNESS = 50.0
"""Mean pixel value (0-255) below which the picture is called too dark."""
MIN_SUBJECT_SIZE = 0.3
"""Smallest subject size: the box's height (standing) or width (lying) as a share of
the frame's; below it a pixel of landmark error is several degrees of joint angle."""
MAX_OUT_OF_FRAME_SHARE = 0.25
"""Largest share of frames in which a needed body part may be missing or outside."""
SIDE_MAX_WIDTH_RATIO = 0.3
FRONTAL_MIN_WIDTH_RATIO = 0.45
"""Shoulder width / torso length in the image: a side view hides the width (shoulders
overlap, ratio near 0); a front or rear view shows it (about 0.8 for an adult)."""

_PART_NAMES = {
    "ankle": "feet",
    "heel": "feet",
    "foot_index": "feet",
    "knee": "knees",
    "hip": "hips",
    "shoulder": "shoulders",
}


class View(StrEnum):
    """Where the camera stands relative to the person."""

    SIDE = "side"
    FRONT = "front"
    REAR = "rear"
    OBLIQUE = "oblique"


@dataclass(frozen=True, slots=True)
class CameraIssue:
    """One problem with the filming, with a plain message that says how to fix it."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CameraCheck:
    """Result of the camera check; `ok` is False when any issue was found."""

    view: View
    issues: tuple[CameraIssue, ...]

    @property
    def ok(self) -> bool:
        """True when the clip can be measured as filmed."""
        return not self.issues


def classify_view(series: LandmarkSeries) -> View:
    """Side, front, rear or oblique, from the shoulder width seen relative to the torso.

    Front and rear differ in which shoulder is on the image left: the person's left
    shoulder appears on the right of the picture when they face the camera.
    """
    left = series.point(Landmark.LEFT_SHOULDER)
    right = series.point(Landmark.RIGHT_SHOULDER)
    torso = compute_torso_length_px(series)
    widths = np.linalg.norm(left - right, axis=1)
    seen = np.isfinite(widths)
    if not seen.any() or not torso > 0:
        return View.OBLIQUE
    ratio = float(np.median(widths[seen])) / torso
    if ratio < SIDE_MAX_WIDTH_RATIO:
        return View.SIDE
    if ratio < FRONTAL_MIN_WIDTH_RATIO:
        return View.OBLIQUE
    faces_camera = np.median(left[seen, 0] - right[seen, 0]) > 0
    return View.FRONT if faces_camera else View.REAR


def _missing_parts(series: LandmarkSeries, needed: tuple[Landmark, ...]) -> list[str]:
    w, h = series.frame_size_px
    parts: list[str] = []
    for lm in needed:
        xy = series.point(lm)
        inside = (xy[:, 0] >= 0) & (xy[:, 0] <= w) & (xy[:, 1] >= 0) & (xy[:, 1] <= h)
        seen = inside & (series.vis(lm) >= MIN_VISIBILITY)
        if 1.0 - np.mean(seen) > MAX_OUT_OF_FRAME_SHARE:
            name = _PART_NAMES.get(str(lm).split("_", 1)[1], str(lm))
            if name not in parts:
                parts.append(name)
    return parts


def _seen_xy(series: LandmarkSeries) -> FloatArray:
    """Image points of the frames where the person was seen at all."""
    xy = series.xyz_px[:, :, :2]
    seen: BoolArray = np.all(np.isfinite(xy), axis=2).any(axis=1)
    return xy[seen]


def _subject_size(series: LandmarkSeries) -> float:
    """Median of the larger of box width / frame width and box height / frame height."""
    xy = _seen_xy(series)
    if not len(xy):
        return 0.0
    lo, hi = np.nanmin(xy, axis=1), np.nanmax(xy, axis=1)
    w, h = series.frame_size_px
    share = np.maximum((hi[:, 0] - lo[:, 0]) / w, (hi[:, 1] - lo[:, 1]) / h)
    return float(np.nanmedian(share))


def check_camera(
    series: LandmarkSeries,
    *,
    views: tuple[View, ...],
    needed: tuple[Landmark, ...],
    mean_brightness: float | None = None,
) -> CameraCheck:
    """Check view, framing, subject size and light; say how to fix each problem.

    Parameters
    ----------
    series : the subject's raw landmarks (before filtering).
    views : the views the analysis accepts; `needed` : landmarks it measures.
    mean_brightness : mean pixel value 0-255 of the clip, if known.

    References
    ----------
    Thresholds: module constants (clinical.md §7.5 on 2-D validity; pose.md §4).
    """
    issues: list[CameraIssue] = []
    view = classify_view(series)
    if view not in views:
        wanted = " or ".join(str(v) for v in views)
        issues.append(
            CameraIssue(
                "wrong_view",
                f"The camera sees you from the {view}; this check needs a {wanted} view. "
                f"Place the phone so it faces your {_FACING[views[0]]}, at hip height.",
            )
        )
    missing = _missing_parts(series, needed)
    if missing:
        issues.append(
            CameraIssue(
                "out_of_frame",
                f"Your {', '.join(missing)} are not fully in the picture. Move the phone "
                "further away or turn it so your whole body fits, with some floor showing.",
            )
        )
    if _subject_size(series) < MIN_SUBJECT_SIZE:
        issues.append(
            CameraIssue(
                "too_small",
                "You are small in the picture. Move the phone closer (about 2-3 m away) "
                "so your body fills most of the frame.",
            )
        )
    if mean_brightness is not None and mean_brightness < MIN_BRIGHTNESS:
        issues.append(
            CameraIssue(
                "too_dark",
                "The video is too dark. Turn on a light, or film facing away from a window "
                "so the light falls on you.",
            )
        )
    return CameraCheck(view=view, issues=tuple(issues))


_FACING = {
    View.SIDE: "side",
    View.FRONT: "front",
    View.REAR: "back",
    View.OBLIQUE: "front at an angle",
}


def subject_box(series: LandmarkSeries) -> tuple[float, float, float, float]:
    """Median box (x0, y0, x1, y1) around the subject over the clip, pixels."""
    xy = _seen_xy(series)
    lo, hi = np.nanmin(xy, axis=1), np.nanmax(xy, axis=1)
    x0, y0 = np.nanmedian(lo, axis=0)
    x1, y1 = np.nanmedian(hi, axis=0)
    return float(x0), float(y0), float(x1), float(y1)
