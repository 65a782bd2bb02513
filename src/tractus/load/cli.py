"""``tractus load report``: weekly table, flags and ACWR of files, folders or zips.

Unknown-sport activities count as runs only when their speed says so (see
`tractus.activities.summary`); the same run in several files counts once.
``--today`` defaults to the day of the last run, so the output does not depend
on the clock. Exit status: 0 all files read, 1 some files had errors (the
report covers the rest), 2 bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterable
from datetime import date
from typing import Any, cast

import pandas as pd

from tractus.activities.batch import read_paths
from tractus.activities.cli import parse_timezone
from tractus.activities.dedupe import deduplicate
from tractus.activities.schema import Activity
from tractus.load.flags import LoadFlag
from tractus.load.nextrun import SpikeLimits
from tractus.load.report import LoadReport, load_report
from tractus.load.schema import runs_frame
from tractus.load.weekly_flags import EVIDENCE_ORDER, HAZARD_RATIO_NOTE, group_by_week

__all__ = ["add_parser", "report_json"]


def _weeks(report: LoadReport) -> Iterable[tuple[pd.Timestamp, pd.Series[float]]]:
    """The weekly table's rows with their Monday (`weekly_load` labels weeks so)."""
    return cast(
        "Iterable[tuple[pd.Timestamp, pd.Series[float]]]", report.weekly.iterrows()
    )


def _ratio_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def report_json(report: LoadReport) -> dict[str, Any]:
    """The report as JSON-ready data (weeks, flags, ACWR with caveat)."""
    weeks = [
        {
            "week_start": str(index.date()),
            "distance_m": round(float(row.distance_m), 1),
            "duration_s": round(float(row.duration_s), 1),
            "descent_m": round(float(row.descent_m), 1),
            "runs": int(row.runs),
            "longest_run_m": round(float(row.longest_run_m), 1),
        }
        for index, row in _weeks(report)
    ]
    flags = [
        {
            k: str(v) if isinstance(v, date) else v
            for k, v in dataclasses.asdict(f).items()
        }
        for f in report.flags
    ]
    return {
        "today": str(report.today),
        "weeks": weeks,
        "flags": flags,
        "acwr": _dates_as_text(dataclasses.asdict(report.acwr)),
        "next_run": _dates_as_text(dataclasses.asdict(report.next_run)),
    }


def _dates_as_text(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, date) else v for k, v in fields.items()}


def _print_next_run(limits: SpikeLimits) -> None:
    print(f"\nnext run ({limits.day}):")
    if limits.longest_m is None:
        print(
            f"  no run in the {limits.lookback_days} days before: the single-run"
            " spike rule has no reference"
        )
        return
    print(
        f"  longest run of the previous {limits.lookback_days} days:"
        f" {limits.longest_m / 1000:.1f} km on {limits.longest_day}"
        f" (the reference until {limits.reference_until})"
    )
    for band in limits.bands:
        ratio = (
            f" (injury hazard ratio {band.hazard_ratio})" if band.hazard_ratio else ""
        )
        print(f"  over {band.above_m / 1000:.1f} km: a >{band.pct:g}% spike{ratio}")
    print(f"      evidence: {limits.evidence}; source: {limits.source}")


def _flag_text(flag: LoadFlag) -> str:
    band = f" {flag.band}" if flag.band else ""
    return (
        f"{flag.kind}{band} on {flag.day:%a %Y-%m-%d}: {flag.basis} ({flag.evidence})"
    )


def _print_flags(flags: tuple[LoadFlag, ...]) -> None:
    """One line per week, its strongest evidence first, as on the web's load page.

    A spike, the week's progression it caused and a descent spike on the same run
    are one week of load, not three problems (`tractus.load.weekly_flags`).
    """
    weeks = group_by_week(flags)
    print(f"\nflagged weeks ({len(weeks)}, {len(flags)} flags):")
    for week in weeks:
        print(f"  week of {week.week_start}: {_flag_text(week.lead)}")
        for flag in week.also:
            print(f"      also that week: {_flag_text(flag)}")
    if not weeks:
        return
    ordered = sorted(
        flags, key=lambda f: EVIDENCE_ORDER.get(f.kind, len(EVIDENCE_ORDER))
    )
    print("  sources: " + "; ".join(dict.fromkeys(f.source for f in ordered)))
    print(f"  note: {HAZARD_RATIO_NOTE}")


def _print_table(report: LoadReport) -> None:
    print("week       distance_km  time_h  descent_m  runs  longest_km")
    for index, row in _weeks(report):
        km = row.distance_m / 1000
        hours = row.duration_s / 3600
        longest = row.longest_run_m / 1000
        print(
            f"{index.date()}  {km:11.1f}  {hours:6.1f}  {row.descent_m:9.0f}"
            f"  {int(row.runs):4d}  {longest:10.1f}"
        )
    _print_flags(report.flags)
    acwr = report.acwr
    print(
        f"\nACWR on {acwr.day}: uncoupled {_ratio_text(acwr.uncoupled)},"
        f" EWMA {_ratio_text(acwr.ewma)}"
    )
    print(f"  caveat: {acwr.caveat}")
    _print_next_run(report.next_run)


def _report(args: argparse.Namespace) -> int:
    activities: list[Activity] = []
    errors = 0
    for result in read_paths(args.paths, timezone=args.timezone):
        if result.error is not None:
            errors += 1
            print(f"error: {result.error}", file=sys.stderr)
        activities.extend(result.activities)
    kept, duplicates = deduplicate(activities)
    if duplicates:
        print(
            f"note: {len(duplicates)} duplicate recording(s) counted once",
            file=sys.stderr,
        )
    runs = runs_frame(kept)
    if runs.empty:
        print("note: no runs found", file=sys.stderr)
        return 1 if errors else 0
    today = args.today or runs["local_date"].max().date()
    report = load_report(runs, today=today)
    if args.json:
        json.dump(report_json(report), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(report)
    return 1 if errors else 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``tractus load report``."""
    parser = subparsers.add_parser("load", help="training load and overuse flags")
    commands = parser.add_subparsers(dest="load_command", required=True)
    report = commands.add_parser(
        "report",
        help="weekly load table and flags",
        description="Exit status: 0 all read, 1 some files had errors, 2 bad usage.",
    )
    report.add_argument(
        "paths", nargs="+", help="activity files, folders or export zips"
    )
    report.add_argument("--json", action="store_true", help="print JSON")
    report.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD"
    )
    report.add_argument(
        "--timezone", type=parse_timezone, default=None, help="IANA zone"
    )
    report.set_defaults(handler=_report)
