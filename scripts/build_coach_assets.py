"""Vendor the live coach's in-browser pose model into the app's static files, at build time.

The coach runs MediaPipe's `PoseLandmarker` in the browser from our own static files: no
CDN, no request leaves the site (browser-pose.md). This script fetches the Apache-2.0 npm
package `@mediapipe/tasks-vision` with `npm pack` (pinned version and tarball sha256),
copies its ES module and the SIMD and no-SIMD wasm pairs, and copies the BlazePose lite
and full `.task` bundles that `scripts/build_pose_models.py` built, into
`src/clinic/coach/static/coach/vendor/` (git-ignored).

Version 0.10.35 is pinned on purpose: 1.0.0 and later POST usage metrics to a Google
endpoint (browser-pose.md §6.1); 0.10.35 has the same API, speed and accuracy and no such
code. Idempotent: it exits at once when the files match the recorded recipe.
Usage: `python scripts/build_coach_assets.py [--force]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

NPM_PACKAGE = "@mediapipe/tasks-vision"
NPM_VERSION = "0.10.35"
NPM_TARBALL_SHA256 = "84597a25e13d123b5f4cbe768bb72e97a2c28c7a465f0ace287d8cbe5246bff0"
_ROOT = Path(__file__).resolve().parents[1]
_OUT = _ROOT / "src" / "clinic" / "coach" / "static" / "coach" / "vendor"
_MODELS = _ROOT / "src" / "tractus" / "motion" / "models"
_MEMBERS = (
    "vision_bundle.mjs",
    "wasm/vision_wasm_internal.js",
    "wasm/vision_wasm_internal.wasm",
    "wasm/vision_wasm_nosimd_internal.js",
    "wasm/vision_wasm_nosimd_internal.wasm",
)
_TASKS = ("pose_landmarker_lite.task", "pose_landmarker_full.task")
_STAMP = "build-stamp.json"
_RECIPE = {"package": f"{NPM_PACKAGE}@{NPM_VERSION}", "tasks": list(_TASKS)}
_NOTICE = (
    f"{NPM_PACKAGE} {NPM_VERSION} (Apache-2.0, Google LLC), copied unchanged by "
    "scripts/build_coach_assets.py.\nThe .task bundles are built from @mediapipe/pose "
    "(Apache-2.0) by scripts/build_pose_models.py.\n"
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _npm_pack(workdir: Path) -> Path:
    result = subprocess.run(
        ["npm", "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"]
        + ["--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    digest = _sha256(tarball.read_bytes())
    if digest != NPM_TARBALL_SHA256:
        raise SystemExit(f"{tarball.name}: sha256 {digest} is not the pinned one")
    return tarball


def _is_current(out: Path) -> bool:
    stamp = out / _STAMP
    if not stamp.is_file():
        return False
    recorded = json.loads(stamp.read_text())
    files = recorded.get("sha256", {})
    return recorded.get("recipe") == _RECIPE and all(
        (out / name).is_file() and _sha256((out / name).read_bytes()) == digest
        for name, digest in files.items()
    )


def build(out: Path, *, force: bool = False) -> list[Path]:
    """Copy the module, the wasm files and the model bundles into `out`."""
    if not force and _is_current(out):
        return sorted(p for p in out.rglob("*") if p.is_file())
    out.mkdir(parents=True, exist_ok=True)
    (out / "wasm").mkdir(exist_ok=True)
    hashes: dict[str, str] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        tarfile.open(_npm_pack(Path(tmp)), "r:gz") as tar,
    ):
        for name in _MEMBERS:
            handle = tar.extractfile(f"package/{name}")
            if handle is None:
                raise SystemExit(f"{NPM_PACKAGE}: {name} is missing")
            data = handle.read()
            (out / name).write_bytes(data)
            hashes[name] = _sha256(data)
    for task in _TASKS:
        source = _MODELS / task
        if not source.is_file():
            raise SystemExit(f"{source}: run scripts/build_pose_models.py first")
        shutil.copyfile(source, out / task)
        hashes[task] = _sha256((out / task).read_bytes())
    (out / "NOTICE").write_text(_NOTICE)
    stamp = {"recipe": _RECIPE, "sha256": hashes}
    (out / _STAMP).write_text(json.dumps(stamp, indent=2) + "\n")
    return sorted(p for p in out.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=_OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even if current")
    args = parser.parse_args(argv)
    for path in build(args.out, force=args.force):
        print(f"{path} ({path.stat().st_size:,} B)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
