"""Build the BlazePose `.task` bundles that `tractus.motion` loads, fully offline at run time.

MediaPipe's Tasks `PoseLandmarker` needs a `.task` file (a zip of a detector and a landmark
model, each with image-normalisation metadata); no registry ships one. The Apache-2.0 npm
package `@mediapipe/pose` ships the BlazePose detector (as an Emscripten data pack holding
exactly one file, `pose_detection.tflite`) and the lite/full/heavy landmark models. This
script fetches that package with `npm pack` (pinned version and integrity), adds the
metadata described in `pose.md` §1 (detector mean 127.5 / std 127.5 and 2 feature outputs;
landmarker mean 0 / std 255 and 5 feature outputs) and writes
`pose_landmarker_{lite,full,heavy}.task` into `src/tractus/motion/models/` (git-ignored).

It is idempotent: when every bundle exists and matches the recorded recipe it exits at once.
Usage: `python scripts/build_pose_models.py [--out DIR] [--force]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import types
from pathlib import Path

NPM_PACKAGE = "@mediapipe/pose"
NPM_VERSION = "0.5.1675469404"
# sha256 of the tarball `npm pack` returns for the pinned version (checked before use;
# npm itself also checks the registry's sha512 integrity).
NPM_TARBALL_SHA256 = "8bb349a7b3a3ba699df23be804ddd3b3eab810b50b15406894be257859388a84"
VARIANTS = ("lite", "full", "heavy")
_DETECTOR_MEMBER = "package/pose_solution_packed_assets.data"
_LOADER_MEMBER = "package/pose_solution_packed_assets_loader.js"
_DEFAULT_OUT = (
    Path(__file__).resolve().parents[1] / "src" / "tractus" / "motion" / "models"
)
_STAMP = "build-stamp.json"
_RECIPE = {
    "package": f"{NPM_PACKAGE}@{NPM_VERSION}",
    "detector_norm": [127.5, 127.5, 2],
    "landmarker_norm": [0.0, 255.0, 5],
    "min_parser_version": "1.0.0",
}


def _stub_metadata_version() -> None:
    """Provide the one native helper missing from the mediapipe 1.2.2 wheel (pose.md §1).

    `metadata.py` imports `_pywrap_metadata_version` only to stamp the minimum parser
    version; our metadata (image input, normalisation, feature outputs) needs 1.0.0.
    """
    name = "mediapipe.tasks.cc.metadata.python._pywrap_metadata_version"
    module = types.ModuleType(name)
    module.GetMinimumMetadataParserVersion = lambda *a, **k: "1.0.0"  # type: ignore[attr-defined]
    for parent in (
        "mediapipe.tasks.cc",
        "mediapipe.tasks.cc.metadata",
        "mediapipe.tasks.cc.metadata.python",
    ):
        sys.modules.setdefault(parent, types.ModuleType(parent))
    sys.modules[name] = module
    sys.modules["mediapipe.tasks.cc.metadata.python"]._pywrap_metadata_version = module


def _npm_pack(workdir: Path) -> Path:
    spec = f"{NPM_PACKAGE}@{NPM_VERSION}"
    result = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    digest = _sha256(tarball.read_bytes())
    if digest != NPM_TARBALL_SHA256:
        raise SystemExit(f"{tarball.name}: sha256 {digest} is not the pinned one")
    return tarball


def _extract(tarball: Path) -> dict[str, bytes]:
    wanted = {f"package/pose_landmark_{v}.tflite" for v in VARIANTS}
    wanted |= {_DETECTOR_MEMBER, _LOADER_MEMBER, "package/package.json"}
    files: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                files[member.name] = handle.read()
    missing = wanted - files.keys()
    if missing:
        raise SystemExit(f"{tarball.name}: missing {sorted(missing)}")
    return files


def _detector_bytes(files: dict[str, bytes]) -> bytes:
    """Return the detector model from the data pack, checked against its loader's index."""
    loader = files[_LOADER_MEMBER].decode()
    start = loader.rindex("loadPackage({") + len("loadPackage(")
    index, _end = json.JSONDecoder().raw_decode(loader[start:])
    (entry,) = index["files"]
    if not entry["filename"].endswith("pose_detection.tflite"):
        raise SystemExit(f"unexpected data pack content: {entry['filename']}")
    data = files[_DETECTOR_MEMBER][entry["start"] : entry["end"]]
    if data[4:8] != b"TFL3":
        raise SystemExit("pose_detection.tflite is not a TFLite flatbuffer")
    return data


def _with_metadata(
    model: bytes, name: str, mean: float, std: float, n_out: int
) -> bytes:
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    writer = metadata_writer.MetadataWriter.create(bytearray(model))
    writer.add_general_info(name, f"BlazePose {name} ({NPM_PACKAGE}@{NPM_VERSION})")
    writer.add_image_input(norm_mean=[mean], norm_std=[std])
    for _ in range(n_out):
        writer.add_feature_output()
    tflite, _json = writer.populate()
    return bytes(tflite)


def _is_current(out: Path) -> bool:
    stamp = out / _STAMP
    if not stamp.is_file():
        return False
    recorded = json.loads(stamp.read_text())
    if recorded.get("recipe") != _RECIPE:
        return False
    for variant in VARIANTS:
        path = out / f"pose_landmarker_{variant}.task"
        if not path.is_file() or _sha256(path.read_bytes()) != recorded["sha256"].get(
            variant
        ):
            return False
    return True


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(out: Path, *, force: bool = False) -> list[Path]:
    """Build the three bundles into `out`; return their paths."""
    paths = [out / f"pose_landmarker_{v}.task" for v in VARIANTS]
    if not force and _is_current(out):
        return paths
    _stub_metadata_version()
    from mediapipe.tasks.python.metadata.metadata_writers import (
        model_asset_bundle_utils,
    )

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        files = _extract(_npm_pack(Path(tmp)))
    detector = _with_metadata(_detector_bytes(files), "pose_detector", 127.5, 127.5, 2)
    hashes: dict[str, str] = {}
    for variant, path in zip(VARIANTS, paths, strict=True):
        landmarks = _with_metadata(
            files[f"package/pose_landmark_{variant}.tflite"],
            "pose_landmarks_detector",
            0.0,
            255.0,
            5,
        )
        partial = path.with_suffix(".task.partial")
        model_asset_bundle_utils.create_model_asset_bundle(
            {
                "pose_detector.tflite": detector,
                "pose_landmarks_detector.tflite": landmarks,
            },
            str(partial),
        )
        partial.replace(path)  # atomic: a reader never sees half a bundle
        hashes[variant] = _sha256(path.read_bytes())
    stamp = {"recipe": _RECIPE, "sha256": hashes}
    (out / _STAMP).write_text(json.dumps(stamp, indent=2) + "\n")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=_DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even if current")
    args = parser.parse_args(argv)
    for path in build(args.out, force=args.force):
        print(f"{path} ({path.stat().st_size:,} B)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
