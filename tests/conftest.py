"""Suite-wide fixtures and the hypothesis profiles."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

if os.environ.get("TRACTUS_TEST_WITHOUT_TCXSCAN"):
    # As on an install without a C compiler: the compiled TCX scanner cannot be
    # imported (tests/tractus/activities/test_tcx_without_scanner.py sets this).
    sys.modules["tractus.activities._tcxscan"] = None  # type: ignore[assignment]

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261123)
