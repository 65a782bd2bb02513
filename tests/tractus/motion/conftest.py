"""Fixtures for the real-video tests: the pose models (required) and the test clips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tractus.errors import MotionError
from tractus.motion.bundles import PoseModel, model_path

VIDEO_DIR = Path(__file__).resolve().parents[2] / "data" / "video"
WALK = VIDEO_DIR / "sports2d_demo_walk_side.mp4"
SINGLE_LEG = {
    "cam01": VIDEO_DIR / "pose2sim_single_leg_cam01.mp4",
    "cam02": VIDEO_DIR / "pose2sim_single_leg_cam02.mp4",
}


@pytest.fixture(scope="session")
def pose_models() -> None:
    """Fail (never skip) when the model bundles are missing: they are part of set-up."""
    for model in (PoseModel.LITE, PoseModel.FULL):
        try:
            model_path(model)
        except MotionError as exc:
            pytest.fail(
                f"{exc}. Build them with `.venv/bin/python scripts/build_pose_models.py`"
            )
