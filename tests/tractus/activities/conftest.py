"""Paths of the real activity fixtures (copied from shared data, see SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"


@pytest.fixture
def data_dir() -> Path:
    return DATA
