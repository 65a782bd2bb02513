"""The live coach and the offline analysis agree: the same landmarks give the same reps
and faults in the browser's `analysis.mjs` (run under Node) and in `tractus.motion`.

Both read the exercise records of `tractus.motion.rules`; this test guards the signal
vocabulary each side implements. Landmarks are synthetic movements with noise and
dropped frames, with and without injected compensations, plus walking (no reps).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import synthesize
from tractus.motion.camera import View
from tractus.motion.exercise import Exercise, ExerciseReport, analyse_exercise
from tractus.motion.filtering import Movement, clean_series
from tractus.motion.rules import rules_document
from tractus.motion.schema import LandmarkSeries

ANALYSIS = (
    Path(__file__).resolve().parents[3] / "src/clinic/coach/static/coach/analysis.mjs"
)
_RUNNER = """
import { analyseExercise, cleanSeries } from %s;
let text = "";
for await (const chunk of process.stdin) text += chunk;
const job = JSON.parse(text);
const nan = (v) => (v === null ? NaN : v);
const out = job.series.map((raw) => {
  const s = { ...raw, xyz: raw.xyz.map((f) => f.map((p) => p.map(nan))),
              vis: raw.vis.map((f) => f.map(nan)) };
  return analyseExercise(job.rules, raw.exercise, cleanSeries(s), raw.view);
});
process.stdout.write(JSON.stringify(out));
"""

CASES = [
    (sc.clamshell(), Exercise.CLAMSHELL, View.FRONT),
    (sc.clamshell(roll_back_deg=20.0), Exercise.CLAMSHELL, View.FRONT),
    (
        sc.side_lying_abduction(hip_flex_deg=25.0),
        Exercise.SIDE_LYING_HIP_ABDUCTION,
        View.FRONT,
    ),
    (sc.bridge(lift_deg=30.0), Exercise.HIP_BRIDGE, View.SIDE),
    (sc.bridge(lift_deg=9.0, n_reps=3), Exercise.HIP_BRIDGE, View.SIDE),
    (sc.bridge(lift_deg=13.0, single_leg=True), Exercise.SINGLE_LEG_BRIDGE, View.SIDE),
    (sc.side_plank(sag_deg=20.0), Exercise.SIDE_PLANK, View.FRONT),
    (sc.single_leg_squat(pelvic_drop_deg=15.0), Exercise.SINGLE_LEG_SQUAT, View.FRONT),
    (sc.single_leg_squat(trunk_lean_deg=15.0), Exercise.SINGLE_LEG_SQUAT, View.FRONT),
    (sc.single_leg_squat(), Exercise.SINGLE_LEG_SQUAT, View.SIDE),
    (sc.walking(duration_s=6.0), Exercise.CLAMSHELL, View.SIDE),
    (sc.walking(duration_s=6.0), Exercise.SINGLE_LEG_SQUAT, View.SIDE),
]


def _plain(values: np.ndarray) -> object:
    return [None if not math.isfinite(v) else v for v in values.ravel()]


def _to_json(
    series: LandmarkSeries, exercise: Exercise, view: View
) -> dict[str, object]:
    n = series.n_frames
    xyz = np.asarray(_plain(series.xyz_px), dtype=object).reshape(n, 33, 3).tolist()
    vis = np.asarray(_plain(series.visibility), dtype=object).reshape(n, 33).tolist()
    return {
        "xyz": xyz,
        "vis": vis,
        "fps": series.fps,
        "frameIndex": series.frame_index.tolist(),
        "exercise": str(exercise),
        "view": str(view),
    }


def _run_node(jobs: list[dict[str, object]]) -> list[dict[str, object]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the agreement test (Debian package nodejs)"
    script = _RUNNER % json.dumps(ANALYSIS.as_uri())
    out = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps({"rules": rules_document(), "series": jobs}),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: list[dict[str, object]] = json.loads(out.stdout)
    return result


def _assert_same(py: ExerciseReport, js: dict[str, object]) -> None:
    assert js["side"] == py.working_side
    js_reps = js["reps"]
    assert isinstance(js_reps, list)
    assert len(js_reps) == len(py.reps)
    for rep, other in zip(py.reps, js_reps, strict=True):
        frames = (other["start_frame"], other["peak_frame"], other["end_frame"])
        assert frames == (rep.start_frame, rep.peak_frame, rep.end_frame)
        for key in ("range_deg", "up_s", "hold_s", "down_s"):
            assert other[key] == pytest.approx(getattr(rep, key), abs=1e-6), key
        assert [f["code"] for f in other["faults"]] == [f.code for f in rep.faults]
        for fault, theirs in zip(rep.faults, other["faults"], strict=True):
            assert theirs["value_deg"] == pytest.approx(fault.value_deg, abs=1e-6)


def test_the_browser_and_the_core_find_the_same_reps_and_faults(rng) -> None:
    jobs, reports = [], []
    for scen, exercise, view in CASES:
        raw = synthesize(
            scen.motion, camera=scen.camera, noise_px=1.5, drop_fraction=0.05, rng=rng
        )
        cleaned = clean_series(raw, movement=Movement.EXERCISE)
        reports.append(analyse_exercise(cleaned, exercise, view=view))
        jobs.append(_to_json(raw, exercise, view))
    results = _run_node(jobs)
    assert sum(len(r.reps) for r in reports) > 20  # the cases do contain reps
    assert any(rep.faults for r in reports for rep in r.reps)
    for report, result in zip(reports, results, strict=True):
        _assert_same(report, result)
