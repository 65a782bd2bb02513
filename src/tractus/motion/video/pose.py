"""Pose provider: MediaPipe's Tasks `PoseLandmarker` over a video read with OpenCV.

This is the only module that touches the model or the video; everything after it works on
`LandmarkSeries`. The landmarker runs in VIDEO mode on the CPU with `num_poses` people per
frame (pose.md §1, §4: lite/full/heavy run at about 100/80/33 frames/s on 2 cores, several
people per frame need the Tasks API). Model bundles are found by
`tractus.motion.bundles`; nothing is downloaded here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from tractus.errors import MotionError, MotionProblem
from tractus.motion.bundles import PoseModel, model_path

__all__ = [
    "MIN_DURATION_S",
    "PoseEstimate",
    "estimate_poses",
    "estimate_poses_backwards",
    "iter_frames",
    "read_frame",
]

MIN_DURATION_S = 1.0
"""Shortest clip analysed: a walking step takes about 0.6 s (pose.md §4), a rep ~4 s."""
MIN_FRAMES = 10
_BRIGHTNESS_EVERY = 10


@dataclass(frozen=True, slots=True)
class PoseEstimate:
    """Raw model output: per frame an array (people x 33 x 4) of x, y, z px and visibility."""

    source: str
    detections: list[np.ndarray]
    fps: float
    frame_size_px: tuple[int, int]
    mean_brightness: float
    inference_s: float

    @property
    def n_frames(self) -> int:
        """Number of frames read from the video."""
        return len(self.detections)


def _open(path: Path) -> cv2.VideoCapture:
    if not path.is_file():
        raise MotionError(str(path), "file not found", kind=MotionProblem.NOT_FOUND)
    if cv2.haveImageReader(str(path)):  # checks the file's signature, not its name
        raise MotionError(
            str(path), "is a still image, not a video", kind=MotionProblem.STILL_IMAGE
        )
    # One decoder thread: the pose model needs the other core (pose.md §4, 2 cores).
    capture = cv2.VideoCapture(str(path), cv2.CAP_ANY, [cv2.CAP_PROP_N_THREADS, 1])
    if not capture.isOpened():
        raise MotionError(
            str(path),
            "not a readable video (corrupt or unknown format)",
            kind=MotionProblem.UNREADABLE_VIDEO,
        )
    if capture.getBackendName() == "CV_IMAGES":
        capture.release()
        raise MotionError(
            str(path), "is a still image, not a video", kind=MotionProblem.STILL_IMAGE
        )
    return capture


def iter_frames(path: Path) -> Iterator[np.ndarray]:
    """Yield the frames of a video as RGB arrays."""
    capture = _open(path)
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                return
            yield cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    finally:
        capture.release()


def _prefetch(path: Path, depth: int = 8) -> Iterator[tuple[np.ndarray, object]]:
    """`iter_frames` decoded on a background thread, so decoding overlaps inference.

    OpenCV releases the GIL while it decodes and converts colours; on two cores this
    hides most of the decode time behind the model (pose.md §4: decode alone runs at
    300+ frames/s, the model at 33-100).
    """
    import queue
    import threading

    import mediapipe as mp

    frames: queue.Queue[Any] = queue.Queue(depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for frame in iter_frames(path):
                # The model's image wrapper copies the pixels: do that here too.
                item = (frame, mp.Image(image_format=mp.ImageFormat.SRGB, data=frame))
                while not stop.is_set():
                    try:
                        frames.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            frames.put(None)
        except BaseException as exc:  # handed to the reader, raised there
            frames.put(exc)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        while (item := frames.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def read_frame(path: Path, index: int) -> np.ndarray:
    """Return one frame (BGR, as OpenCV draws on it) by its index.

    Raises
    ------
    MotionError
        If the frame cannot be read.
    """
    capture = _open(path)
    try:
        capture.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, frame = capture.read()
    finally:
        capture.release()
    if not ok:
        raise MotionError(
            str(path),
            f"frame {index} cannot be read",
            kind=MotionProblem.UNREADABLE_VIDEO,
        )
    return frame


def _declared_frames(path: Path) -> int:
    """The frame count the file's header states (0 when it states none)."""
    capture = _open(path)
    try:
        return max(0, int(capture.get(cv2.CAP_PROP_FRAME_COUNT)))
    finally:
        capture.release()


def _too_short(n: int, fps: float, declared: int) -> str:
    """Why the clip is refused; a cut-short file says how much of it could be read."""
    need = f"at least {MIN_DURATION_S:g} s needed"
    if declared > n:
        return (
            f"only {n} of its {declared} frames could be read ({n / fps:.1f} s): the "
            f"file is cut short or damaged; {need}"
        )
    return f"too short ({n} frames, {n / fps:.1f} s); {need}"


def _video_fps(path: Path) -> float:
    capture = _open(path)
    fps = float(capture.get(cv2.CAP_PROP_FPS))
    capture.release()
    if not np.isfinite(fps) or fps <= 0 or fps > 1000:
        raise MotionError(
            str(path),
            "the video does not state a frame rate",
            kind=MotionProblem.NO_FRAME_RATE,
        )
    return fps


def _to_array(result: object, width: int, height: int) -> np.ndarray:
    people = getattr(result, "pose_landmarks", None) or []
    out = np.empty((len(people), 33, 4))
    for i, landmarks in enumerate(people):
        out[i] = [
            (lm.x * width, lm.y * height, lm.z * width, lm.visibility)
            for lm in landmarks
        ]
    return out


def _landmarker(model: PoseModel, num_poses: int, models_dir: Path | None) -> object:
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(
            model_asset_path=str(model_path(model, models_dir=models_dir)),
            delegate=BaseOptions.Delegate.CPU,
        ),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=num_poses,
    )
    return vision.PoseLandmarker.create_from_options(options)


def estimate_poses(
    path: Path,
    *,
    model: PoseModel = PoseModel.FULL,
    num_poses: int = 2,
    models_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> PoseEstimate:
    """Run the pose model over every frame of a video.

    Parameters
    ----------
    path : the video file.
    model : BlazePose size; `num_poses` : most people kept per frame.
    progress : called with the number of frames done, every 10 frames.

    Raises
    ------
    MotionError
        Unreadable file, still image, unknown frame rate, clip shorter than
        `MIN_DURATION_S`, or a missing model bundle.

    References
    ----------
    pose.md §1 (Tasks API, bundles), §4 (speed, several people per frame).
    """
    import time

    fps = _video_fps(path)
    landmarker = _landmarker(model, num_poses, models_dir)
    detections: list[np.ndarray] = []
    brightness: list[float] = []
    inference_s = 0.0
    size = (0, 0)
    with landmarker as runner:  # type: ignore[attr-defined]
        for i, (rgb, image) in enumerate(_prefetch(path)):
            size = (rgb.shape[1], rgb.shape[0])
            if i % _BRIGHTNESS_EVERY == 0:
                brightness.append(float(rgb[::8, ::8].mean()))
            start = time.perf_counter()
            result = runner.detect_for_video(image, int(round(i * 1000 / fps)))
            inference_s += time.perf_counter() - start
            detections.append(_to_array(result, *size))
            if progress is not None and i % 10 == 0:
                progress(i)
    n = len(detections)
    if n < MIN_FRAMES or n / fps < MIN_DURATION_S:
        raise MotionError(
            str(path),
            _too_short(n, fps, _declared_frames(path)),
            kind=MotionProblem.TOO_SHORT,
        )
    return PoseEstimate(
        source=str(path),
        detections=detections,
        fps=fps,
        frame_size_px=size,
        mean_brightness=float(np.mean(brightness)),
        inference_s=inference_s,
    )


_BACKWARD_BLOCK = 16
"""Frames decoded at a time for the backward pass (16 full-HD RGB frames: about 100 MB)."""


def _read_range(path: Path, start: int, stop: int) -> list[np.ndarray]:
    """Frames `start` to `stop - 1` as RGB, decoded from the beginning (frame-exact on
    every codec, where seeking is not)."""
    capture = _open(path)
    frames = []
    try:
        for _ in range(start):
            if not capture.grab():
                return []
        for _ in range(stop - start):
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    finally:
        capture.release()
    return frames


def estimate_poses_backwards(
    path: Path,
    *,
    first: int,
    last: int,
    fps: float,
    model: PoseModel = PoseModel.FULL,
    num_poses: int = 2,
    models_dir: Path | None = None,
) -> list[np.ndarray]:
    """The pose model run backwards in time over frames `first` to `last`.

    In VIDEO mode the model follows a person it has found from frame to frame and looks
    for new people less eagerly: someone walking into the picture is found only once
    most of the body is in it (on the walking clip, frame 59 where she is in view from
    about 36). Run backwards from where the person is found, it follows them out to the
    edge. Frames are decoded in blocks of `_BACKWARD_BLOCK`, so memory stays small.

    Returns
    -------
    Per frame from `first` to `last` (in that order), an array (people x 33 x 4).
    """
    import mediapipe as mp

    landmarker = _landmarker(model, num_poses, models_dir)
    found: list[np.ndarray] = []
    step = 0
    with landmarker as runner:  # type: ignore[attr-defined]
        for stop in range(last + 1, first, -_BACKWARD_BLOCK):
            block = _read_range(path, max(first, stop - _BACKWARD_BLOCK), stop)
            for rgb in reversed(block):
                image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
                result = runner.detect_for_video(image, int(round(step * 1000 / fps)))
                found.append(_to_array(result, rgb.shape[1], rgb.shape[0]))
                step += 1
    return found[::-1]
