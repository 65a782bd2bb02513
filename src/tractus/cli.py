"""The `tractus` command.

Each area of the core contributes its own sub-command through a module with
`add_parser(subparsers)`; the function it sets as `handler` returns the exit status.
Exit status 2 means bad input, with one line on standard error naming the problem.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Modules that contribute sub-commands, in the order `tractus --help` lists them.
_COMMAND_MODULES = (
    "tractus.triage.cli",
    "tractus.activities.cli",
    "tractus.load.cli",
    "tractus.motion.cli",
    "tractus.rehab.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tractus",
        description=(
            "IT band care for runners: triage, training load, motion analysis, rehab."
        ),
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in _COMMAND_MODULES:
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
