"""Key-frame pictures: the video frame with the subject's skeleton and the measured angle.

Drawn with OpenCV on the original frame so a runner or clinician sees exactly what was
measured: the skeleton (thin lines), the three points of the angle (thick), the angle's
value and a label in a band below. Output is JPEG bytes, ready to store or serve.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tractus.errors import MotionError, MotionProblem
from tractus.motion.reports import KeyFrame
from tractus.motion.schema import Landmark, LandmarkSeries
from tractus.motion.video.pose import read_frame

__all__ = [
    "JPEG_QUALITY",
    "KEY_FRAME_MEDIA_TYPE",
    "KEY_FRAME_SUFFIX",
    "MAX_WIDTH_PX",
    "SKELETON",
    "draw_key_frame",
    "render_key_frames",
    "thumbnail",
]

MAX_WIDTH_PX = 1280
"""Key frames are scaled down to this width: sharp on any phone or laptop screen."""
JPEG_QUALITY = 85
KEY_FRAME_MEDIA_TYPE = "image/jpeg"
KEY_FRAME_SUFFIX = ".jpg"
THUMBNAIL_WIDTH_PX = 240
"""A list's thumbnail: twice the 120 px it is shown at, for sharp phone screens."""

SKELETON: tuple[tuple[Landmark, Landmark], ...] = tuple(
    (Landmark(a), Landmark(b))
    for a, b in (
        ("left_shoulder", "right_shoulder"),
        ("left_hip", "right_hip"),
        *(
            (f"{s}_{x}", f"{s}_{y}")
            for s in ("left", "right")
            for x, y in (
                ("shoulder", "elbow"),
                ("elbow", "wrist"),
                ("shoulder", "hip"),
                ("hip", "knee"),
                ("knee", "ankle"),
                ("ankle", "heel"),
                ("heel", "foot_index"),
                ("ankle", "foot_index"),
            )
        ),
    )
)
_BONE = (255, 255, 255)
_ANGLE = (0, 200, 255)


def _pt(xy: np.ndarray) -> tuple[int, int]:
    return int(round(float(xy[0]))), int(round(float(xy[1])))


def _draw_angle(image: np.ndarray, landmarks_px: np.ndarray, key: KeyFrame) -> None:
    thick = max(2, image.shape[1] // 400)
    for start, end in SKELETON:
        p, q = landmarks_px[start.index, :2], landmarks_px[end.index, :2]
        if np.isfinite(p).all() and np.isfinite(q).all():
            cv2.line(image, _pt(p), _pt(q), _BONE, thick, cv2.LINE_AA)
    a, v, c = (landmarks_px[x.index, :2] for x in (key.a, key.vertex, key.c))
    if np.isfinite(np.stack([a, v, c])).all():
        cv2.line(image, _pt(a), _pt(v), _ANGLE, 2 * thick, cv2.LINE_AA)
        cv2.line(image, _pt(v), _pt(c), _ANGLE, 2 * thick, cv2.LINE_AA)
        cv2.circle(image, _pt(v), 3 * thick, _ANGLE, -1, cv2.LINE_AA)


def _caption(image: np.ndarray, key: KeyFrame) -> np.ndarray:
    """Add a dark band under the picture with the label and the angle in large type."""
    width = image.shape[1]
    scale = width / 1000.0  # about 3% of the width per letter: legible on a phone
    band = np.zeros((int(70 * scale), width, 3), dtype=np.uint8)
    text = f"{key.label}: {key.angle_deg:.0f} deg (frame {key.frame})"
    cv2.putText(
        band,
        text,
        (int(20 * scale), int(48 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.2 * scale,
        _ANGLE,
        max(2, int(2.5 * scale)),
        cv2.LINE_AA,
    )
    return np.vstack([image, band])


def draw_key_frame(
    frame_bgr: np.ndarray, landmarks_px: np.ndarray, key: KeyFrame
) -> bytes:
    """Draw skeleton and angle on a copy of the frame, scaled to at most 1280 px wide,
    with a caption band; return JPEG bytes (a few hundred kB instead of a 2.7 MB PNG).

    `landmarks_px` is (33 x 3) for that frame, in the frame's pixels; NaN points are
    skipped.
    """
    image = frame_bgr.copy()
    _draw_angle(image, landmarks_px, key)
    if image.shape[1] > MAX_WIDTH_PX:
        height = round(image.shape[0] * MAX_WIDTH_PX / image.shape[1])
        image = cv2.resize(image, (MAX_WIDTH_PX, height), interpolation=cv2.INTER_AREA)
    image = _caption(image, key)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise MotionError(
            f"frame {key.frame}",
            "the picture could not be encoded",
            kind=MotionProblem.INTERNAL,
        )
    return jpeg.tobytes()


def render_key_frames(
    video: Path, series: LandmarkSeries, keys: tuple[KeyFrame, ...]
) -> list[tuple[KeyFrame, bytes]]:
    """Read each key frame from the video and draw it (JPEG bytes per key frame)."""
    out = []
    for key in keys:
        rows = np.flatnonzero(series.frame_index == key.frame)
        if not rows.size:
            continue
        frame = read_frame(video, key.frame)
        out.append((key, draw_key_frame(frame, series.xyz_px[rows[0]], key)))
    return out


def thumbnail(jpeg: bytes, *, width_px: int = THUMBNAIL_WIDTH_PX) -> bytes:
    """A small JPEG of a key frame for lists (tens of kB instead of a few hundred).

    Raises
    ------
    MotionError
        If the picture cannot be read or encoded.
    """
    try:
        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    if image is None:
        raise MotionError("key frame", "not a picture", kind=MotionProblem.INTERNAL)
    # At least a pixel high and at most four widths: a strip stays a small picture.
    height = min(
        max(1, round(image.shape[0] * width_px / image.shape[1])), 4 * width_px
    )
    small = cv2.resize(image, (width_px, height), interpolation=cv2.INTER_AREA)
    ok, out = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise MotionError(
            "key frame",
            "the thumbnail could not be encoded",
            kind=MotionProblem.INTERNAL,
        )
    return out.tobytes()
