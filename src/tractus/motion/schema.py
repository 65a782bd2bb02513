"""The landmark series: the one data contract between pose estimation and the analysers.

A `LandmarkSeries` holds one person's 33 BlazePose landmarks over the frames of a clip:
`xyz_px` (frames x 33 x 3: x right, y down, z depth towards the camera negative, all in
pixels of the original frame; MediaPipe's normalised z is scaled by the frame width as its
docs state), `visibility` (frames x 33, 0-1), `time_s` (seconds from the start of the clip),
`frame_index` (the video frame each row came from), `frame_size_px` (width, height) and
`fps`. A landmark that was not seen is NaN in `xyz_px` and `visibility`; it is never 0.
Analysers take only this type, so they run on synthetic data as well as on video.
Export is a long table (one row per frame and landmark) to CSV or Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from tractus.errors import MotionError, MotionProblem
from tractus.motion.extras import require_parquet

__all__ = [
    "LANDMARK_NAMES",
    "Landmark",
    "LandmarkSeries",
    "from_landmarks_file",
    "to_dataframe",
    "to_landmarks_file",
]


class Landmark(StrEnum):
    """The 33 BlazePose landmarks, in the model's output order (pose.md §1)."""

    NOSE = "nose"
    LEFT_EYE_INNER = "left_eye_inner"
    LEFT_EYE = "left_eye"
    LEFT_EYE_OUTER = "left_eye_outer"
    RIGHT_EYE_INNER = "right_eye_inner"
    RIGHT_EYE = "right_eye"
    RIGHT_EYE_OUTER = "right_eye_outer"
    LEFT_EAR = "left_ear"
    RIGHT_EAR = "right_ear"
    MOUTH_LEFT = "mouth_left"
    MOUTH_RIGHT = "mouth_right"
    LEFT_SHOULDER = "left_shoulder"
    RIGHT_SHOULDER = "right_shoulder"
    LEFT_ELBOW = "left_elbow"
    RIGHT_ELBOW = "right_elbow"
    LEFT_WRIST = "left_wrist"
    RIGHT_WRIST = "right_wrist"
    LEFT_PINKY = "left_pinky"
    RIGHT_PINKY = "right_pinky"
    LEFT_INDEX = "left_index"
    RIGHT_INDEX = "right_index"
    LEFT_THUMB = "left_thumb"
    RIGHT_THUMB = "right_thumb"
    LEFT_HIP = "left_hip"
    RIGHT_HIP = "right_hip"
    LEFT_KNEE = "left_knee"
    RIGHT_KNEE = "right_knee"
    LEFT_ANKLE = "left_ankle"
    RIGHT_ANKLE = "right_ankle"
    LEFT_HEEL = "left_heel"
    RIGHT_HEEL = "right_heel"
    LEFT_FOOT_INDEX = "left_foot_index"
    RIGHT_FOOT_INDEX = "right_foot_index"

    @property
    # Shadows str.index on purpose: `Landmark.LEFT_HIP.index` reads as the column,
    # and nothing calls str.index on a landmark.
    def index(self) -> int:  # type: ignore[override]
        """Column of this landmark in `LandmarkSeries` arrays."""
        return _INDEX[self]


FloatArray = npt.NDArray[np.float64]
"""Coordinates, angles and signals; each docstring gives the shape and units."""
BoolArray = npt.NDArray[np.bool_]
"""A per-frame mask."""
IntArray = npt.NDArray[np.int_]
"""Frame numbers."""

LANDMARK_NAMES: tuple[str, ...] = tuple(str(m) for m in Landmark)
_INDEX = {m: i for i, m in enumerate(Landmark)}
_ScalarT = TypeVar("_ScalarT", bound=np.generic)
_COLUMNS = ["frame", "time_s", "landmark", "x_px", "y_px", "z_px", "visibility"]


def _frozen(array: npt.NDArray[_ScalarT]) -> npt.NDArray[_ScalarT]:
    out = np.array(array, dtype=float if array.dtype.kind == "f" else array.dtype)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, slots=True)
class LandmarkSeries:
    """One person's landmarks over time (see the module docstring for units)."""

    xyz_px: FloatArray
    visibility: FloatArray
    time_s: FloatArray
    frame_size_px: tuple[int, int]
    fps: float
    frame_index: IntArray = field(default_factory=lambda: np.empty(0, dtype=int))

    def __post_init__(self) -> None:
        xyz = np.asarray(self.xyz_px, dtype=float)
        vis = np.asarray(self.visibility, dtype=float)
        t = np.asarray(self.time_s, dtype=float)
        n = xyz.shape[0] if xyz.ndim == 3 else -1
        if xyz.shape != (n, len(Landmark), 3) or vis.shape != (n, len(Landmark)):
            raise ValueError(f"bad landmark shapes {xyz.shape} / {vis.shape}")
        if t.shape != (n,) or (n > 1 and not np.all(np.diff(t) > 0)):
            raise ValueError("time_s must be strictly increasing, one per frame")
        if not self.fps > 0:
            raise ValueError(f"fps must be positive, got {self.fps}")
        idx = np.asarray(self.frame_index, dtype=int)
        if idx.size == 0:
            idx = np.arange(n)
        if idx.shape != (n,):
            raise ValueError("frame_index must have one entry per frame")
        object.__setattr__(self, "xyz_px", _frozen(xyz))
        object.__setattr__(self, "visibility", _frozen(vis))
        object.__setattr__(self, "time_s", _frozen(t))
        object.__setattr__(self, "frame_index", _frozen(idx))

    @property
    def n_frames(self) -> int:
        """Number of rows (frames) in the series."""
        return int(self.xyz_px.shape[0])

    def point(self, landmark: Landmark) -> FloatArray:
        """Return one landmark's (frames x 2) image position in pixels."""
        return self.xyz_px[:, landmark.index, :2]

    def vis(self, landmark: Landmark) -> FloatArray:
        """Return one landmark's visibility per frame."""
        return self.visibility[:, landmark.index]

    def with_xyz(self, xyz_px: FloatArray) -> LandmarkSeries:
        """Return a copy with new coordinates (same timing and visibility)."""
        return replace(self, xyz_px=xyz_px)

    def slice(self, start: int, stop: int) -> LandmarkSeries:
        """Return rows `start:stop` as a new series."""
        return replace(
            self,
            xyz_px=self.xyz_px[start:stop],
            visibility=self.visibility[start:stop],
            time_s=self.time_s[start:stop],
            frame_index=self.frame_index[start:stop],
        )


def to_dataframe(series: LandmarkSeries) -> pd.DataFrame:
    """Return the series as a long table: one row per frame and landmark.

    Columns: frame (video frame index), time_s, landmark (name), x_px, y_px, z_px,
    visibility. Unseen landmarks keep NaN coordinates.
    """
    n, k = series.n_frames, len(LANDMARK_NAMES)
    return pd.DataFrame(
        {
            "frame": np.repeat(series.frame_index, k),
            "time_s": np.repeat(series.time_s, k),
            "landmark": pd.Categorical(
                np.tile(np.array(LANDMARK_NAMES), n), categories=LANDMARK_NAMES
            ),
            "x_px": series.xyz_px[:, :, 0].ravel(),
            "y_px": series.xyz_px[:, :, 1].ravel(),
            "z_px": series.xyz_px[:, :, 2].ravel(),
            "visibility": series.visibility.ravel(),
        }
    )


def to_landmarks_file(series: LandmarkSeries, path: Path) -> Path:
    """Write the long table to `path`: `.csv` or `.parquet` chosen by the suffix.

    The frame size and fps go into Parquet metadata and a CSV comment-free header is
    kept plain; `from_landmarks_file` needs `fps` and `frame_size_px` for CSV input.

    Raises
    ------
    MotionError
        If the suffix is neither `.csv` nor `.parquet`.
    """
    frame = to_dataframe(series)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False, float_format="%.3f")
    elif suffix == ".parquet":
        require_parquet()
        frame.attrs = {"fps": series.fps, "frame_size_px": list(series.frame_size_px)}
        frame.to_parquet(path, index=False)
    else:
        raise MotionError(
            str(path),
            "the output must end in .csv or .parquet",
            kind=MotionProblem.BAD_INPUT,
        )
    return path


def from_landmarks_file(
    path: Path,
    *,
    fps: float | None = None,
    frame_size_px: tuple[int, int] | None = None,
) -> LandmarkSeries:
    """Read a table written by `to_landmarks_file` back into a series.

    Raises
    ------
    MotionError
        If the file lacks the columns or landmarks, or fps/frame size are unknown.
    """
    try:
        if path.suffix.lower() == ".parquet":
            require_parquet()
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise MotionError(
            str(path),
            f"cannot read the landmark table ({exc})",
            kind=MotionProblem.BAD_INPUT,
        ) from exc
    fps = fps if fps is not None else frame.attrs.get("fps")
    size = frame_size_px or frame.attrs.get("frame_size_px")
    if fps is None or size is None or not set(_COLUMNS) <= set(frame.columns):
        raise MotionError(
            str(path),
            "not a landmark table with fps and frame size",
            kind=MotionProblem.BAD_INPUT,
        )
    k = len(LANDMARK_NAMES)
    frame = frame.sort_values(["frame", "landmark"], key=_landmark_order)
    if len(frame) % k:
        raise MotionError(
            str(path),
            "every frame must list all 33 landmarks",
            kind=MotionProblem.BAD_INPUT,
        )
    n = len(frame) // k
    return LandmarkSeries(
        xyz_px=frame[["x_px", "y_px", "z_px"]].to_numpy(float).reshape(n, k, 3),
        visibility=frame["visibility"].to_numpy(float).reshape(n, k),
        time_s=frame["time_s"].to_numpy(float)[::k],
        frame_size_px=(int(size[0]), int(size[1])),
        fps=float(fps),
        frame_index=frame["frame"].to_numpy(int)[::k],
    )


def _landmark_order(column: pd.Series) -> pd.Series:
    if column.name == "landmark":
        return column.astype(str).map({n: i for i, n in enumerate(LANDMARK_NAMES)})
    return column
