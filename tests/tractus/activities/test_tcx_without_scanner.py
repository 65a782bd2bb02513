"""An install without a C compiler has no TCX scanner and reads TCX through lxml.

The compiled scanner is an optional accelerator (setup.py builds it where it can;
docs/decisions.md says why it stays). These tests run the TCX tests again in a
child pytest where the scanner cannot be imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _pytest_without_scanner(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACTUS_TEST_WITHOUT_TCXSCAN": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_without_the_scanner_every_document_goes_to_lxml() -> None:
    code = (
        "import sys\n"
        "sys.modules['tractus.activities._tcxscan'] = None\n"
        "from tractus.activities import io_tcx\n"
        "assert not io_tcx.HAS_SCANNER\n"
        "assert io_tcx.scan(open(sys.argv[1], 'rb').read()) is None\n"
    )
    tcx = ROOT / "tests/data/activities/tcx/runpandas__run.tcx"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tcx)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_tcx_tests_pass_without_the_scanner() -> None:
    result = _pytest_without_scanner(
        "tests/tractus/activities/test_real_files.py",
        "tests/tractus/activities/test_fast_paths.py",
        "-k",
        "tcx",
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout
