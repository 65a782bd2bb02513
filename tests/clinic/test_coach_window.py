"""The live coach's windowed form check (live_set.mjs) finds what the whole-set analysis
finds, on real landmarks: MediaPipe's (lite model, the page's) on the fake camera's clip,
three plays tracked afresh and then repeated into a set far longer than the window.

Both run under Node on the same frames: the set grows frame by frame, checked every
half second as the page checks it, and at the end its reps (frames, range, tempo,
faults) and its seconds held are compared with one analysis of the whole set.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.e2e.fake_camera import camera_landmarks
from tests.tractus.motion import scenarios as sc
from tests.tractus.motion.synthetic import synthesize
from tractus.motion.rules import rules_document

STATIC = Path(__file__).resolve().parents[2] / "src/clinic/coach/static/coach"
SET_S = 100.0
"""Two and a half windows (live_set.mjs WINDOW_S is 40 s)."""
CHECK_EVERY = 15
"""Frames between checks: half a second at the clip's 30 frames/s, as the page checks."""

_RUNNER = """
import { analyseExercise, cleanSeries, postureOf, ruleFor, signal, workingSide } from %(analysis)s;
import { LiveSet, WINDOW_S } from %(live)s;
let text = "";
for await (const chunk of process.stdin) text += chunk;
const job = JSON.parse(text), doc = job.rules, fps = job.fps;
const nan = (v) => (v === null ? NaN : v);
const xyz = job.xyz.map((f) => f.map((p) => p.map(nan))), vis = job.vis.map((f) => f.map(nan));
const frames = xyz.map((f, i) => ({ t: (i * 1000) / fps, xyz: f, vis: vis[i] }));

// The hold as the page counted it before the window: every frame of the whole set.
function wholeHoldMs(rule, s, ctx) {
  const ok = postureOf(rule, s, ctx, doc.posture_limits), sag = rule.faults[0];
  const lift = signal(rule.angle, s, ctx), dev = signal(sag.signal, s, ctx);
  let held = 0;
  for (let i = 1; i < frames.length; i++) {
    if (ok[i] && lift[i] >= rule.min_range_deg && sag.sign * dev[i] <= sag.threshold) held += frames[i].t - frames[i - 1].t;
  }
  return held;
}

const out = job.exercises.map((exercise) => {
  const rule = ruleFor(doc, exercise, doc.exercises[exercise].views[0]);
  const view = rule.views.includes("side") ? "side" : "front";
  const live = new LiveSet(doc, exercise, rule, view);
  let checks = 0, longest = 0;
  frames.forEach((f, i) => {
    live.push(f);
    if ((i + 1) %% job.checkEvery === 0) { live.check(); checks++; longest = Math.max(longest, live.frames.length); }
  });
  live.check();
  const s = cleanSeries({ xyz, vis, fps, frameIndex: frames.map((_, i) => i) });
  const whole = analyseExercise(doc, exercise, s, view);
  const ctx = workingSide(ruleFor(doc, exercise, view).side_rule, s);
  return {
    exercise, checks, longest, windowS: WINDOW_S,
    live: { side: live.reps.length ? whole.side : null, reps: live.reps, holdMs: live.holdMs },
    whole: { side: whole.side, reps: whole.reps, holdMs: rule.hold && ctx ? wholeHoldMs(rule, s, ctx) : 0 },
  };
});
process.stdout.write(JSON.stringify(out));
"""


@dataclass(frozen=True)
class Frames:
    xyz_px: np.ndarray
    visibility: np.ndarray
    fps: float

    @property
    def n_frames(self) -> int:
        return int(self.xyz_px.shape[0])


@pytest.fixture(scope="module")
def long_set(tmp_path_factory: pytest.TempPathFactory) -> Frames:
    """Three plays' landmarks, repeated to SET_S seconds."""
    plays = camera_landmarks(tmp_path_factory.mktemp("camera") / "plays.y4m")
    times = math.ceil(SET_S * plays.fps / plays.n_frames)
    return Frames(
        np.concatenate([plays.xyz_px] * times),
        np.concatenate([plays.visibility] * times),
        plays.fps,
    )


def _plain(values: np.ndarray) -> list[object]:
    return [None if not math.isfinite(v) else float(v) for v in values.ravel()]


def _run(series: Frames, exercises: list[str]) -> list[dict[str, object]]:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the coach's script (Debian package nodejs)"
    n = series.n_frames
    job = {
        "rules": rules_document(),
        "exercises": exercises,
        "fps": series.fps,
        "checkEvery": CHECK_EVERY,
        "xyz": np.asarray(_plain(series.xyz_px), dtype=object)
        .reshape(n, 33, 3)
        .tolist(),
        "vis": np.asarray(_plain(series.visibility), dtype=object)
        .reshape(n, 33)
        .tolist(),
    }
    script = _RUNNER % {
        "analysis": json.dumps((STATIC / "analysis.mjs").as_uri()),
        "live": json.dumps((STATIC / "live_set.mjs").as_uri()),
    }
    if dump := os.environ.get("COACH_WINDOW_DUMP"):  # to run the script by hand
        Path(dump).write_text(json.dumps(job))
        Path(dump).with_suffix(".mjs").write_text(script)
    out = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    result: list[dict[str, object]] = json.loads(out.stdout)
    return result


def _same_rep(mine: dict[str, object], theirs: dict[str, object]) -> None:
    """The same rep: its frames, range, tempo and faults. The peak frame is not
    compared: on a plateau several frames share the top value (to 1e-11 degrees), and
    which one wins depends on the last bits of the filter's output."""
    assert (mine["start_frame"], mine["end_frame"]) == (
        theirs["start_frame"],
        theirs["end_frame"],
    )
    for key in ("range_deg", "up_s", "hold_s", "down_s"):
        assert mine[key] == pytest.approx(theirs[key], abs=1e-6), key
    faults, expected = mine["faults"], theirs["faults"]
    assert isinstance(faults, list) and isinstance(expected, list)
    assert [f["code"] for f in faults] == [f["code"] for f in expected]
    for fault, other in zip(faults, expected, strict=True):
        assert fault["value_deg"] == pytest.approx(other["value_deg"], abs=1e-6)


def test_the_windowed_check_counts_the_reps_of_the_whole_set(
    long_set: Frames,
) -> None:
    [result] = _run(long_set, ["side_lying_hip_abduction"])
    live, whole = result["live"], result["whole"]
    assert isinstance(live, dict) and isinstance(whole, dict)
    window_s = float(result["windowS"])  # type: ignore[arg-type]
    # The set is longer than the window, and the window was what each check kept.
    assert long_set.n_frames / long_set.fps > 2 * window_s
    assert result["longest"] <= 2 * window_s * long_set.fps  # type: ignore[operator]
    assert len(whole["reps"]) >= 50  # the clip's leg raises, over and over
    assert any(rep["faults"] for rep in whole["reps"])
    assert len(live["reps"]) == len(whole["reps"])
    for mine, theirs in zip(live["reps"], whole["reps"], strict=True):
        _same_rep(mine, theirs)


def test_the_windowed_check_adds_up_the_seconds_held_of_the_whole_set(rng) -> None:
    """No real clip shows a side plank (tests/data/video/SOURCES.md): a synthetic one,
    100 s of lifts and lowerings with a hip sag that fails some of each hold."""
    scenario = sc.side_plank(n_reps=20, sag_deg=9.0)
    plank = synthesize(
        scenario.motion,
        camera=scenario.camera,
        noise_px=1.5,
        drop_fraction=0.05,
        rng=rng,
    )
    frames = Frames(plank.xyz_px, plank.visibility, plank.fps)
    assert frames.n_frames / frames.fps > 90
    [result] = _run(frames, ["side_plank"])
    live, whole = result["live"], result["whole"]
    assert isinstance(live, dict) and isinstance(whole, dict)
    assert 10_000 < whole["holdMs"] < 1000 * frames.n_frames / frames.fps
    assert live["holdMs"] == pytest.approx(whole["holdMs"], abs=1e-6)
