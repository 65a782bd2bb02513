"""Load the demo clinic (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from clinic.clinics.management.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo clinic, its staff and a demo runner with a completed check."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(now=timezone.now())
        self.stdout.write("Demo clinic ready.")
