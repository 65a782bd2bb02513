"""Benchmark: frames/s of the live coach in Chromium, pose model and form check running.

The coach's own script (`coach.mjs`, with `live_set.mjs` checking the last 40 s of the
set every half second; bench/coach_window.py times that check alone) runs in headless
Chromium against a fake 30 frames/s camera fed from the real test clip
(tests/e2e/fake_camera.py). The page's elements are served without the rest of
the site, from a local static server, so only the browser side is timed. Each round
waits for the set-up checks to pass and the set to start, then counts the frames the
pose model processed over `--seconds`.

Two numbers per round: frames/s (what the runner sees; it depends on how busy the machine
is) and Chromium's CPU time per processed frame (all its processes, from /proc: the cost
of one frame, much less sensitive to other work on the machine). 1000 / CPU ms per frame
is the frame rate the work would allow on one free core. Variants (`--variants`, e.g.
`lite/CPU full/CPU lite/GPU`) run in alternating rounds, so a change of load hits them
alike; each prints its min and median. The target is 25 frames/s (browser-pose.md: 27-28
frames/s for the model alone on this kind of machine, idle); the machine's load average
is printed before and after.

Usage: `.venv/bin/python bench/coach.py [--seconds 10] [--rounds 3] [--variants lite/CPU]`
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.fake_camera import exercise_clip  # noqa: E402

from tractus.motion.rules import rules_document  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src/clinic/coach/static/coach"
TARGET_FPS = 25.0
CAMERA_FPS = 30.0
_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/coach/coach.css"></head><body>
<section id="coach" data-exercise="side_lying_hip_abduction" data-rules="/rules.json"
 data-save="/save" data-vendor="/coach/vendor/" data-csrf="-" data-model="{model}"
 data-delegate="{delegate}">
<div class="stage"><video id="camera" playsinline muted></video><canvas id="overlay"></canvas></div>
<ul><li data-check="body"><span class="mark"></span></li><li data-check="view"><span class="mark"></span></li>
<li data-check="posture"><span class="mark"></span></li></ul>
<p id="cue"></p><span id="reps">0</span><span id="hold">0</span>
<button id="start">Start</button><button id="finish" disabled>Finish</button>
<ul id="summary" hidden></ul><form id="save-form" hidden></form><p id="saved" hidden></p>
<p id="fps"></p></section><section id="by-hand"><input></section>
<script type="module" src="/coach/coach.mjs"></script></body></html>"""
_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-unsafe-swiftshader", "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]  # fmt: skip
_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".mjs": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args: object) -> None:
        """Quiet: the benchmark prints its own lines."""


def _site(root: Path, variants: list[str]) -> Path:
    shutil.copytree(STATIC, root / "coach", symlinks=True)
    (root / "rules.json").write_text(json.dumps(rules_document()))
    for variant in variants:
        model, delegate = variant.split("/")
        page = _PAGE.format(model=model, delegate=delegate)
        (root / f"{variant.replace('/', '-')}.html").write_text(page)
    return root


def _serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _cpu_s_of_descendants() -> float:
    """User + system CPU seconds of this process's descendants (Chromium, the driver)."""
    tree, total = _children(), 0
    todo = list(tree.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS_PER_S


class _TooSlow(Exception):
    """The set never started: the variant cannot keep up at all."""


def _wait(page: Page, check: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(check):
        if time.monotonic() > deadline:
            stats = page.evaluate("window.coachStats")
            raise _TooSlow(
                f"the set never started in {timeout_s:.0f} s: {stats['fps']:.1f} "
                f"frames/s, pose model median {stats['medianMs']:.0f} ms per frame"
            )
        time.sleep(0.25)


@dataclass(frozen=True)
class Round:
    fps: float
    cpu_ms_per_frame: float
    detect_ms: float
    analyse_ms: float


def _round(browser: Browser, url: str, seconds: float) -> Round:
    page = browser.new_page()
    page.add_init_script("window.speechSynthesis.speak = () => {};")
    page.goto(url)
    page.click("#start")
    try:
        _wait(page, "window.coachStats.phase === 'set'", 120)
    finally:
        if page.evaluate("window.coachStats.phase") != "set":
            page.close()
    before = page.evaluate("window.coachStats.framesProcessed")
    cpu_before, start = _cpu_s_of_descendants(), time.monotonic()
    time.sleep(seconds)
    after: dict[str, float] = page.evaluate("window.coachStats")
    cpu_s, wall_s = _cpu_s_of_descendants() - cpu_before, time.monotonic() - start
    page.close()
    frames = max(1.0, after["framesProcessed"] - before)
    return Round(
        frames / wall_s, 1000 * cpu_s / frames, after["medianMs"], after["analyseMs"]
    )


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=["lite/CPU"])
    args = parser.parse_args(argv)
    results: dict[str, list[Round]] = {v: [] for v in args.variants}
    failed: dict[str, str] = {}
    print(f"load average before: {_load()} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        root = _site(Path(tmp), args.variants)
        clip = exercise_clip(root / "camera.y4m")
        server = _serve(root)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "chromium",
                args=_FLAGS + [f"--use-file-for-fake-video-capture={clip}"],
            )
            for _ in range(args.rounds):
                for variant in [v for v in args.variants if v not in failed]:
                    name = variant.replace("/", "-")
                    try:
                        results[variant].append(
                            _round(browser, f"{base}/{name}.html", args.seconds)
                        )
                    except _TooSlow as exc:
                        failed[variant] = str(exc)
            browser.close()
        server.shutdown()
    print(f"load average after: {_load()}")
    for variant, rounds in results.items():
        if rounds:
            _report(variant, rounds)
    for variant, why in failed.items():
        print(f"{variant}: {why}")
    return 0


def _report(variant: str, rounds: list[Round]) -> None:
    fps = [r.fps for r in rounds]
    cpu = [r.cpu_ms_per_frame for r in rounds]
    best = max(fps)
    verdict = "meets" if best >= TARGET_FPS else "BELOW"
    print(
        f"{variant}: {min(fps):.1f} / {statistics.median(fps):.1f} / {best:.1f} "
        f"frames/s (min / median / max of {len(rounds)}; "
        f"{statistics.median(fps) / CAMERA_FPS:.2f} of the camera's {CAMERA_FPS:.0f}); "
        f"Chromium CPU {statistics.median(cpu):.1f} ms per frame (min {min(cpu):.1f}: "
        f"{1000 / min(cpu):.0f} frames/s on one free core); pose model median "
        f"{statistics.median(r.detect_ms for r in rounds):.1f} ms; form check "
        f"{statistics.median(r.analyse_ms for r in rounds):.1f} ms per half second "
        "(median); "
        f"{verdict} the {TARGET_FPS:.0f} frames/s target"
    )


if __name__ == "__main__":
    sys.exit(main())
