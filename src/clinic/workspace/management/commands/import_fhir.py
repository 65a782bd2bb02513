"""Read a runner's record (a FHIR R5 Bundle written by `export_fhir`) into this instance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.workspace.fhir_import import RecordImportError, import_record

MAX_BUNDLE_BYTES = 200 * 1024 * 1024
"""A year of daily runs with a few videos' key frames is a few MB; far more is not a
record this command should hold in memory at once."""


class Command(BaseCommand):
    help = (
        "Import a runner's record from a FHIR R5 collection Bundle: the account "
        "(with no usable password), the record and every part this instance keeps. "
        "All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the Bundle (JSON) to read")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        data = _read(path)
        try:
            result = import_record(data)
        except RecordImportError as error:
            raise CommandError(f"{path}: {error}; nothing was imported") from error
        saved = ", ".join(f"{n} {kind}" for kind, n in sorted(result.saved.items()))
        self.stdout.write(f"Imported {result.runner.user.email}: {saved or 'nothing'}.")
        derived = sum(result.derived.values())
        if derived:
            self.stdout.write(
                f"{derived} derived resources are computed again, not stored."
            )
        for slug in result.clinics_created:
            self.stdout.write(f"Clinic {slug!r} made (no staff: it sees nothing).")
        for email in result.staff_created:
            self.stdout.write(
                f"Account {email} made for a clinician named in a visit "
                "(no password, no clinic role)."
            )
        self.stdout.write("The runner sets a password through 'Forgotten password'.")


def _read(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise CommandError(
                f"{path}: {size} bytes is more than a record Bundle holds"
            )
        return json.loads(path.read_bytes())
    except OSError as error:
        raise CommandError(f"{path}: cannot read it ({error.strerror})") from error
    except ValueError as error:
        raise CommandError(f"{path}: not JSON ({error})") from error
