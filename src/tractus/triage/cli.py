"""The `tractus triage` sub-command.

`tractus triage --questions` prints the questionnaire as JSON (`--fhir`: as a
FHIR Questionnaire). `tractus triage ANSWERS.json` (or `-` for standard input)
prints the result in words, `--json` as JSON, `--fhir` as a FHIR Bundle holding
the QuestionnaireResponse and the RiskAssessment. Bad input exits with status 2
and one line on standard error naming the file or question and the problem.
This is the edge of the core: it is the one place that reads files and the clock.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from tractus.errors import TractusError, TriageInputError
from tractus.triage.catalogue import QUESTIONNAIRE

__all__ = ["add_parser", "handle"]

_BAD_INPUT = 2


def add_parser(subparsers: Any) -> None:
    """Register `triage` on the `tractus` command's sub-parsers."""
    parser = subparsers.add_parser(
        "triage",
        help="IT band symptom check: questionnaire, result, red flags",
        description="Check symptom answers: IT band likelihood, red flags, causes",
    )
    parser.add_argument(
        "answers",
        nargs="?",
        help="answers as a JSON object file ('-' reads standard input)",
    )
    parser.add_argument(
        "--questions", action="store_true", help="print the questionnaire"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--fhir", action="store_true", help="print FHIR R5 JSON")
    parser.add_argument(
        "--subject",
        default="Patient/example",
        help="FHIR subject reference (with --fhir)",
    )
    parser.add_argument(
        "--authored",
        type=_parse_datetime,
        help="when the answers were given, ISO 8601 with a time zone (default: now)",
    )
    parser.set_defaults(handler=handle)


def _parse_datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date-time"
        ) from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no time zone")
    return value.astimezone(UTC)


def _fail(message: str) -> int:
    sys.stderr.write(message.replace("\n", " ") + "\n")
    return _BAD_INPUT


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _read_answers(path: str) -> object:
    """Parse the answers file; `TractusError` names the file and the problem."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except FileNotFoundError:
        raise TractusError(f"{name}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TractusError(
            f"{name}: cannot be read ({error.__class__.__name__})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TractusError(
            f"{name}: not valid JSON ({error.msg}, line {error.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise TractusError(f"{name}: expected a JSON object of question ids to answers")
    return data


def handle(args: argparse.Namespace) -> int:
    """Run `tractus triage`; returns the exit status (2 for bad input)."""
    if args.questions:
        if args.answers is not None:
            return _fail("triage: give either --questions or an answers file, not both")
        if args.fhir:
            from tractus import fhir  # FHIR output only: the plain path stays light

            _print_json(fhir.questionnaire_to_fhir(QUESTIONNAIRE))
        else:
            _print_json(QUESTIONNAIRE.to_dict())
        return 0
    if args.answers is None:
        return _fail(
            "triage: give an answers file (or '-' for standard input) or --questions"
        )
    return _assess(args)


def _assess(args: argparse.Namespace) -> int:
    # Imported here: the rules reach into the rehab library, which printing the
    # questionnaire does not need.
    from tractus import fhir
    from tractus.triage.answers import validate_answers
    from tractus.triage.engine import assess
    from tractus.triage.report import render_result

    try:
        answers = validate_answers(_read_answers(args.answers))  # type: ignore[arg-type]
    except TriageInputError as error:
        return _fail(f"{args.answers}: {error}")
    except TractusError as error:
        return _fail(str(error))
    result = assess(answers)
    if args.json:
        _print_json(result.to_dict())
    elif args.fhir:
        authored = args.authored or datetime.now(UTC)
        _print_json(
            fhir.triage_bundle(
                answers, result, subject_reference=args.subject, authored=authored
            )
        )
    else:
        sys.stdout.write(render_result(result))
    return 0
