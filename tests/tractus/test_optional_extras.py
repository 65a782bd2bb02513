"""The core runs without its optional extras (video, parquet, fhir).

Each check runs in a fresh interpreter where the extras' modules cannot be imported
(``sys.modules[name] = None`` makes ``import name`` raise ImportError), so it
shows what a ``pip install tractus`` without extras would do.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIT = Path(__file__).parents[1] / "data/activities/fit/runpandas__run.fit"
_BLOCK = (
    "import sys\n"
    "for name in ('cv2', 'mediapipe', 'pyarrow', 'fhir'):\n"
    "    sys.modules[name] = None\n"
    "from tractus.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _tractus_without_extras(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BLOCK, *args], capture_output=True, text=True
    )


def test_triage_activities_and_load_run_without_extras() -> None:
    assert _tractus_without_extras("triage", "--questions").returncode == 0
    summary = _tractus_without_extras("activities", "summarize", str(FIT), "--json")
    assert summary.returncode == 0, summary.stderr
    assert '"distance_m"' in summary.stdout
    assert _tractus_without_extras("load", "report", str(FIT)).returncode == 0


def test_motion_without_the_video_extra_names_the_extra(tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00" * 64)
    result = _tractus_without_extras("motion", "gait", str(video))
    assert result.returncode == 2
    assert "tractus[video]" in result.stderr


def test_web_project_loads_its_urls_without_the_video_extra() -> None:
    code = (
        "import os, sys\n"
        "for name in ('cv2', 'mediapipe'):\n"
        "    sys.modules[name] = None\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'clinic.settings'\n"
        "import django\n"
        "django.setup()\n"
        "import clinic.urls\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
