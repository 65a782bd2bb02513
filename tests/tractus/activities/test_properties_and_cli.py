"""Property tests of the track maths, the public API, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tractus.activities
from tractus.activities.geo import step_distances_m
from tractus.cli import main

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"

coords = st.integers(min_value=2, max_value=200).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, n, elements=st.floats(-60, 60)),
        arrays(np.float64, n, elements=st.floats(-179, 179)),
        st.integers(min_value=0, max_value=n - 1),
    )
)


@given(coords)
def test_splitting_a_track_does_not_change_its_distance(
    track: tuple[np.ndarray, np.ndarray, int],
) -> None:
    lat, lon, k = track
    seg = np.zeros(lat.size, dtype=np.int32)
    whole = step_distances_m(lat, lon, seg).sum()
    first = step_distances_m(lat[: k + 1], lon[: k + 1], seg[: k + 1]).sum()
    second = step_distances_m(lat[k:], lon[k:], seg[k:]).sum()
    assert first + second == pytest.approx(whole, rel=1e-9, abs=1e-6)


def test_public_api_is_sorted_and_complete() -> None:
    names = tractus.activities.__all__
    assert list(names) == sorted(names)
    assert all(hasattr(tractus.activities, name) for name in names)


def test_summarize_json_has_one_object_per_activity_and_goes_on_after_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(
        [
            "activities",
            "summarize",
            "--json",
            str(DATA / "fit/fitparse__nick.fit"),
            str(DATA / "fit/fitparse__sample_mulitple_header.fit"),
            str(DATA / "gpx/gap__berlin-0.9km-route.gpx"),
        ]
    )
    out = capsys.readouterr()
    objects = json.loads(out.out)
    assert status == 1
    assert [o["error"] is None for o in objects] == [False] + [True] * 5
    assert objects[-1]["sport"] == "running"
    assert objects[-1]["start_time"].endswith("Z")
    assert set(objects[0]) == {
        "file", "sport", "start_time", "duration_s", "moving_time_s",
        "distance_m", "elevation_gain_m", "elevation_loss_m",
        "avg_cadence_spm", "avg_hr_bpm", "error",
    }  # fmt: skip
    assert "no activity" in out.err


def test_summarize_table_exits_zero_when_all_files_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["activities", "summarize", str(DATA / "tcx/runpandas__run.tcx")]) == 0
    assert "running" in capsys.readouterr().out


def test_summarize_bad_usage_exits_two() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["activities", "summarize"])
    assert caught.value.code == 2
