"""The `tractus plan` sub-command.

`tractus plan --triage TRIAGE.json [--findings FINDINGS.json] [--json]` prints the rehab
programme for a symptom check's result (what `tractus triage ANSWERS --json` prints)
and, optionally, load, motion and assessment findings and preferences. A red-flag
result prints the referral and no exercises, with exit status 0. Bad input exits with
status 2 and one line naming the file and field.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tractus.errors import TractusError
from tractus.rehab.findings_json import findings_from_dict
from tractus.rehab.generator import generate_programme
from tractus.rehab.report import render_programme

__all__ = ["add_parser", "handle"]

_BAD_INPUT = 2


def add_parser(subparsers: Any) -> None:
    """Register `plan` on the `tractus` command's sub-parsers."""
    parser = subparsers.add_parser(
        "plan",
        help="rehab programme from a symptom check and findings",
        description="Phased rehab programme: exercises, running guidance, return to run",
    )
    parser.add_argument(
        "--triage", required=True, help="the JSON of `tractus triage ANSWERS --json`"
    )
    parser.add_argument(
        "--findings",
        help="JSON with load, motion, assessment and preferences (all optional)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def _read_json(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise TractusError("file not found") from None
    except json.JSONDecodeError as error:
        raise TractusError(
            f"not valid JSON ({error.msg}, line {error.lineno})"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TractusError(f"cannot be read ({error.__class__.__name__})") from None


def _load(args: argparse.Namespace) -> dict[str, object]:
    """The findings document: the findings file with the triage file as `triage`."""
    data: dict[str, object] = {}
    if args.findings:
        try:
            findings = _read_json(args.findings)
        except TractusError as error:
            raise TractusError(f"{args.findings}: {error}") from None
        if not isinstance(findings, dict):
            raise TractusError(f"{args.findings}: expected a JSON object")
        if "triage" in findings:
            raise TractusError(f"{args.findings}: triage: give it with --triage")
        data.update(findings)
    try:
        data["triage"] = _read_json(args.triage)
    except TractusError as error:
        raise TractusError(f"{args.triage}: {error}") from None
    return data


def handle(args: argparse.Namespace) -> int:
    """Run `tractus plan`; returns the exit status (2 for bad input)."""
    try:
        data = _load(args)
    except TractusError as error:
        sys.stderr.write(f"{error}\n")
        return _BAD_INPUT
    try:
        findings = findings_from_dict(data)
    except TractusError as error:
        where = args.triage if str(error).startswith("triage") else args.findings
        sys.stderr.write(f"{where}: {error}\n".replace("\n", " ").rstrip() + "\n")
        return _BAD_INPUT
    programme = generate_programme(findings)
    if args.json:
        text = json.dumps(programme.to_dict(), indent=2, ensure_ascii=False)
        sys.stdout.write(text + "\n")
    else:
        sys.stdout.write(render_programme(programme))
    return 0
