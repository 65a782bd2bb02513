from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BookingsConfig(AppConfig):
    name = "clinic.bookings"
    label = "bookings"
    verbose_name = "Bookings"

    def ready(self) -> None:
        from clinic.bookings.constraints import install_sqlite_overlap_guard

        # After every migrate (a SQLite table rebuild drops its triggers).
        post_migrate.connect(install_sqlite_overlap_guard, sender=self)
