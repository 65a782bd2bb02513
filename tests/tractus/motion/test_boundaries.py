"""The motion package keeps its video adapter apart: loading the web or the analysis
never imports OpenCV or MediaPipe, and the public API is explicit and sorted."""

from __future__ import annotations

import os
import subprocess
import sys

import tractus.motion
import tractus.motion.video
from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import synthesize

_HEAVY = "print(sorted(m for m in ('cv2', 'mediapipe') if m in sys.modules))"


def _loaded_after(code: str) -> str:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "clinic.settings"}
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; {_HEAVY}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.strip()


def test_loading_the_web_urls_imports_no_video_library() -> None:
    code = "import django; django.setup(); import clinic.urls; import clinic.motionlab.services"
    assert _loaded_after(code) == "[]"


def test_the_analysis_and_the_cli_import_no_video_library() -> None:
    code = "import tractus.motion, tractus.motion.reports, tractus.cli"
    assert _loaded_after(code) == "[]"


def test_the_video_adapter_is_where_they_come_in() -> None:
    # MediaPipe itself loads only when a landmarker is created.
    assert _loaded_after("import tractus.motion.video") == "['cv2']"


def test_public_api_is_sorted_and_complete() -> None:
    for package in (tractus.motion, tractus.motion.video):
        assert package.__all__ == sorted(package.__all__)
        for name in package.__all__:
            assert hasattr(package, name), name


def test_a_tapped_point_becomes_pixels_on_a_frame() -> None:
    hint = tractus.motion.TapPoint(0.25, 0.5, time_s=2.0).to_hint(
        fps=30.0, frame_size_px=(1920, 1080)
    )
    assert hint.frame == 60 and hint.point_px == (480.0, 540.0)


def test_a_report_is_made_from_landmarks_alone(rng) -> None:
    scen = sc.clamshell()
    series = synthesize(scen.motion, camera=scen.camera, noise_px=1.0, rng=rng)
    report = tractus.motion.analyse_exercise_landmarks(
        series,
        tractus.motion.Exercise.CLAMSHELL,
        source="synthetic",
        model=tractus.motion.PoseModel.LITE,
        mean_brightness=120.0,
    )
    data = report.to_dict()
    assert data["rep_count"] == len(scen.reps)
    assert len(data["key_frames"]) == min(len(scen.reps), 4)  # type: ignore[arg-type]
