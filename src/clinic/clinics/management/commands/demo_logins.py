"""Print the address and the demo log-ins, as `make run` starts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clinic.clinics.management.demo import demo_logins


class Command(BaseCommand):
    help = "Print where Tractus is served and the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--address", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tractus is starting at {address}"))
        self.stdout.write("Demo log-ins (role, e-mail, password):")
        for role, email, password in demo_logins():
            self.stdout.write(f"  {role:<13} {email:<30} {password}")
        self.stdout.write("Press Ctrl-C to stop the web app and the task worker.\n")
