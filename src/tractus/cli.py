"""The `tractus` command.

Each area of the core contributes its own sub-command through a module with
`add_parser(subparsers)`; the function it sets as `handler` returns the exit status.
Exit status 2 means bad input, with one line on standard error naming the problem.

Only the module of the command being run is imported (`tractus triage` never loads
pandas, numpy or lxml, so it starts in a few times a bare interpreter's time); the
top-level help, or an unknown command, imports them all to list them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# The module contributing each sub-command, in the order `tractus --help` lists them.
COMMAND_MODULES = {
    "triage": "tractus.triage.cli",
    "activities": "tractus.activities.cli",
    "load": "tractus.load.cli",
    "motion": "tractus.motion.cli",
    "plan": "tractus.rehab.cli",
}


def _command(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`: the first argument that is not an option."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known `command`, only that sub-command's module is loaded."""
    parser = argparse.ArgumentParser(
        prog="tractus",
        description=(
            "IT band care for runners: triage, training load, motion analysis, rehab."
        ),
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    names = [command] if command in COMMAND_MODULES else list(COMMAND_MODULES)
    for name in names:
        importlib.import_module(COMMAND_MODULES[name]).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
