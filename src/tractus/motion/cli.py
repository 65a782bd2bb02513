"""The `tractus motion` sub-command: gait, exercise form and landmark export from a video.

`tractus motion gait VIDEO [--view side|rear] [--model lite|full|heavy] [--json]`,
`tractus motion exercise VIDEO --exercise NAME [--json]` and
`tractus motion landmarks VIDEO -o FILE.csv|FILE.parquet`. `--point X,Y --frame N`
chooses the subject when several people are in the picture; `--key-frames DIR` writes
JPEG pictures of the key frames. A video with no person, an unreadable file or an unknown
exercise exits with status 2 and one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tractus.errors import TractusError
from tractus.motion.bundles import PoseModel
from tractus.motion.camera import View
from tractus.motion.rules import Exercise, parse_exercise
from tractus.motion.schema import to_landmarks_file
from tractus.motion.tracking import SubjectHint

__all__ = ["add_parser", "handle"]

_BAD_INPUT = 2


def add_parser(subparsers: Any) -> None:
    """Register `motion` (with gait, exercise, landmarks) on the `tractus` command."""
    parser = subparsers.add_parser(
        "motion",
        help="gait and exercise form from a phone video (offline pose estimation)",
        description="Analyse running/walking gait or exercise form from a video",
    )
    actions = parser.add_subparsers(dest="motion_command", required=True)
    gait = actions.add_parser("gait", help="cadence, foot contacts, knee, pelvis")
    _common(gait)
    gait.add_argument("--view", choices=["side", "rear", "front"], default=None)
    exercise = actions.add_parser("exercise", help="reps, range, tempo, faults")
    _common(exercise)
    exercise.add_argument(
        "--exercise",
        required=True,
        help=f"one of: {', '.join(e.replace('_', '-') for e in Exercise)}",
    )
    landmarks = actions.add_parser("landmarks", help="export the subject's landmarks")
    _common(landmarks)
    landmarks.add_argument("-o", "--output", type=Path, required=True)
    parser.set_defaults(handler=handle)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("video", type=Path)
    parser.add_argument("--model", choices=[str(m) for m in PoseModel], default="full")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--point", help="X,Y pixel on the subject (with --frame)")
    parser.add_argument("--frame", type=int, default=0, help="frame of --point")
    parser.add_argument("--key-frames", type=Path, help="folder for key-frame JPEGs")


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence native libraries' logging (MediaPipe, FFmpeg) on file descriptor 2."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def _hint(args: argparse.Namespace) -> SubjectHint | None:
    if not args.point:
        return None
    try:
        x, y = (float(v) for v in args.point.split(","))
    except ValueError:
        raise TractusError(f"--point {args.point!r}: expected X,Y in pixels") from None
    return SubjectHint(frame=args.frame, point_px=(x, y))


def _run(args: argparse.Namespace) -> dict[str, object] | str:
    # The video adapter loads OpenCV and MediaPipe: only when a video is read.
    from tractus.motion.video import pipeline

    model, hint = PoseModel(args.model), _hint(args)
    if args.motion_command == "landmarks":
        subject = pipeline.extract_landmarks(args.video, model=model, hint=hint)
        to_landmarks_file(subject.series, args.output)
        lines = [f"{args.output}: {subject.series.n_frames} frames x 33 landmarks"]
        return "\n".join(lines + [f"warning: {w}" for w in subject.warnings])
    if args.motion_command == "gait":
        view = View(args.view) if args.view else None
        report: Any = pipeline.analyse_gait_video(
            args.video, view=view, model=model, hint=hint
        )
    else:
        report = pipeline.analyse_exercise_video(
            args.video, parse_exercise(args.exercise), model=model, hint=hint
        )
    if args.key_frames:
        _write_key_frames(args.video, report, args.key_frames)
    data: dict[str, object] = report.to_dict()
    return data


def _write_key_frames(video: Path, report: Any, folder: Path) -> None:
    from tractus.motion.video.render import render_key_frames

    folder.mkdir(parents=True, exist_ok=True)
    for key, picture in render_key_frames(video, report.series, report.key_frames):
        (folder / f"frame{key.frame:05d}.jpg").write_bytes(picture)


def _text(data: dict[str, object]) -> str:
    lines = []
    for key in ("cadence_spm", "knee_flexion_at_contact_deg", "rep_count"):
        if key in data:
            lines.append(f"{key}: {data[key]}")
    for rep in data.get("reps", []):  # type: ignore[attr-defined]
        faults = ", ".join(f["code"] for f in rep["faults"]) or "no faults"
        lines.append(
            f"rep frames {rep['start_frame']}-{rep['end_frame']}: "
            f"{rep['range_deg']} deg, {faults}"
        )
    lines += [f"warning: {w}" for w in data.get("warnings", [])]  # type: ignore[attr-defined]
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    """Run the chosen motion command; 2 with one stderr line on bad input."""
    if args.motion_command == "exercise":
        try:
            parse_exercise(args.exercise)
        except ValueError as exc:
            return _fail(f"--exercise: {exc}")
    try:
        with _quiet_native_stderr():
            result = _run(args)
    except TractusError as exc:
        return _fail(str(exc))
    if isinstance(result, str):
        sys.stdout.write(result + "\n")
    elif args.json:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_text(result) + "\n")
    return 0


def _fail(message: str) -> int:
    sys.stderr.write(message.replace("\n", " ") + "\n")
    return _BAD_INPUT
