"""Key-frame pictures: the video frame with the subject's skeleton and the measured angle.

Drawn with OpenCV on the original frame so a runner or clinician sees exactly what was
measured: the skeleton (thin lines), the three points of the angle (thick), the angle's
value and a label. Output is PNG bytes, ready to store or serve.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tractus.errors import MotionError
from tractus.motion.reports import KeyFrame
from tractus.motion.schema import Landmark, LandmarkSeries
from tractus.motion.video.pose import read_frame

__all__ = ["SKELETON", "draw_key_frame", "render_key_frames"]

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


def draw_key_frame(
    frame_bgr: np.ndarray, landmarks_px: np.ndarray, key: KeyFrame
) -> bytes:
    """Draw skeleton and angle on a copy of the frame; return PNG bytes.

    `landmarks_px` is (33 x 3) for that frame; NaN points are skipped.
    """
    image = frame_bgr.copy()
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
        text = f"{key.angle_deg:.0f} deg"
        x, y = _pt(v)
        cv2.putText(
            image,
            text,
            (x + 4 * thick, y),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.4 * thick,
            _ANGLE,
            thick,
            cv2.LINE_AA,
        )
    cv2.putText(
        image,
        f"frame {key.frame}: {key.label}",
        (10, 12 * thick + 10),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.4 * thick,
        _BONE,
        thick,
        cv2.LINE_AA,
    )
    ok, png = cv2.imencode(".png", image)
    if not ok:
        raise MotionError(f"frame {key.frame}", "the picture could not be encoded")
    return png.tobytes()


def render_key_frames(
    video: Path, series: LandmarkSeries, keys: tuple[KeyFrame, ...]
) -> list[tuple[KeyFrame, bytes]]:
    """Read each key frame from the video and draw it (PNG bytes per key frame)."""
    out = []
    for key in keys:
        rows = np.flatnonzero(series.frame_index == key.frame)
        if not rows.size:
            continue
        frame = read_frame(video, key.frame)
        out.append((key, draw_key_frame(frame, series.xyz_px[rows[0]], key)))
    return out
