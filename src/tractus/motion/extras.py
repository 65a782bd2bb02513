"""Checks for the optional libraries of video analysis, with a message naming the extra.

OpenCV and MediaPipe (the ``video`` extra) and pyarrow (the ``parquet`` extra)
are large; the triage, activity and load parts of the core run without them. A
missing extra is a `MotionError` that says what to install, not an ImportError
traceback.
"""

from __future__ import annotations

import importlib.util

from tractus.errors import MotionError, MotionProblem

__all__ = ["require_parquet", "require_video"]


def _require(modules: tuple[str, ...], *, extra: str, needed_for: str) -> None:
    if any(importlib.util.find_spec(name) is None for name in modules):
        raise MotionError(
            needed_for,
            f"needs the '{extra}' extra (pip install 'tractus[{extra}]')",
            kind=MotionProblem.SETUP,
        )


def require_video() -> None:
    """Raise `MotionError` unless OpenCV and MediaPipe can be imported."""
    _require(("cv2", "mediapipe"), extra="video", needed_for="video analysis")


def require_parquet() -> None:
    """Raise `MotionError` unless pandas can read and write Parquet (pyarrow)."""
    _require(("pyarrow",), extra="parquet", needed_for="Parquet landmark tables")
