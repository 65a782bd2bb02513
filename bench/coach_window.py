"""Benchmark: the live coach's form check in the 30th second of a set and in the fifth
minute, reading the whole set (as the page did) or the last 40 s (`live_set.mjs`).

The landmarks are real: MediaPipe's lite model (the page's) on three plays of the fake
camera's clip (tests/e2e/fake_camera.py), repeated to the set's length. One Node process
runs every variant in alternating rounds, so a change of load on the machine hits them
alike; each variant times `--checks` checks (each after the half second of frames the
page sees between checks) in CPU time (`process.cpuUsage`, user + system) and prints its
min and median per check. The ratios compare each way of checking with itself at 30 s:
the whole-set check grows with the set, the windowed one must not (its 30 s set is
inside the window, so it reads 30 s there and 40 s at five minutes: at most 40/30).

Usage: `.venv/bin/python bench/coach_window.py [--rounds 5] [--checks 10] [--exercise X]`
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.fake_camera import camera_landmarks  # noqa: E402

from tractus.motion.rules import rules_document  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src/clinic/coach/static/coach"
SET_LENGTHS_S = (30, 300)

_BENCH = """
import { analyseExercise, cleanSeries, postureOf, ruleFor, workingSide } from %(analysis)s;
import { LiveSet } from %(live)s;
let text = "";
for await (const chunk of process.stdin) text += chunk;
const job = JSON.parse(text), doc = job.rules, fps = job.fps, every = job.checkEvery;
const nan = (v) => (v === null ? NaN : v);
const frames = job.xyz.map((f, i) => ({
  t: (i * 1000) / fps, xyz: f.map((p) => p.map(nan)), vis: job.vis[i].map(nan),
}));
const rule = ruleFor(doc, job.exercise, doc.exercises[job.exercise].views[0]);
const view = rule.views.includes("side") ? "side" : "front";

// What the page did before live_set.mjs, at every check: the whole set, read again.
function wholeCheck(upTo) {
  const set = frames.slice(0, upTo);
  const s = cleanSeries({
    xyz: set.map((f) => f.xyz), vis: set.map((f) => f.vis), fps,
    frameIndex: set.map((_, i) => i),
  });
  analyseExercise(doc, job.exercise, s, view);
  const ctx = workingSide(ruleFor(doc, job.exercise, view).side_rule, s);
  if (ctx) postureOf(rule, s, ctx, doc.posture_limits);
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function timeWhole(start) {
  const out = [];
  for (let k = 1; k <= job.checks; k++) {
    const began = cpuMs();
    wholeCheck(start + k * every);
    out.push(cpuMs() - began);
  }
  return out;
}

function timeWindow(start) {
  // The set as the page holds it at `start`: every frame pushed, checked as it came.
  const live = new LiveSet(doc, job.exercise, rule, view);
  for (let i = 0; i < start; i++) {
    live.push(frames[i]);
    if ((i + 1) %% every === 0) live.check();
  }
  const out = [];
  for (let k = 0; k < job.checks; k++) {
    for (let i = start + k * every; i < start + (k + 1) * every; i++) live.push(frames[i]);
    const began = cpuMs();
    live.check();
    out.push(cpuMs() - began);
  }
  return out;
}

const results = {};
for (let round = 0; round < job.rounds; round++) {
  for (const length of job.lengths) {
    for (const [name, run] of [["whole", timeWhole], ["window", timeWindow]]) {
      const key = `${name} ${length}`;
      (results[key] ??= []).push(...run(Math.round(length * fps)));
    }
  }
}
process.stdout.write(JSON.stringify(results));
"""


def _plain(values: np.ndarray) -> list[object]:
    return [None if not math.isfinite(v) else float(v) for v in values.ravel()]


def _job(exercise: str, rounds: int, checks: int, tmp: Path) -> dict[str, object]:
    plays = camera_landmarks(tmp / "plays.y4m")
    every = round(plays.fps / 2)  # the page checks every half second
    needed = int(max(SET_LENGTHS_S) * plays.fps) + (checks + 1) * every
    times = math.ceil(needed / plays.n_frames)
    xyz = np.concatenate([plays.xyz_px] * times)
    vis = np.concatenate([plays.visibility] * times)
    n = xyz.shape[0]
    return {
        "rules": rules_document(),
        "exercise": exercise,
        "fps": plays.fps,
        "checkEvery": every,
        "checks": checks,
        "rounds": rounds,
        "lengths": list(SET_LENGTHS_S),
        "xyz": np.asarray(_plain(xyz), dtype=object).reshape(n, 33, 3).tolist(),
        "vis": np.asarray(_plain(vis), dtype=object).reshape(n, 33).tolist(),
    }


def _run(job: dict[str, object]) -> dict[str, list[float]]:
    node = shutil.which("node")
    if not node:
        raise SystemExit("Node.js is needed (Debian package nodejs)")
    script = _BENCH % {
        "analysis": json.dumps((STATIC / "analysis.mjs").as_uri()),
        "live": json.dumps((STATIC / "live_set.mjs").as_uri()),
    }
    out = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, list[float]] = json.loads(out.stdout)
    return result


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument(
        "--exercise",
        default="side_lying_hip_abduction",
        help="the rule the check reads the clip with (the clip shows leg raises; "
        "single_leg_squat times the standing-leg search)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        job = _job(args.exercise, args.rounds, args.checks, Path(tmp))
    print(f"load average before: {_load()}")
    results = _run(job)
    print(f"load average after: {_load()}")
    short, long = SET_LENGTHS_S
    for name in ("whole", "window"):
        at = {length: results[f"{name} {length}"] for length in SET_LENGTHS_S}
        for length, ms in at.items():
            print(
                f"{name:6} set {length:5.0f} s: {min(ms):7.1f} / "
                f"{float(np.median(ms)):7.1f} ms CPU per check (min / median of {len(ms)})"
            )
        print(
            f"{name:6} {long:.0f} s / {short:.0f} s: "
            f"{min(at[long]) / min(at[short]):.2f} (min), "
            f"{float(np.median(at[long]) / np.median(at[short])):.2f} (median)"
        )
    whole, window = results[f"whole {long}"], results[f"window {long}"]
    print(
        f"window / whole at {long:.0f} s: {min(window) / min(whole):.3f} (min), "
        f"{float(np.median(window) / np.median(whole)):.3f} (median)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
