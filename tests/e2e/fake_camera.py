"""A fake camera for Chromium, made from a real clip at test time (browser-pose.md §2).

Chromium's `--use-file-for-fake-video-capture` plays a y4m file in a loop as the camera.
`exercise_clip` turns the real single-leg clip (tests/data/video, pose2sim cam01: a man
standing on his left leg sweeps the right leg out and back) a quarter turn clockwise and
plays it forwards then backwards: on screen he lies on his side and raises the top leg,
so it reads as side-lying leg raises with the leg drifting forward. It exercises the
machinery (camera, pose model, counting, cues, saving) on real pixels; it is not a
clinical recording of the exercise, which no package ships (tests/data/video/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tractus.motion.bundles import PoseModel
from tractus.motion.schema import LandmarkSeries
from tractus.motion.video import extract_landmarks

SINGLE_LEG = (
    Path(__file__).resolve().parents[1] / "data/video/pose2sim_single_leg_cam01.mp4"
)


def _frames(path: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    return frames


def write_y4m(frames: list[np.ndarray], path: Path, *, fps: int = 30) -> Path:
    """Write BGR frames as an uncompressed 4:2:0 y4m file."""
    height, width = frames[0].shape[:2]
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames:
            out.write(b"FRAME\n")
            out.write(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
    return path


def _turned() -> list[np.ndarray]:
    frames = _frames(SINGLE_LEG)[::2]  # 60 -> 30 frames/s
    turned = [
        cv2.rotate(
            cv2.resize(f, (360, 640), interpolation=cv2.INTER_AREA),
            cv2.ROTATE_90_CLOCKWISE,
        )
        for f in frames
    ]
    return turned + turned[::-1]


def exercise_clip(path: Path) -> Path:
    """The real clip turned and played back and forth, 640x360 at 30 frames/s."""
    return write_y4m(_turned(), path)


def camera_landmarks(path: Path, *, loops: int = 3) -> LandmarkSeries:
    """What the coach sees on this camera: the landmarks of `loops` plays of the clip
    (each play tracked afresh, as the camera's frames come again), by MediaPipe's lite
    model, the one the coach page loads."""
    clip = write_y4m(_turned() * loops, path)
    return extract_landmarks(clip, model=PoseModel.LITE).series


NOBODY_FROM_ROW = 1300
"""In the single-leg clip (1080x1920), the platform below this row never has anyone on it:
the man's feet stay above row 1200."""


def nobody_clip(path: Path) -> Path:
    """Real pixels with no person: the empty platform at the foot of the single-leg clip
    (every frame, so the camera noise is the clip's), 640x368 at 30 frames/s."""
    frames = _frames(SINGLE_LEG)[::2]
    empty = [
        cv2.resize(f[NOBODY_FROM_ROW:], (640, 368), interpolation=cv2.INTER_AREA)
        for f in frames
    ]
    return write_y4m(empty + empty[::-1], path)
