"""Exercise analysers recover reps, range, tempo and injected compensations.

Every scenario carries 1.5 px landmark noise and 5% dropped frames. Tolerances: rep
count exact; rep start/end within 0.5 s; range within 5° (the 2-D video error band,
clinical.md §7.5); each injected compensation is flagged in every rep, and never
flagged when absent.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import synthesize
from tractus.motion.camera import classify_view
from tractus.motion.exercise import Exercise, analyse_exercise, identify_stance_side
from tractus.motion.filtering import Movement, clean_series


def _run(scen: sc.Scenario, exercise: Exercise, rng: np.random.Generator):
    series = synthesize(
        scen.motion, camera=scen.camera, noise_px=1.5, drop_fraction=0.05, rng=rng
    )
    cleaned = clean_series(series, movement=Movement.EXERCISE)
    return analyse_exercise(cleaned, exercise, view=classify_view(series))


CLEAN = [
    (sc.clamshell(), Exercise.CLAMSHELL),
    (sc.side_lying_abduction(), Exercise.SIDE_LYING_HIP_ABDUCTION),
    (sc.bridge(lift_deg=13.0), Exercise.HIP_BRIDGE),
    (sc.bridge(lift_deg=13.0, single_leg=True), Exercise.SINGLE_LEG_BRIDGE),
    (sc.side_plank(), Exercise.SIDE_PLANK),
    (sc.single_leg_squat(), Exercise.SINGLE_LEG_SQUAT),
]


@pytest.mark.parametrize(("scen", "exercise"), CLEAN, ids=[e for _, e in CLEAN])
def test_reps_range_and_timing_are_recovered(scen, exercise, rng) -> None:
    report = _run(scen, exercise, rng)
    assert len(report.reps) == len(scen.reps)
    fps = scen.motion.fps
    for rep, (start, end) in zip(report.reps, scen.reps, strict=True):
        assert abs(rep.start_frame - start) <= 0.5 * fps
        assert abs(rep.end_frame - end) <= 0.5 * fps
        assert rep.range_deg == pytest.approx(scen.truth["range_deg"], abs=5.0)
        assert rep.faults == ()


@pytest.mark.parametrize(
    ("up_s", "hold_s", "down_s"), [(1.0, 0.0, 1.0), (2.0, 1.0, 2.0), (1.0, 0.5, 3.0)]
)
def test_tempo_per_rep_is_measured(
    up_s: float, hold_s: float, down_s: float, rng
) -> None:
    tempo = sc.Tempo(up_s=up_s, hold_s=hold_s, down_s=down_s)
    report = _run(
        sc.side_lying_abduction(n_reps=3, tempo=tempo),
        Exercise.SIDE_LYING_HIP_ABDUCTION,
        rng,
    )
    assert len(report.reps) == 3
    for rep in report.reps:
        # Up runs from 5% to 90% of the range (the hold from 90% back to 90%), so a
        # cosine ramp of T seconds reads 0.65 T, and the hold gains 0.2 T per ramp.
        assert rep.up_s == pytest.approx(0.65 * up_s, abs=0.2)
        assert rep.down_s == pytest.approx(0.65 * down_s, abs=0.2)
        assert rep.hold_s == pytest.approx(hold_s + 0.205 * (up_s + down_s), abs=0.2)


FAULTS = [
    (sc.clamshell(roll_back_deg=20.0), Exercise.CLAMSHELL, "pelvis_rolls_back", 20.0),
    (
        sc.side_lying_abduction(hip_flex_deg=25.0),
        Exercise.SIDE_LYING_HIP_ABDUCTION,
        "hip_flexes",
        25.0,
    ),
    (sc.bridge(lift_deg=30.0), Exercise.HIP_BRIDGE, "back_arches", None),
    (sc.bridge(lift_deg=9.0, n_reps=3), Exercise.HIP_BRIDGE, "incomplete_lift", None),
    (sc.side_plank(sag_deg=20.0), Exercise.SIDE_PLANK, "hips_sag", 20.0),
    (
        sc.single_leg_squat(pelvic_drop_deg=15.0),
        Exercise.SINGLE_LEG_SQUAT,
        "pelvic_drop",
        15.0,
    ),
    (
        sc.single_leg_squat(trunk_lean_deg=15.0),
        Exercise.SINGLE_LEG_SQUAT,
        "trunk_lean_stance_side",
        15.0,
    ),
]


@pytest.mark.parametrize(
    ("scen", "exercise", "code", "size"), FAULTS, ids=[f[2] for f in FAULTS]
)
def test_injected_compensations_are_flagged_in_every_rep(
    scen, exercise, code, size, rng
) -> None:
    report = _run(scen, exercise, rng)
    assert len(report.reps) == len(scen.reps)
    for rep in report.reps:
        fault = next(f for f in rep.faults if f.code == code)
        assert fault.value_deg > fault.threshold_deg
        assert fault.source.startswith("clinical.md")
        if size is not None:
            # Depth-based measures (pelvis roll, hip flexion) carry more noise.
            assert fault.value_deg == pytest.approx(size, abs=4.0)


@pytest.mark.parametrize("exercise", list(Exercise))
@pytest.mark.parametrize(
    "camera", [sc.SIDE, sc.REAR, sc.FRONT], ids=["side", "rear", "front"]
)
def test_walking_is_never_counted_as_an_exercise(exercise, camera, rng) -> None:
    report = _run(sc.walking(duration_s=8.0, camera=camera), exercise, rng)
    assert report.reps == ()
    assert report.warnings


@pytest.mark.parametrize("stance", ["left", "right"])
def test_the_stance_leg_is_identified(stance: str, rng) -> None:
    scen = sc.single_leg_squat(stance=stance)
    series = synthesize(scen.motion, camera=scen.camera, noise_px=1.5, rng=rng)
    assert identify_stance_side(series) == stance
    report = _run(scen, Exercise.SINGLE_LEG_SQUAT, rng)
    assert report.working_side == stance


def test_standing_on_both_feet_has_no_stance_leg(rng) -> None:
    scen = sc.walking(duration_s=4.0)
    series = synthesize(scen.motion, camera=scen.camera, noise_px=1.5, rng=rng)
    assert identify_stance_side(series) is None


def test_report_is_json_ready(rng) -> None:
    import json

    data = _run(sc.clamshell(roll_back_deg=20.0), Exercise.CLAMSHELL, rng).to_dict()
    text = json.dumps(data)
    assert data["rep_count"] == 5
    rep = data["reps"][0]
    assert {"start_frame", "end_frame", "range_deg", "faults"} <= rep.keys()
    assert "pelvis_rolls_back" in text
