"""The `tractus` command loads only what the sub-command being run needs.

Timing a start-up in a test would fail on a busy machine; what makes a start slow
is which modules it imports, so these tests count and name them (bench/startup.py
prints the CPU-time ratio against a bare interpreter).
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from tractus.cli import COMMAND_MODULES, build_parser

# Large libraries no command needs unless it reads files or video.
_HEAVY = ("numpy", "pandas", "lxml", "fitdecode", "cv2", "mediapipe", "pydantic")
_RUN = (
    "import io, sys, contextlib\n"
    "bare = len(sys.modules)\n"
    "from tractus.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    main(sys.argv[1:])\n"
    "print(bare, len(sys.modules), ' '.join(sorted(sys.modules)))\n"
)


def _modules_after(*argv: str) -> tuple[int, int, set[str]]:
    out = subprocess.run(
        [sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1]), set(out[2:])


def test_printing_the_questionnaire_loads_no_numeric_or_parser_library() -> None:
    bare, after, modules = _modules_after("triage", "--questions")
    assert not {name for name in _HEAVY if name in modules}
    # pandas alone brings ~600 modules; the questionnaire needs the standard
    # library's argparse/json/dataclasses and the triage package.
    assert after < 4 * bare
    # The triage package loads its parts on first use: the questionnaire
    # alone, not the rules engine, the answer checks or the red flags.
    engine = {"tractus.triage.engine", "tractus.triage.answers", "tractus.triage.rules"}
    assert "tractus.triage.catalogue" in modules
    assert not engine & modules


def test_the_activity_command_loads_no_video_library(tmp_path) -> None:  # noqa: ANN001
    _bare, _after, modules = _modules_after("activities", "summarize", str(tmp_path))
    assert "numpy" in modules
    assert not {"cv2", "mediapipe", "pydantic"} & modules


@pytest.mark.parametrize("name", sorted(COMMAND_MODULES))
def test_each_command_module_registers_its_own_name(name: str) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(COMMAND_MODULES[name]).add_parser(subparsers)
    assert list(subparsers.choices) == [name]


def test_the_top_level_help_lists_every_command() -> None:
    help_text = build_parser().format_help()
    for name in COMMAND_MODULES:
        assert name in help_text
