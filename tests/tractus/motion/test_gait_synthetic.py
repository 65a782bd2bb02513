"""Gait metrics recover the known answers of synthetic walking (noise, dropped frames).

Tolerances: cadence ±3 steps/min, contacts ±2 frames (67 ms at 30 fps), knee angles ±5°,
trunk lean ±3°, pelvic drop ±3°: the 2-D video error band of clinical.md §7.5 (SEM 2-4°).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import BodyMotion, synthesize
from tractus.motion.camera import View
from tractus.motion.filtering import Movement, clean_series
from tractus.motion.gait import analyse_gait, compute_cadence
from tractus.motion.schema import Landmark, LandmarkSeries


def _analyse(scen: sc.Scenario, view: View, rng: np.random.Generator):
    series = synthesize(
        scen.motion, camera=scen.camera, noise_px=1.5, drop_fraction=0.05, rng=rng
    )
    return analyse_gait(clean_series(series, movement=Movement.GAIT), view=view)


@pytest.mark.parametrize("cadence", [100.0, 120.0, 170.0])
def test_side_view_cadence_and_contacts_are_recovered(cadence: float, rng) -> None:
    scen = sc.walking(cadence_spm=cadence, duration_s=6.0)
    report = _analyse(scen, View.SIDE, rng)
    metric = report.metrics["cadence_spm"]
    assert metric.value == pytest.approx(cadence, abs=3.0)
    assert metric.uncertainty < 0.05 * cadence  # one frame is 10% of a step at 170
    truth = np.array([frame for frame, _side in scen.reps])
    found = np.array([c.frame for c in report.contacts])
    inner = truth[(truth > 5) & (truth < scen.motion.n_frames - 5)]
    nearest = np.min(np.abs(inner[:, None] - found[None]), axis=1)
    assert np.all(nearest <= 2)
    sides = dict(scen.reps)
    assert all(
        sides.get(c.frame, sides.get(c.frame + 1, sides.get(c.frame - 1)))
        == (0 if c.side == "left" else 1)
        for c in report.contacts
    )


def test_side_view_knee_overstride_and_trunk_lean_are_recovered(rng) -> None:
    scen = sc.walking(
        knee_contact_deg=12.0, knee_stance_peak_deg=25.0, trunk_lean_deg=6.0
    )
    m = _analyse(scen, View.SIDE, rng).metrics
    assert m["knee_flexion_at_contact_deg"].value == pytest.approx(12.0, abs=5.0)
    assert m["peak_knee_flexion_stance_deg"].value == pytest.approx(25.0, abs=5.0)
    assert m["trunk_forward_lean_deg"].value == pytest.approx(6.0, abs=3.0)
    # Hip flexed 25° at contact, knee 12°: the heel lands about 0.3 leg ahead.
    assert 0.15 < m["overstride_leg_lengths"].value < 0.45
    assert all(metric.view is View.SIDE for metric in m.values())


def test_rear_view_pelvic_drop_and_hip_adduction_are_recovered(rng) -> None:
    scen = sc.walking(pelvic_drop_deg=6.0, hip_adduction_deg=8.0, camera=sc.REAR)
    report = _analyse(scen, View.REAR, rng)
    m = report.metrics
    assert m["cadence_spm"].value == pytest.approx(110.0, abs=5.0)
    assert m["contralateral_pelvic_drop_deg"].value == pytest.approx(6.0, abs=3.0)
    assert m["hip_adduction_deg"].value == pytest.approx(8.0, abs=3.0)
    assert any("valgus" in note for note in report.notes)


def test_more_hip_adduction_narrows_steps_until_they_cross(rng) -> None:
    neutral = _analyse(sc.walking(camera=sc.REAR), View.REAR, rng).metrics
    crossing = _analyse(
        sc.walking(hip_adduction_deg=15.0, camera=sc.REAR), View.REAR, rng
    ).metrics
    assert (
        crossing["step_width_leg_lengths"].value
        < neutral["step_width_leg_lengths"].value
    )
    assert neutral["crossover_leg_lengths"].value > 0
    assert crossing["crossover_leg_lengths"].value < 0


def test_cadence_needs_at_least_three_contacts() -> None:
    cadence, half, n = compute_cadence([], 30.0)
    assert np.isnan(cadence) and np.isnan(half) and n == 0


def test_standing_still_gives_no_contacts_and_a_warning() -> None:
    scen = sc.walking(cadence_spm=110.0, duration_s=3.0)
    still = synthesize(BodyMotion(n_frames=90, fps=30.0), camera=scen.camera)
    report = analyse_gait(clean_series(still, movement=Movement.GAIT), view=View.SIDE)
    assert report.contacts == ()
    assert report.cadence_spm is not None and np.isnan(report.cadence_spm)
    assert report.warnings


@pytest.mark.parametrize("far", ["left", "right"])
@pytest.mark.parametrize(
    ("cadence", "fps"), [(160.0, 30.0), (180.0, 30.0), (190.0, 60.0)]
)
def test_running_cadence_holds_with_the_far_leg_hidden(
    far: str, cadence: float, fps: float, rng
) -> None:
    """A treadmill side view: the far leg behind the near one (visibility 0.3, so NaN
    once cleaned, and jittered 15 px as a model guessing); steps 10 frames apart at
    180 steps/min and 30 frames/s. Cadence within 3% and its uncertainty under 5%."""
    scen = sc.walking(
        cadence_spm=cadence, duration_s=8.0, fps=fps, knee_stance_peak_deg=40.0
    )
    series = synthesize(
        scen.motion, camera=scen.camera, noise_px=2.0, drop_fraction=0.05, rng=rng
    )
    cols = [
        Landmark(f"{far}_{j}").index for j in ("knee", "ankle", "heel", "foot_index")
    ]
    xyz, vis = series.xyz_px.copy(), series.visibility.copy()
    xyz[:, cols] += rng.normal(0.0, 15.0, xyz[:, cols].shape)
    vis[:, cols] = np.where(np.isnan(vis[:, cols]), np.nan, 0.3)
    hidden = LandmarkSeries(
        xyz_px=xyz,
        visibility=vis,
        time_s=series.time_s,
        frame_size_px=series.frame_size_px,
        fps=fps,
    )
    report = analyse_gait(clean_series(hidden, movement=Movement.GAIT), view=View.SIDE)
    metric = report.metrics["cadence_spm"]
    assert metric.value == pytest.approx(cadence, rel=0.03)
    assert metric.uncertainty < 0.05 * cadence
    near = "right" if far == "left" else "left"
    assert {c.side for c in report.contacts} == {near}
    assert any("far leg is hidden" in w for w in report.warnings)
    assert not any("walking rather than running" in w for w in report.warnings)
