"""Benchmark: frames/s of the live coach in Chromium, pose model and form check running.

The coach's own script (`coach.mjs`, with `analysis.mjs` re-analysing the set every half
second) runs in headless Chromium against a fake 30 frames/s camera fed from the real
test clip (tests/e2e/fake_camera.py). The page's elements are served without the rest of
the site, from a local static server, so only the browser side is timed. It waits for the
set-up checks to pass and the set to start, then counts the frames the pose model
processed over `--seconds`. The target is 25 frames/s (browser-pose.md: 27-28 frames/s
for the model alone on this kind of machine); the ratio to the camera's 30 is printed.

Usage: `.venv/bin/python bench/coach.py [--seconds 10] [--model lite]`
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.fake_camera import exercise_clip  # noqa: E402

from tractus.motion.rules import rules_document  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src/clinic/coach/static/coach"
TARGET_FPS = 25.0
CAMERA_FPS = 30.0
_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/coach/coach.css"></head><body>
<section id="coach" data-exercise="side_lying_hip_abduction" data-rules="/rules.json"
 data-save="/save" data-vendor="/coach/vendor/" data-csrf="-">
<div class="stage"><video id="camera" playsinline muted></video><canvas id="overlay"></canvas></div>
<ul><li data-check="body"><span class="mark"></span></li><li data-check="view"><span class="mark"></span></li>
<li data-check="posture"><span class="mark"></span></li></ul>
<p id="cue"></p><span id="reps">0</span><span id="hold">0</span>
<button id="start">Start</button><button id="finish" disabled>Finish</button>
<ul id="summary" hidden></ul><p id="saved" hidden></p><a id="log" href="/">log</a><p id="fps"></p>
</section><script type="module" src="/coach/coach.mjs"></script></body></html>"""
_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-unsafe-swiftshader", "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]  # fmt: skip


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".mjs": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args: object) -> None:
        """Quiet: the benchmark prints its own lines."""


def _site(root: Path) -> Path:
    shutil.copytree(STATIC, root / "coach", symlinks=True)
    (root / "rules.json").write_text(json.dumps(rules_document()))
    (root / "index.html").write_text(_PAGE)
    return root


def _serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _wait(page: Page, check: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(check):
        if time.monotonic() > deadline:
            raise SystemExit(
                f"timed out on {check}: {page.evaluate('window.coachStats')}"
            )
        time.sleep(0.25)


def _measure(page: Page, seconds: float) -> tuple[float, dict[str, float]]:
    before = page.evaluate("window.coachStats.framesProcessed")
    start = time.monotonic()
    time.sleep(seconds)
    after: dict[str, float] = page.evaluate("window.coachStats")
    return (after["framesProcessed"] - before) / (time.monotonic() - start), after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = _site(Path(tmp))
        clip = exercise_clip(root / "camera.y4m")
        server = _serve(root)
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "chromium",
                args=_FLAGS + [f"--use-file-for-fake-video-capture={clip}"],
            )
            page = browser.new_page()
            page.add_init_script("window.speechSynthesis.speak = () => {};")
            page.goto(url)
            page.click("#start")
            _wait(page, "window.coachStats.phase === 'set'", 120)
            fps, stats = _measure(page, args.seconds)
            browser.close()
        server.shutdown()
    verdict = "meets" if fps >= TARGET_FPS else "BELOW"
    print(
        f"live coach (lite model, form check running): {fps:.1f} frames/s, "
        f"pose model median {stats['medianMs']:.1f} ms per frame, form check "
        f"{stats['analyseMs']:.1f} ms per half second, {stats['reps']:.0f} reps; "
        f"{fps / CAMERA_FPS:.2f} of the camera's {CAMERA_FPS:.0f}; "
        f"{verdict} the {TARGET_FPS:.0f} frames/s target"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
