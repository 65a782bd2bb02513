"""The BlazePose model bundles: which sizes exist and where their `.task` files are.

Pure path logic, so a web process can name a model without loading MediaPipe. The
bundles are built once by `scripts/build_pose_models.py` into `tractus/motion/models/`
(pose.md §1); the live coach serves the same files to the browser (browser-pose.md §3).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from tractus.errors import MotionError, MotionProblem

__all__ = ["BUILD_COMMAND", "DEFAULT_MODELS_DIR", "PoseModel", "model_path"]

DEFAULT_MODELS_DIR = Path(__file__).resolve().parent / "models"
BUILD_COMMAND = "python scripts/build_pose_models.py"


class PoseModel(StrEnum):
    """BlazePose model size: speed against accuracy (pose.md §1, §4)."""

    LITE = "lite"
    FULL = "full"
    HEAVY = "heavy"


def model_path(model: PoseModel, *, models_dir: Path | None = None) -> Path:
    """Path of a model bundle.

    Raises
    ------
    MotionError
        If the bundle has not been built (names the build command).
    """
    path = (models_dir or DEFAULT_MODELS_DIR) / f"pose_landmarker_{model}.task"
    if not path.is_file():
        raise MotionError(
            str(path),
            f"pose model missing: run `{BUILD_COMMAND}` (make)",
            kind=MotionProblem.SETUP,
        )
    return path
