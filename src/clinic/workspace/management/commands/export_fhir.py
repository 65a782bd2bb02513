"""Write a runner's whole record as one FHIR R5 Bundle (JSON) to a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clinic.runners.models import Runner
from clinic.workspace.fhir_record import record_bundle_of


class Command(BaseCommand):
    help = "Export the runner with this e-mail as a FHIR R5 collection Bundle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the runner's account e-mail")
        parser.add_argument(
            "-o", "--output", required=True, type=Path, help="the JSON file to write"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email: str = options["email"]
        output: Path = options["output"]
        runner = Runner.objects.filter(user__email__iexact=email).first()
        if runner is None:
            raise CommandError(f"{email}: no runner has this e-mail")
        bundle = record_bundle_of(runner, now=timezone.now())
        try:
            output.write_text(json.dumps(bundle, indent=2), encoding="utf-8")
        except OSError as error:
            raise CommandError(
                f"{output}: cannot write the Bundle ({error})"
            ) from error
        self.stdout.write(f"{len(bundle['entry'])} resources written to {output}.")
