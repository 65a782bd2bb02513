"""Landmark schema, export round trips, filtering, gaps and body-relative units."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tractus.motion as motion
from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import synthesize
from tractus.errors import MotionError
from tractus.motion.filtering import (
    Movement,
    butterworth_filtfilt,
    clean_series,
    compute_leg_length_px,
    fill_gaps,
)
from tractus.motion.schema import (
    LANDMARK_NAMES,
    Landmark,
    LandmarkSeries,
    from_landmarks_file,
    to_landmarks_file,
)


def _series(rng: np.random.Generator, n: int = 40) -> LandmarkSeries:
    scen = sc.walking(duration_s=n / 30)
    return synthesize(scen.motion, camera=scen.camera, noise_px=1.0, rng=rng)


def test_public_api_is_sorted_and_importable() -> None:
    assert motion.__all__ == sorted(motion.__all__)
    for name in motion.__all__:
        assert hasattr(motion, name)


def test_there_are_33_blazepose_landmarks_in_model_order() -> None:
    assert len(LANDMARK_NAMES) == 33
    assert Landmark.LEFT_HIP.index == 23 and Landmark.RIGHT_FOOT_INDEX.index == 32


def test_series_rejects_shapes_and_times_that_do_not_match() -> None:
    with pytest.raises(ValueError):
        LandmarkSeries(
            np.zeros((3, 33, 3)), np.zeros((3, 32)), np.arange(3.0), (10, 10), 30.0
        )
    with pytest.raises(ValueError):
        LandmarkSeries(
            np.zeros((3, 33, 3)), np.zeros((3, 33)), np.zeros(3), (10, 10), 30.0
        )


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_export_round_trips(tmp_path, rng, suffix: str) -> None:
    series = _series(rng)
    path = to_landmarks_file(series, tmp_path / f"lm{suffix}")
    back = from_landmarks_file(path, fps=series.fps, frame_size_px=series.frame_size_px)
    np.testing.assert_allclose(back.xyz_px, series.xyz_px, atol=1e-3)
    np.testing.assert_allclose(back.time_s, series.time_s, atol=1e-3)
    assert back.n_frames == series.n_frames


def test_export_refuses_an_unknown_suffix(tmp_path, rng) -> None:
    with pytest.raises(MotionError, match="csv or .parquet"):
        to_landmarks_file(_series(rng), tmp_path / "lm.txt")


@given(level=st.floats(-1e3, 1e3), n=st.integers(4, 200))
def test_filter_keeps_a_constant_signal(level: float, n: int) -> None:
    out = butterworth_filtfilt(np.full(n, level), cutoff_hz=6.0, fs_hz=30.0)
    np.testing.assert_allclose(out, level, atol=1e-6 * max(1.0, abs(level)))


def test_filter_has_no_lag_and_removes_noise(rng) -> None:
    t = np.arange(300) / 30.0
    slow = np.sin(2 * np.pi * 1.0 * t)
    noisy = slow + rng.normal(0, 0.2, t.size)
    out = butterworth_filtfilt(noisy, cutoff_hz=3.0, fs_hz=30.0)
    # 3 Hz keeps a fifth of the 15 Hz band: white noise falls to about half.
    assert np.std(out - slow) < 0.6 * np.std(noisy - slow)
    peaks = np.flatnonzero(
        (out[1:-1] > out[:-2]) & (out[1:-1] > out[2:]) & (out[1:-1] > 0.8)
    )
    assert np.all(np.abs((peaks + 1) % 30 - 7.5) <= 1.5)  # sine peaks at 0.25 s


def test_short_gaps_are_filled_and_long_gaps_kept() -> None:
    x = np.arange(20.0)
    x[3:5] = np.nan
    x[10:17] = np.nan
    out = fill_gaps(x, max_gap=3)
    np.testing.assert_allclose(out[3:5], [3.0, 4.0])
    assert np.isnan(out[10:17]).all()


def test_cleaning_masks_unsure_points_and_fills_dropped_frames(rng) -> None:
    scen = sc.walking(duration_s=2.0)
    series = synthesize(scen.motion, camera=scen.camera, drop_fraction=0.1, rng=rng)
    vis = np.array(series.visibility)
    vis[5:40, Landmark.LEFT_KNEE.index] = 0.1  # occluded for over a second
    series = LandmarkSeries(
        series.xyz_px, vis, series.time_s, series.frame_size_px, 30.0
    )
    cleaned = clean_series(series, movement=Movement.GAIT)
    assert np.isnan(cleaned.point(Landmark.LEFT_KNEE)[10:35]).all()
    assert np.isfinite(cleaned.point(Landmark.RIGHT_KNEE)).all()


def test_leg_length_is_in_pixels_of_the_body(rng) -> None:
    scen = sc.walking(duration_s=2.0)
    series = synthesize(scen.motion, camera=scen.camera)
    expected = (0.245 + 0.246) * 1.75 * scen.camera.px_per_m
    assert compute_leg_length_px(series) == pytest.approx(expected, rel=0.03)
