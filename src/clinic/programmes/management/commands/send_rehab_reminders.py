"""Queue today's rehab reminders (run twice a day: the reminder, then one repeat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from clinic.programmes.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail runners whose planned rehab session of today is not logged yet."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_reminders(now=timezone.now())
        self.stdout.write(f"{count} reminder(s) queued.")
