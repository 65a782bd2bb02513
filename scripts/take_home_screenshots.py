"""Take the visitor home page's pictures from the running demo, on a phone.

The home page shows what Tractus does with real screenshots of the app, not
drawings: this script builds a fresh demo (its own SQLite file in a temporary
folder, `load_demo`), serves it, logs in as the demo runner in Chromium at
390x844, analyses the walking clip of the test data in the motion lab (the
demo has no video), and saves one picture per part of the pathway as WebP
under src/clinic/static/home/. Run it again after a visible change to a page:

    .venv/bin/python scripts/take_home_screenshots.py

Each picture is a 4:3 clip of the page from the part that matters (the
`start` selector), taken at twice the pixel density and saved 640 px wide:
sharp on a phone, about 20-50 KB each.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src/clinic/static/home"
WALK = ROOT / "tests/data/video/sports2d_demo_walk_side.mp4"
PHONE = {"width": 390, "height": 844}
CLIP_RATIO = 3 / 4  # height / width of each picture
SAVED_WIDTH_PX = 640
WEBP_QUALITY = 72
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@dataclass(frozen=True)
class Shot:
    name: str
    path: str  # "" when the page is reached by clicking (see `_open`)
    start: str  # CSS selector of the part the picture starts at


SHOTS = (
    Shot("check", "", "main h1"),
    Shot("training", "/training/", "section[aria-labelledby=distance-title]"),
    Shot("motion", "", "section[aria-labelledby=frames-title]"),
    Shot("rehab", "/rehab/", "section[aria-labelledby=session-title]"),
    Shot("booking", "", "details.day"),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True
    )


@contextmanager
def _demo_server() -> Iterator[tuple[str, dict[str, str]]]:
    """A fresh demo served on a free port; everything is deleted afterwards."""
    data_dir = tempfile.mkdtemp(prefix="tractus-shots-")
    env = {**os.environ, "TRACTUS_DATA_DIR": data_dir, "DEBUG": "true"}
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo")
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", address],
        env=env,
    )
    try:
        base = f"http://{address}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.2)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


def _log_in(page: Page, base: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    from clinic.clinics.management.demo import DEMO_PASSWORD, DEMO_RUNNER

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(DEMO_RUNNER[0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def _open(page: Page, base: str, shot: Shot, env: dict[str, str]) -> None:
    if shot.path:
        page.goto(base + shot.path)
    elif shot.name == "check":
        page.goto(base + "/")
        page.get_by_role("link", name="See the result").click()
    elif shot.name == "booking":
        page.goto(base + "/book/")
        page.get_by_role("link", name="Total body diagnostic").first.click()
    elif shot.name == "motion":
        page.goto(base + "/motion/new/")
        page.set_input_files("input[type=file]", str(WALK))
        page.get_by_label("Where the camera was (running)").select_option("side")
        page.get_by_label("Analysis").select_option("lite")  # the quick model
        page.get_by_role("button", name="Analyse").click()
        page.wait_for_url("**/motion/*/")
        _manage(env, "worker", "--burst")
        page.reload()
        page.get_by_role("heading", name="Running gait (side view)").wait_for()
    page.wait_for_load_state("networkidle")


def _picture(page: Page, start: str) -> bytes:
    part = page.locator(start).first
    part.scroll_into_view_if_needed()  # lazy images (key frames) load when in view
    for image in page.locator("main img").all():  # (the page's CSP forbids eval)
        image.evaluate("i => i.decode()")
    top = part.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    clip = {
        "x": 0,
        "y": max(0.0, float(top) - 12),
        "width": PHONE["width"],
        "height": PHONE["width"] * CLIP_RATIO,
    }
    return page.screenshot(clip=clip, full_page=True)


def _save_webp(png: bytes, path: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    height = round(SAVED_WIDTH_PX * image.height / image.width)
    image = image.resize((SAVED_WIDTH_PX, height), Image.Resampling.LANCZOS)
    image.save(path, "WEBP", quality=WEBP_QUALITY, method=6)


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with _demo_server() as (base, env), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "chromium",
            args=CHROMIUM_FLAGS,
        )
        context = browser.new_context(viewport=PHONE, device_scale_factor=2)
        page = context.new_page()
        page.set_default_timeout(120_000)
        _log_in(page, base)
        for shot in SHOTS:
            _open(page, base, shot, env)
            path = OUTPUT / f"{shot.name}.webp"
            _save_webp(_picture(page, shot.start), path)
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.0f} KB")
        browser.close()


if __name__ == "__main__":
    main()
