"""Recover jobs whose worker died or whose turn was lost; delete orphaned uploads.

See clinic.jobs.sweep.

Every worker already sweeps on start and every JOB_SWEEP_EVERY_S; this runs one
sweep by hand (or from cron where no worker runs for a while).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from clinic.jobs.sweep import sweep_jobs


class Command(BaseCommand):
    help = (
        "Queue again or fail the jobs whose worker died, queue lost turns again; "
        "delete orphaned uploads."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = sweep_jobs(now=timezone.now())
        self.stdout.write(f"Swept: {report}")
        for public_id in report.requeued:
            self.stdout.write(f"  queued again: {public_id}")
        for public_id in report.failed:
            self.stdout.write(f"  failed: {public_id}")
        for path in report.deleted:
            self.stdout.write(f"  deleted: {path}")
