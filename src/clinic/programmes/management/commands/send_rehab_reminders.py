"""Queue the rehab reminders due this hour in each runner's own time (run hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from clinic.programmes.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Run every hour on the hour: e-mail runners whose own clock reads 08:00 or "
        "18:00 and whose planned rehab session of the day is not logged yet."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_reminders(now=timezone.now())
        self.stdout.write(f"{count} reminder(s) queued.")
