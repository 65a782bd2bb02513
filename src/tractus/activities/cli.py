"""``tractus activities summarize``: one summary per activity found in the files.

With ``--json`` it prints a JSON array with one object per activity (and one
per unreadable file, carrying its ``error``); without, a table. A file with no
activity (a route) prints nothing and a note on standard error. Exit status:
0 when every file was read, 1 when some files had errors (the others are
still printed), 2 for bad usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tractus.activities.batch import FileResult, read_paths
from tractus.activities.schema import Activity

__all__ = ["activity_json", "add_parser", "parse_timezone"]

_EXIT_OK = 0
_EXIT_FILE_ERRORS = 1
_EXIT_USAGE = 2


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def activity_json(activity: Activity) -> dict[str, Any]:
    """The JSON object of one activity, with the keys the issue specifies."""
    return {
        "file": activity.file,
        "sport": str(activity.sport),
        "start_time": activity.start_time.isoformat().replace("+00:00", "Z"),
        "duration_s": _round(activity.duration_s),
        "moving_time_s": _round(activity.moving_time_s),
        "distance_m": _round(activity.distance_m),
        "elevation_gain_m": _round(activity.elevation_gain_m),
        "elevation_loss_m": _round(activity.elevation_loss_m),
        "avg_cadence_spm": _round(activity.avg_cadence_spm),
        "avg_hr_bpm": _round(activity.avg_hr_bpm),
        "error": None,
    }


def _error_json(result: FileResult) -> dict[str, Any]:
    keys = ("sport", "start_time", "duration_s", "moving_time_s", "distance_m")
    more = ("elevation_gain_m", "elevation_loss_m", "avg_cadence_spm", "avg_hr_bpm")
    return {"file": result.file, **dict.fromkeys(keys + more), "error": result.error}


def parse_timezone(name: str | None) -> ZoneInfo | None:
    """An IANA time zone from the command line, or None; argparse reports bad names."""
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"unknown time zone {name!r}") from None


def _fmt(value: float | None, scale: float = 1.0, digits: int = 1) -> str:
    return "-" if value is None else f"{value / scale:.{digits}f}"


def _table_line(a: Activity) -> str:
    distance = _fmt(a.distance_m, 1000, 2)
    descent = _fmt(a.elevation_loss_m, 1, 0)
    cadence = _fmt(a.avg_cadence_spm, 1, 0)
    hr = _fmt(a.avg_hr_bpm, 1, 0)
    return (
        f"{a.start_time:%Y-%m-%d %H:%M}  {a.sport!s:<10} {distance:>7} km "
        f"{_fmt(a.duration_s, 60):>7} min {descent:>5} m down "
        f"{cadence:>4} spm {hr:>4} bpm  {a.file}"
    )


def _summarize(args: argparse.Namespace) -> int:
    objects: list[dict[str, Any]] = []
    errors = 0
    for result in read_paths(args.files, timezone=args.timezone):
        if result.error is not None:
            errors += 1
            objects.append(_error_json(result))
            if not args.json:
                print(f"error: {result.error}", file=sys.stderr)
            continue
        if not result.activities:
            print(f"note: {result.file}: {result.note}", file=sys.stderr)
        for activity in result.activities:
            objects.append(activity_json(activity))
            if not args.json:
                print(_table_line(activity))
    if args.json:
        json.dump(objects, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return _EXIT_FILE_ERRORS if errors else _EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``tractus activities summarize``."""
    parser = subparsers.add_parser(
        "activities", help="read activity files (FIT, GPX, TCX, Strava export zips)"
    )
    commands = parser.add_subparsers(dest="activities_command", required=True)
    summarize = commands.add_parser(
        "summarize",
        help="one summary per activity",
        description=(
            "Print one summary per activity. Exit status: 0 all read, 1 some files "
            "had errors (the rest are still printed), 2 bad usage."
        ),
    )
    summarize.add_argument("files", nargs="+", help="files, folders or export zips")
    summarize.add_argument("--json", action="store_true", help="print a JSON array")
    summarize.add_argument(
        "--timezone",
        type=parse_timezone,
        default=None,
        help="runner's IANA time zone for local dates "
        "(default: the file's offset, else UTC)",
    )
    summarize.set_defaults(handler=_summarize)
